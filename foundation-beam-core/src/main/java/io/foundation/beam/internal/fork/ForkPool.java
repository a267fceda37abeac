package io.foundation.beam.internal.fork;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.IsolatedDataRefusedException;
import io.foundation.beam.ecosystem.IsolatedTaskFailedException;
import io.foundation.beam.ecosystem.IsolatedWorkCrashedException;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.Telemetry;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import io.foundation.beam.telemetry.BeamEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool of warm child JVMs of one {@link ForkShape} in one runtime: a supervisor (one-for-one, at most
 * {@value #MAX_RESTARTS} restarts in {@value #RESTART_PERIOD_SECONDS} s) with one port-like process per child.
 *
 * <h2>Design</h2>
 * Model: each pool process owns one child JVM at a time, as an Erlang port owns its external program. It starts the
 * child in its body (a failure to start is a crash, so the supervisor retries), then pulls tasks from the pool's queue
 * one at a time (work pulling: a free process takes the next task, so no task waits behind a busy or dead child) and
 * runs each on its child. After {@code tasksPerChild} tasks, or a task that left more heap used than the threshold,
 * it closes the child and starts a fresh one: by default after every task, so a task's heap is freed at once, as a
 * BEAM process's heap is when it dies.
 *
 * <p>The child's death is an exit signal: when a child dies by itself (killed, out of heap, crashed) the process
 * first fails the task it was running with the classified outcome ({@link Job#childDied}), then ends, with reason
 * {@code custom(ChildJvmExited)} or crashed; the supervisor starts a new process and so a new child. The other way
 * round, when the process ends (killed, runtime closed, supervisor stopped) its exit hook closes its child (end of
 * stream, then {@code SIGKILL} after a grace period). A task is failed exactly once: {@link Job}'s future decides.
 *
 * <p>Invariants: at most one child per pool process; a child runs at most one task at a time; when the supervisor
 * ends (it gave up, or the runtime closed) the queue is drained and every queued task fails, and the registry
 * ({@link ForkPools}) forgets the pool, so the next call starts a new one.
 */
final class ForkPool {

    static final int MAX_RESTARTS = 10;
    static final int RESTART_PERIOD_SECONDS = 10;

    private final ForkShape shape;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean aotTraining = new AtomicBoolean();
    private volatile boolean aotReady;
    private volatile boolean aotFailed;
    private volatile boolean alive = true;
    private volatile String lastStartFailure = "none";
    private volatile Supervisor supervisor;

    private ForkPool(ForkShape shape) {
        this.shape = shape;
    }

    /**
     * @param runtime the runtime
     * @param shape the children's shape
     * @param onStop run once the pool's supervisor has ended
     * @return a started pool (its children start in the background)
     */
    static ForkPool start(BeamRuntime runtime, ForkShape shape, Runnable onStop) {
        ForkPool pool = new ForkPool(shape);
        List<ChildSpec> children = new ArrayList<>(shape.poolSize());
        for (int i = 0; i < shape.poolSize(); i++) {
            children.add(ChildSpec.bodyWorker("child-jvm-" + i, () -> pool.new Port()));
        }
        pool.supervisor = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(MAX_RESTARTS, Duration.ofSeconds(RESTART_PERIOD_SECONDS))
                .withChildren(children));
        runtime.exitFuture(pool.supervisor.process()).whenComplete((reason, error) -> {
            pool.alive = false;
            pool.failQueued();
            onStop.run();
        });
        return pool;
    }

    boolean isAlive() {
        return alive;
    }

    /** @return the pool's supervisor process */
    ProcessRef process() {
        return supervisor.process();
    }

    void submit(Job job) {
        queue.add(job);
        if (!alive) {
            failQueued();
        }
    }

    private void failQueued() {
        Job job;
        while ((job = queue.poll()) != null) {
            job.result.completeExceptionally(new IsolatedWorkCrashedException("the pool of child JVMs for isolated "
                    + "work stopped before task " + job.taskClass + " ran (its supervisor gave up after more than "
                    + MAX_RESTARTS + " restarts in " + RESTART_PERIOD_SECONDS + " s, or the runtime closed); the last "
                    + "failure to start a child: " + lastStartFailure, -1, lastStartFailure));
        }
    }

    /**
     * The AOT cache flag of the next child: use the cache once it is complete (it existed before the pool, or this
     * pool's training child has exited, which is when the JVM has written it); while one child trains, the others
     * start without it; with no cache and no training child, the next child trains; after a training that left no
     * cache (its child's standard error says why), none trains again.
     */
    private String aotFlag() {
        if (shape.aotCache() == null) {
            return null;
        }
        if (aotReady || (!aotTraining.get() && isComplete(shape))) {
            return "-XX:AOTCache=" + shape.aotCache();
        }
        if (aotFailed) {
            return null;
        }
        return aotTraining.compareAndSet(false, true) ? "-XX:AOTCacheOutput=" + shape.aotCache() : null;
    }

    /** A training child ended: with a complete cache the next children use it; without, none trains again. */
    private void trainingEnded() {
        aotReady = isComplete(shape);
        aotFailed = !aotReady;
    }

    private static boolean isComplete(ForkShape shape) {
        try {
            return Files.size(shape.aotCache()) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a pool process ended when its child died by itself (an exit reason's term: an immutable record). */
    record ChildJvmExited(long pid, int exitStatus) {
    }

    /** One pool process: owns one child JVM at a time (see the class comment). */
    private final class Port implements ProcessBody {
        private volatile ChildJvm child;
        private volatile Job inFlight;

        @Override
        public void run(ProcessContext ctx) throws Exception {
            ProcessRef self = ctx.self();
            BeamRuntime runtime = ctx.runtime();
            runtime.exitFuture(self).whenComplete((reason, error) -> {
                ChildJvm last = child;
                if (last != null) {
                    last.closeAsync();
                }
            });
            ChildJvm jvm = launch(runtime, self);
            int tasks = 0;
            while (true) {
                Job job = queue.take();
                if (!job.claim(jvm, self)) {
                    continue;
                }
                inFlight = job;
                ChildJvm.Reply reply;
                try {
                    reply = jvm.run(job.taskClass, job.patterns, job.encodedInput);
                } catch (IOException e) {
                    jvm.destroy();
                    ChildJvm.Death death = jvm.death().join();
                    job.childDied(death, jvm.pid(), shape.maxHeapBytes());
                    throw new IllegalStateException("child JVM " + jvm.pid() + " died with exit status "
                            + death.exitStatus() + " while running " + job.taskClass, e);
                }
                inFlight = null;
                complete(job, reply, jvm.pid());
                tasks++;
                boolean heapFull = shape.recycleAboveHeapBytes() > 0 && reply instanceof ChildJvm.Ok ok
                        && ok.usedHeapBytes() > shape.recycleAboveHeapBytes();
                if (tasks >= shape.tasksPerChild() || heapFull) {
                    child = null;
                    jvm.closeAsync(); // it exits on its own while the next one starts
                    jvm = launch(runtime, self);
                    tasks = 0;
                }
            }
        }

        private ChildJvm launch(BeamRuntime runtime, ProcessRef self) throws IOException {
            String aot = aotFlag();
            ChildJvm jvm;
            long startNanos = System.nanoTime();
            try {
                jvm = ChildJvm.start(shape, aot);
            } catch (IOException e) {
                lastStartFailure = e.getMessage();
                if (aot != null && aot.startsWith("-XX:AOTCacheOutput")) {
                    aotTraining.set(false);
                }
                throw e;
            }
            child = jvm;
            Telemetry telemetry = runtime instanceof Kernel.HasKernel k ? k.kernel().telemetry() : null;
            if (telemetry != null && telemetry.enabled()) {
                telemetry.emit(new BeamEvent.ChildJvmStarted(self, jvm.pid(),
                        Duration.ofNanos(System.nanoTime() - startNanos)));
            }
            if (telemetry != null) {
                jvm.death().thenAccept(death -> {
                    if (telemetry.enabled()) {
                        telemetry.emit(new BeamEvent.ChildJvmEnded(self, jvm.pid(), death.exitStatus(),
                                death.closedByUs()));
                    }
                });
            }
            if (aot != null && aot.startsWith("-XX:AOTCacheOutput")) {
                jvm.death().thenRun(ForkPool.this::trainingEnded);
            }
            if (runtime.exitFuture(self).isDone()) {
                jvm.closeAsync();
            }
            jvm.death().thenAccept(death -> {
                if (death.closedByUs()) {
                    return;
                }
                Job job = inFlight;
                if (job != null) {
                    job.childDied(death, jvm.pid(), shape.maxHeapBytes());
                }
                runtime.exit(self, ExitReason.custom(new ChildJvmExited(jvm.pid(), death.exitStatus())));
            });
            return jvm;
        }

        private void complete(Job job, ChildJvm.Reply reply, long pid) {
            switch (reply) {
                case ChildJvm.Ok ok -> {
                    try {
                        job.result.complete(Wire.decode(ok.encoded(), new AllowList(job.patterns), job.loader));
                    } catch (RefusedClassException e) {
                        job.result.completeExceptionally(refused(job, e.className(),
                                e.getMessage() + " in the parent (the result)"));
                    } catch (IOException e) {
                        job.result.completeExceptionally(new IsolatedTaskFailedException("the result of isolated "
                                + "task " + job.taskClass + " from child JVM " + pid + " could not be read: " + e, e));
                    }
                }
                case ChildJvm.Failed failed -> job.result.completeExceptionally(new IsolatedTaskFailedException(
                        "isolated task " + job.taskClass + " failed in child JVM " + pid + ": "
                                + failed.error().getMessage(), failed.error()));
                case ChildJvm.Refused refused -> job.result.completeExceptionally(
                        refused(job, refused.className(), refused.detail()));
                case ChildJvm.BadTask bad -> job.result.completeExceptionally(
                        new IsolatedTaskFailedException(bad.detail(), null));
            }
        }
    }

    static IsolatedDataRefusedException refused(Job job, String className, String detail) {
        String fix = detail.contains("not serializable")
                ? "make it Serializable, or pass the data as a file (a java.nio.file.Path crosses as its name)"
                : detail.contains("not on the class path")
                ? "put it on the class path of both JVMs"
                : "allow it with IsolationOptions.forked().withAllowedClasses(\"" + className + "\") (or a pattern "
                        + "such as \"" + packagePattern(className) + "\")";
        return new IsolatedDataRefusedException("isolated task " + job.taskClass + ": " + detail + ": " + fix,
                className);
    }

    private static String packagePattern(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot) + ".*";
    }
}
