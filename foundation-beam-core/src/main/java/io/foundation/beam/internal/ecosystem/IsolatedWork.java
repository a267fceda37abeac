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

/**
 * {@code isolateMemoryIntensiveWork}: the work runs in a receive-less body process that hands its result over a
 * future and ends. A dead process drops its body (and so the work and everything it captured), so the runtime keeps
 * no reference to the result.
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
}
