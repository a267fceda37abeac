package io.foundation.beam.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * OTP's restart intensity: if more than {@code maxRestarts} restarts happen within {@code period}, the supervisor
 * terminates all its children and then itself, with reason {@code shutdown}, and its own supervisor decides what
 * next (escalation). With the default of 1 restart in 5 seconds, the <em>second</em> restart within 5 seconds ends
 * the supervisor; {@code maxRestarts = 0} means any restart does. Restarts are counted on the runtime's monotonic
 * {@code Ticker}.
 *
 * @param maxRestarts restarts tolerated within the period, not negative
 * @param period the sliding window, positive
 */
public record RestartIntensity(int maxRestarts, Duration period) {

    /** OTP's default: 1 restart in 5 seconds. */
    public static final RestartIntensity DEFAULT = new RestartIntensity(1, Duration.ofSeconds(5));

    /**
     * @throws IllegalArgumentException if {@code maxRestarts} is negative or {@code period} not positive
     */
    public RestartIntensity {
        Objects.requireNonNull(period, "period");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative, got " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("restart period must be positive, got " + period);
        }
    }
}
