package io.foundation.beam.benchmarks.latency;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deliberate, one-off pause of the server, for checking that the harness sees a stall as latency (the
 * {@code --stall-ms} option of {@link LatencyRun}; never used by {@code latency-compare.sh}). The first request whose
 * intended time is at or after {@link #arm} 's instant makes its server sleep once; every request scheduled during
 * the sleep must then show up with up to that much latency.
 */
final class Stall {

    private final long pauseMillis;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile long atNanos = Long.MAX_VALUE;

    /** @param pauseMillis how long the server sleeps, once; 0 disables the stall */
    Stall(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    /** @param nanos the intended time from which the next request stalls its server ({@link System#nanoTime()}) */
    void arm(long nanos) {
        if (pauseMillis > 0) {
            atNanos = nanos;
        }
    }

    /**
     * Called by the server (process, actor or worker) for every request before its work.
     *
     * @param intendedNanos the request's intended time
     */
    void check(long intendedNanos) {
        if (intendedNanos >= atNanos && fired.compareAndSet(false, true)) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return whether the stall has happened */
    boolean fired() {
        return fired.get();
    }
}
