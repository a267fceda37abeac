package io.foundation.beam.benchmarks.baseline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Baseline processes (a virtual thread plus a {@link Mailbox}) and the benchmarks' bounded waits: a lost message or a
 * process that does not stop fails after {@link #TIMEOUT}, never hangs.
 */
final class BaselineSupport {

    /** Longest wait for one benchmark round, or for a set of threads to stop; far above any expected figure. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BaselineSupport() {
    }

    /** What a baseline process runs on its virtual thread. */
    @FunctionalInterface
    interface Body {
        /**
         * @param self the process's own mailbox
         * @throws InterruptedException when the process is stopped (interrupted while receiving)
         */
        void run(Mailbox self) throws InterruptedException;
    }

    /**
     * Starts a baseline process: an unnamed virtual thread ({@link Thread#startVirtualThread}, default scheduler)
     * running {@code body} on {@code self}. An interrupt ends it
     * normally; any other exception goes to the thread's uncaught-exception handler (printed), and the round waiting
     * for the process then fails at its timeout.
     *
     * @param self the process's mailbox
     * @param body what the process runs
     * @return the started thread
     */
    static Thread start(Mailbox self, Body body) {
        return Thread.startVirtualThread(() -> {
            try {
                body.run(self);
            } catch (InterruptedException e) {
                // stopped
            }
        });
    }

    /**
     * Waits for a benchmark round to finish.
     *
     * @param future completed by a process when the round is done
     * @param <T> the result type
     * @return the future's value
     * @throws IllegalStateException if the round does not finish within {@link #TIMEOUT} or failed
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark round did not finish within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark round failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a benchmark round", e);
        }
    }

    /**
     * Stops processes: interrupts every thread, then waits for all of them to end, {@link #TIMEOUT} in all.
     *
     * @param threads the processes' threads (null entries are skipped)
     * @throws IllegalStateException if a thread is still alive at the deadline
     */
    static void stop(Thread... threads) {
        for (Thread thread : threads) {
            if (thread != null) {
                thread.interrupt();
            }
        }
        join(threads);
    }

    /**
     * Waits for threads that have been told to stop to end, {@link #TIMEOUT} in all.
     *
     * @param threads the threads (null entries are skipped)
     * @throws IllegalStateException if a thread is still alive at the deadline
     */
    static void join(Thread... threads) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (Thread thread : threads) {
                if (thread == null) {
                    continue;
                }
                // join(Duration) does not wait for a duration <= 0, and returns whether the thread has ended.
                if (!thread.join(Duration.ofNanos(deadline - System.nanoTime()))) {
                    throw new IllegalStateException("a baseline process did not stop within " + TIMEOUT + ": "
                            + thread + " " + thread.getState());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping baseline processes", e);
        }
    }
}
