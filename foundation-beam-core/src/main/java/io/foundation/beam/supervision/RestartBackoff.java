package io.foundation.beam.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * Opt-in delay before restarting a child, which OTP lacks (Pekko's {@code restartWithBackoff}): the n-th consecutive
 * restart of a child waits {@code min * 2^(n-1)}, capped at {@code max}, plus up to {@code jitter} of that at random.
 * The count resets when the child has run for longer than {@code max} without ending. Delayed restarts still count
 * toward the restart intensity when they happen.
 *
 * @param min the first delay, positive
 * @param max the largest delay, at least {@code min}
 * @param jitter random extra, as a fraction of the delay, in [0, 1]
 */
public record RestartBackoff(Duration min, Duration max, double jitter) {

    /**
     * @throws IllegalArgumentException if the values are out of range
     */
    public RestartBackoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("backoff min must be positive, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must be at least min (" + min + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1], got " + jitter);
        }
    }

    /**
     * @param restartNumber 1 for the first consecutive restart
     * @param random a number in [0, 1)
     * @return the delay before that restart
     */
    public Duration delay(int restartNumber, double random) {
        long base = min.toNanos();
        long cap = max.toNanos();
        long d = base;
        for (int i = 1; i < restartNumber && d < cap; i++) {
            d = d > cap / 2 ? cap : d * 2;
        }
        d = Math.min(d, cap);
        return Duration.ofNanos(d + (long) (d * jitter * random));
    }
}
