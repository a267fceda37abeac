package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.Telemetry;
import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.IsolatedWorkException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolatedTaskFailedException;
import io.foundation.beam.ecosystem.IsolatedWorkCompleted;
import io.foundation.beam.ecosystem.IsolatedWorkFailed;
import io.foundation.beam.ecosystem.IsolatedWorkHandle;
import io.foundation.beam.ecosystem.IsolatedWorkKilledException;
import io.foundation.beam.ecosystem.IsolationOptions;
import io.foundation.beam.internal.fork.ForkedWork;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code isolateMemoryIntensiveWork}: the work runs in a receive-less body process that hands its result over a
 * future and ends. A dead process drops its body (and so the work and everything it captured), so the runtime keeps
 * no reference to the result.
 *
 * <p>The task-class forms dispatch on {@link IsolationOptions}: forked work goes to {@code internal.fork}'s pool of
 * child JVMs; in-process work runs as above, the task created with its no-argument constructor, and its input and
 * result passed by reference.
 */
public final class IsolatedWork {

    private IsolatedWork() {
    }

    /**
     * @param runtime the runtime
     * @param work the work
     * @param timeout the longest wait
     * @param <T> the result type
     * @return the result
     */
    @SuppressWarnings("unchecked")
    public static <T> T run(BeamRuntime runtime, Callable<T> work, Duration timeout) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        Telemetry telemetry = runtime instanceof Kernel.HasKernel k ? k.kernel().telemetry() : null;
        CompletableFuture<Object> result = new CompletableFuture<>();
        long start = System.nanoTime();
        ProcessRef pid = runtime.spawn(ctx -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        String outcome = "succeeded";
        try {
            return (T) result.get(io.foundation.beam.internal.process.Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            outcome = "failed";
            throw new IsolatedWorkException(IsolatedWorkException.Outcome.FAILED,
                    "isolated work in " + pid + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            outcome = "timed_out";
            runtime.kill(pid);
            throw new IsolatedWorkException(IsolatedWorkException.Outcome.TIMED_OUT,
                    "isolated work in " + pid + " did not finish within " + timeout + ": killed", null);
        } catch (InterruptedException e) {
            outcome = "cancelled";
            runtime.kill(pid);
            Thread.currentThread().interrupt();
            throw new IsolatedWorkException(IsolatedWorkException.Outcome.CANCELLED,
                    "caller interrupted while waiting for isolated work in " + pid + ": killed", e);
        } finally {
            if (telemetry != null && telemetry.enabled()) {
                telemetry.emit(new BeamEvent.IsolatedWorkFinished(pid, outcome,
                        Duration.ofNanos(System.nanoTime() - start)));
            }
        }
    }

    /**
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options in process or forked
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     */
    public static <I, O> IsolatedWorkHandle<O> start(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(taskClass, "taskClass");
        Objects.requireNonNull(options, "options");
        if (options.isForked()) {
            return ForkedWork.start(runtime, taskClass, input, options);
        }
        IsolatedTask<I, O> task;
        try {
            task = taskClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create isolated task " + taskClass.getName()
                    + " with a public no-argument constructor: " + e, e);
        }
        return startInProcess(runtime, taskClass.getName(), task, input, options.timeout());
    }

    /**
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options in process or forked
     * @param <I> the input type
     * @param <O> the result type
     * @return the result
     */
    public static <I, O> O run(BeamRuntime runtime, Class<? extends IsolatedTask<I, O>> taskClass, I input,
            IsolationOptions options) {
        return ForkedWork.await(start(runtime, taskClass, input, options), taskClass.getName());
    }

    /**
     * @param runtime the runtime
     * @param taskClass the task
     * @param input its input
     * @param options in process or forked
     * @param replyTo gets {@link IsolatedWorkCompleted} or {@link IsolatedWorkFailed}
     * @param <I> the input type
     * @param <O> the result type
     * @return the work under way
     */
    public static <I, O> IsolatedWorkHandle<O> startAndReply(BeamRuntime runtime,
            Class<? extends IsolatedTask<I, O>> taskClass, I input, IsolationOptions options, ProcessRef replyTo) {
        Objects.requireNonNull(replyTo, "replyTo");
        IsolatedWorkHandle<O> handle = start(runtime, taskClass, input, options);
        handle.result().whenComplete((result, error) -> replyTo.send(error == null
                ? new IsolatedWorkCompleted(handle.ref(), result)
                : new IsolatedWorkFailed(handle.ref(), ForkedWork.unwrap(error))));
        return handle;
    }

    private static <I, O> IsolatedWorkHandle<O> startInProcess(BeamRuntime runtime, String name,
            IsolatedTask<I, O> task, I input, Duration timeout) {
        Telemetry telemetry = runtime instanceof Kernel.HasKernel k ? k.kernel().telemetry() : null;
        CompletableFuture<O> result = new CompletableFuture<>();
        AtomicReference<IsolatedWorkException.Outcome> killed = new AtomicReference<>();
        long start = System.nanoTime();
        ProcessRef pid = runtime.spawn(ctx -> {
            try {
                result.complete(task.run(input));
            } catch (Throwable t) {
                result.completeExceptionally(new IsolatedTaskFailedException("isolated task " + name + " failed in "
                        + ctx.self() + ": " + t, t));
            }
        });
        // A kill completes the result first, then kills: the interrupted task's own exception must not win.
        Runnable kill = () -> {
            if (!result.isDone() && killed.compareAndSet(null, IsolatedWorkException.Outcome.KILLED)) {
                result.completeExceptionally(new IsolatedWorkKilledException(IsolatedWorkException.Outcome.KILLED,
                        "isolated task " + name + " in " + pid + " was killed on request"));
                runtime.kill(pid);
            }
        };
        CompletableFuture<Void> timer = new CompletableFuture<Void>()
                .orTimeout(io.foundation.beam.internal.process.Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.complete(null));
        timer.whenComplete((v, e) -> {
            if (e instanceof TimeoutException && killed.compareAndSet(null, IsolatedWorkException.Outcome.TIMED_OUT)) {
                result.completeExceptionally(new IsolatedWorkKilledException(IsolatedWorkException.Outcome.TIMED_OUT,
                        "isolated task " + name + " in " + pid + " did not finish within " + timeout + ": killed"));
                runtime.kill(pid);
            }
        });
        if (telemetry != null) {
            result.whenComplete((r, e) -> {
                if (telemetry.enabled()) {
                    String outcome = e == null ? "succeeded"
                            : ForkedWork.unwrap(e).outcome().name().toLowerCase(java.util.Locale.ROOT);
                    telemetry.emit(new BeamEvent.IsolatedWorkFinished(pid, outcome,
                            Duration.ofNanos(System.nanoTime() - start)));
                }
            });
        }
        return new IsolatedWorkHandle<>(ForkedWork.nextRef(), CompletableFuture.completedFuture(pid), result, kill);
    }
}
