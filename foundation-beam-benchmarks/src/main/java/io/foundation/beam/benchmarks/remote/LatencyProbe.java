package io.foundation.beam.benchmarks.remote;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the driver's main thread sees of a running ping-pong: every round trip's time, in a histogram of 1 µs
 * buckets up to {@value #MAX_MICROS} µs (longer ones fall in the last bucket), with their count and sum; whether the
 * game has started; a failure if there was one; and how the driver tells the pinger to stop.
 *
 * <p>The pinger is the only writer; the driver takes a {@link Snapshot} at the start and end of each iteration, and
 * the iteration's figures come from their difference ({@link Snapshot#since}). Cheap enough: one uncontended atomic
 * increment per round trip of tens of microseconds.
 */
final class LatencyProbe extends WorkloadProbe {

    /** The histogram's range: round trips longer than this count as this long. */
    static final int MAX_MICROS = 100_000;

    private final AtomicLongArray buckets = new AtomicLongArray(MAX_MICROS + 1);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong sumNanos = new AtomicLong();

    /** @param nanos one round trip's time */
    void record(long nanos) {
        int micros = (int) Math.min(MAX_MICROS, Math.max(0, nanos / 1000));
        buckets.incrementAndGet(micros);
        sumNanos.addAndGet(nanos);
        count.incrementAndGet();
    }

    /** @return the figures so far (the count last, so that it never exceeds what the buckets hold) */
    Snapshot snapshot() {
        long n = count.get();
        long sum = sumNanos.get();
        long[] copy = new long[buckets.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = buckets.get(i);
        }
        return new Snapshot(n, sum, copy);
    }

    /**
     * The probe's figures at one moment.
     *
     * @param count round trips so far
     * @param sumNanos their total time
     * @param buckets round trips per microsecond of duration
     */
    record Snapshot(long count, long sumNanos, long[] buckets) {

        /**
         * @param earlier a snapshot taken before this one
         * @return the round trips between the two: count, mean, median and 99th percentile
         */
        Window since(Snapshot earlier) {
            long n = count - earlier.count;
            if (n <= 0) {
                return new Window(0, 0, 0, 0);
            }
            long[] diff = new long[buckets.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = buckets[i] - earlier.buckets[i];
            }
            double meanMicros = (sumNanos - earlier.sumNanos) / 1000.0 / n;
            return new Window(n, meanMicros, percentile(diff, 0.50), percentile(diff, 0.99));
        }

        /** The lower edge of the bucket that holds the given fraction of round trips, in microseconds. */
        private static int percentile(long[] diff, double fraction) {
            long total = 0;
            for (long d : diff) {
                total += d;
            }
            long rank = (long) Math.ceil(fraction * total);
            long seen = 0;
            for (int i = 0; i < diff.length; i++) {
                seen += diff[i];
                if (seen >= rank && seen > 0) {
                    return i;
                }
            }
            return diff.length - 1;
        }
    }

    /**
     * The round trips of one iteration.
     *
     * @param count how many
     * @param meanMicros their mean time, µs
     * @param p50Micros their median, µs (1 µs buckets, lower edge)
     * @param p99Micros their 99th percentile, µs
     */
    record Window(long count, double meanMicros, int p50Micros, int p99Micros) {
    }
}
