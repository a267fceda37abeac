package io.foundation.beam.benchmarks.latency;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The maximum rate of one system and workload: a closed loop that keeps a fixed number of requests outstanding
 * (a new one is sent as soon as a reply frees a slot) for a warm-up, then counts the replies of a measured interval.
 * Replies per second of that interval are the system's maximum for the open-loop runs to take 50 % and 90 % of.
 *
 * <p><b>Concurrency.</b> One producer thread (the caller of {@link #run}) takes a permit of a semaphore of
 * {@code outstanding} permits before each send; the reply's thread (a recording process or actor, or a future's
 * completion) gives it back and counts the reply in an atomic counter. At the end the producer stops sending and
 * waits until every permit is back, so no reply is still in flight when the next phase starts.
 */
final class ClosedLoop implements ReplySink {

    /** Longest wait for one free slot, or for the last replies; far above any expected figure. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final LatencyTarget target;
    private final int outstanding;
    private final Semaphore slots;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param target the system and workload
     * @param outstanding requests kept in flight
     */
    ClosedLoop(LatencyTarget target, int outstanding) {
        this.target = target;
        this.outstanding = outstanding;
        this.slots = new Semaphore(outstanding);
    }

    @Override
    public void replied(long intendedNanos) {
        replies.incrementAndGet();
        slots.release();
    }

    @Override
    public void failed(long intendedNanos, Throwable cause) {
        failure.compareAndSet(null, cause);
        slots.release();
    }

    /**
     * Runs the loop.
     *
     * @param warmUp time before the measured interval
     * @param measured the measured interval
     * @return replies per second in the measured interval
     * @throws IllegalStateException if a request failed or a reply did not come within {@link #REPLY_TIMEOUT}
     */
    double run(Duration warmUp, Duration measured) {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        long repliesAtFrom = -1;
        long fromNanos = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                if (repliesAtFrom < 0 && now >= measureFrom) {
                    repliesAtFrom = replies.get();
                    fromNanos = now;
                }
                if (now >= measureTo) {
                    break;
                }
                if (!slots.tryAcquire(REPLY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("closed loop: no reply for " + REPLY_TIMEOUT + " with "
                            + outstanding + " requests outstanding (a lost message?)");
                }
                checkFailure();
                target.send(System.nanoTime(), this);
            }
            long repliesAtTo = replies.get();
            long toNanos = System.nanoTime();
            if (!slots.tryAcquire(outstanding, REPLY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("closed loop: " + (outstanding - slots.availablePermits())
                        + " replies missing " + REPLY_TIMEOUT + " after the last request");
            }
            checkFailure();
            return (repliesAtTo - repliesAtFrom) * 1e9 / (toNanos - fromNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the closed loop", e);
        }
    }

    private void checkFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("closed loop: a request failed", t);
        }
    }
}
