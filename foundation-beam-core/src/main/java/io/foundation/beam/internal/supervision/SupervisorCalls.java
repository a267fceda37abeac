package io.foundation.beam.internal.supervision;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.process.Durations;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the handles of both supervisor kinds share: calls without a time limit, and a stop that kills at its end. */
final class SupervisorCalls {

    /** OTP's {@code infinity} for supervisor calls: 365 days, as a call takes a finite timeout. */
    static final Duration NO_LIMIT = Duration.ofDays(365);

    private SupervisorCalls() {
    }

    /**
     * Waits for a supervisor asked to stop (its stop request or exit signal already sent) and kills it if it is still
     * alive after {@code timeout}.
     *
     * @param runtime the supervisor's runtime
     * @param process the supervisor
     * @param stopped its exit future, taken before it was asked to stop
     * @param timeout the longest wait for the whole tree
     * @return its exit reason, or {@code killed}
     */
    static ExitReason awaitStop(BeamRuntime runtime, ProcessRef process, CompletableFuture<ExitReason> stopped,
            Duration timeout) {
        try {
            return stopped.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            runtime.kill(process);
            return ExitReason.KILLED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while stopping " + process);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
