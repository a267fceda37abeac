package io.foundation.beam.internal.fork;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.IsolatedDataRefusedException;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolatedWorkException;
import io.foundation.beam.ecosystem.IsolatedWorkHandle;
import io.foundation.beam.ecosystem.IsolationOptions;
import io.foundation.beam.internal.process.Durations;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.Telemetry;
import io.foundation.beam.telemetry.BeamEvent;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Isolated work in a child JVM: checks the task class, serializes the input in the caller (so an input that cannot
 * cross fails at once, in the caller), queues the task on the pool of its shape and arms its timeout, which runs from
 * the call (waiting for a free child included).
 */
public final class ForkedWork {

    private static final AtomicLong REFS = new AtomicLong();

    private ForkedWork() {
    }

    /** @return a fresh reference for a piece of isolated work, unique in this JVM */
    public static long nextRef() {
        return REFS.incrementAndGet();
    }

    /**
     * @param runtime the runtime whose pool runs it
     * @param taskClass the task
     * @param input its input
     * @param options forked options
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     * @throws IllegalArgumentException if the task class cannot be created in a child JVM
     * @throws IsolatedDataRefusedException if the input cannot be serialized
     */
    @SuppressWarnings("unchecked")
    public static <I, O> IsolatedWorkHandle<O> start(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        checkTaskClass(taskClass);
        String name = taskClass.getName();
        byte[] encoded;
        try {
            encoded = Wire.encode(input);
        } catch (RefusedClassException e) {
            throw new IsolatedDataRefusedException("the input of isolated task " + name + " holds class "
                    + e.className() + ", which is not serializable: make it Serializable, or pass the data as a file "
                    + "(a java.nio.file.Path crosses as its name)", e.className());
        } catch (IOException e) {
            throw new IsolatedDataRefusedException("the input of isolated task " + name + " could not be serialized: "
                    + e, input.getClass().getName());
        }
        long ref = nextRef();
        Job job = new Job(ref, name, AllowList.patternsFor(name, options.allowedClasses()), encoded,
                taskClass.getClassLoader(), options.timeout());
        ForkPool pool = ForkPools.poolFor(runtime, ForkShape.of(options));
        armTimeout(job, options.timeout());
        report(runtime, job, pool);
        pool.submit(job);
        CompletableFuture<O> result = (CompletableFuture<O>) (CompletableFuture<?>) job.result.copy();
        return new IsolatedWorkHandle<>(ref, job.process, result, () -> job.kill(IsolatedWorkException.Outcome.KILLED));
    }

    /**
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options forked options
     * @param <I> the input type
     * @param <O> the result type
     * @return the task's result
     */
    public static <I, O> O run(BeamRuntime runtime, Class<? extends IsolatedTask<I, O>> taskClass, I input,
            IsolationOptions options) {
        return await(start(runtime, taskClass, input, options), taskClass.getName());
    }

    /**
     * Waits for isolated work's result, killing it if the caller is interrupted.
     *
     * @param handle the work
     * @param what what it runs, for messages
     * @param <O> the result type
     * @return its result
     */
    public static <O> O await(IsolatedWorkHandle<O> handle, String what) {
        try {
            return handle.result().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IsolatedWorkException w) {
                throw w;
            }
            throw new IsolatedWorkException(IsolatedWorkException.Outcome.FAILED, "isolated work " + what
                    + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            handle.kill();
            Thread.currentThread().interrupt();
            throw new io.foundation.beam.ecosystem.IsolatedWorkKilledException(
                    IsolatedWorkException.Outcome.CANCELLED, "the caller was interrupted while waiting for isolated "
                    + "work " + what + ": it was killed");
        }
    }

    /**
     * @param error how a future failed
     * @return the isolated work exception inside, or one wrapping it
     */
    public static IsolatedWorkException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof IsolatedWorkException w ? w
                : new IsolatedWorkException(IsolatedWorkException.Outcome.FAILED, "isolated work failed: " + cause,
                        cause);
    }

    static void checkTaskClass(Class<?> taskClass) {
        String name = taskClass.getName();
        if (!IsolatedTask.class.isAssignableFrom(taskClass)) {
            throw new IllegalArgumentException(name + " does not implement IsolatedTask");
        }
        if (taskClass.isAnonymousClass() || taskClass.isLocalClass() || taskClass.isHidden()
                || taskClass.isSynthetic()) {
            throw new IllegalArgumentException("isolated task " + name + " is an anonymous or local class or a "
                    + "lambda, which a child JVM cannot create: make it a public top-level or static nested class");
        }
        if (!Modifier.isPublic(taskClass.getModifiers()) || Modifier.isAbstract(taskClass.getModifiers())
                || (taskClass.isMemberClass() && !Modifier.isStatic(taskClass.getModifiers()))) {
            throw new IllegalArgumentException("isolated task " + name + " must be a public, concrete, top-level or "
                    + "static nested class, for a child JVM to create it");
        }
        try {
            taskClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("isolated task " + name + " has no public no-argument constructor: "
                    + "add one (a child JVM creates the task with it)", e);
        }
    }

    private static void armTimeout(Job job, Duration timeout) {
        CompletableFuture<Void> timer = new CompletableFuture<Void>()
                .orTimeout(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        job.result.whenComplete((r, e) -> timer.complete(null));
        timer.whenComplete((v, e) -> {
            if (e instanceof TimeoutException) {
                job.kill(IsolatedWorkException.Outcome.TIMED_OUT);
            }
        });
    }

    private static void report(BeamRuntime runtime, Job job, ForkPool pool) {
        Telemetry telemetry = runtime instanceof Kernel.HasKernel k ? k.kernel().telemetry() : null;
        if (telemetry == null) {
            return;
        }
        long start = System.nanoTime();
        job.result.whenComplete((r, e) -> {
            if (telemetry.enabled()) {
                String outcome = e == null ? "succeeded" : unwrap(e).outcome().name().toLowerCase(Locale.ROOT);
                telemetry.emit(new BeamEvent.IsolatedWorkFinished(job.process.getNow(pool.process()), outcome,
                        Duration.ofNanos(System.nanoTime() - start)));
            }
        });
    }
}
