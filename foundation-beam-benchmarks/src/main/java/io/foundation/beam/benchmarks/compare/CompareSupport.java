package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Helpers shared by both sides of the comparison: the two system names, runtime creation and bounded waits (a lost
 * message fails the benchmark after {@link #ROUND_TIMEOUT}, it never hangs it).
 */
final class CompareSupport {

    /** The value of the {@code system} parameter that selects Foundation BEAM. */
    static final String BEAM = "beam";
    /** The value of the {@code system} parameter that selects Apache Pekko typed. */
    static final String PEKKO = "pekko";

    /** Longest wait for one benchmark invocation; far above any expected figure. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);

    private CompareSupport() {
    }

    /**
     * @param name the runtime name
     * @return a Foundation BEAM runtime with the library defaults (unbounded mailboxes, 256 messages per activation)
     */
    static BeamRuntime newRuntime(String name) {
        return BeamRuntime.builder().name(name).build();
    }

    /**
     * Waits for a benchmark round to finish.
     *
     * @param future completed by a process or actor when the round is done
     * @param <T> the result type
     * @return the future's value
     * @throws IllegalStateException if the round does not finish within {@link #ROUND_TIMEOUT} or failed
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(ROUND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark round did not finish within " + ROUND_TIMEOUT
                    + " (a lost message?)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark round failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a benchmark round", e);
        }
    }

    /**
     * @param system the {@code system} parameter
     * @return whether it selects Foundation BEAM
     * @throws IllegalArgumentException if it names neither system
     */
    static boolean isBeam(String system) {
        return switch (system) {
            case BEAM -> true;
            case PEKKO -> false;
            default -> throw new IllegalArgumentException("system must be '" + BEAM + "' or '" + PEKKO + "', got '"
                    + system + "'");
        };
    }
}
