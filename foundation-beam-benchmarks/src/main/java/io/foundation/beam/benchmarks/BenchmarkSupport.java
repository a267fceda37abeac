package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers shared by the benchmarks: runtime creation and bounded waits (a lost message fails, never hangs). */
final class BenchmarkSupport {

    /** Longest wait for one benchmark invocation; far above any expected figure. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

    private BenchmarkSupport() {
    }

    /**
     * @param name the runtime name (shows in process ids)
     * @return a runtime with the library defaults (unbounded mailboxes, 256 messages per activation)
     */
    static BeamRuntime newRuntime(String name) {
        return BeamRuntime.builder().name(name).build();
    }

    /**
     * Waits for a benchmark round to finish.
     *
     * @param future completed by a process when the round is done
     * @param <T> the result type
     * @return the future's value
     * @throws IllegalStateException if the round does not finish within {@link #ROUND_TIMEOUT} or failed
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ROUND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark round did not finish within " + ROUND_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark round failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a benchmark round", e);
        }
    }
}
