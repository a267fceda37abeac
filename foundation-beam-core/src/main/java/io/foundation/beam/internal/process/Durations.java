package io.foundation.beam.internal.process;

import java.time.Duration;

/** Durations as the runtime's timers take them. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param d a duration
     * @return its nanoseconds, or {@link Long#MAX_VALUE} for a duration too long to count in nanoseconds (a wait
     *     "forever" given as a huge duration)
     */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
