package io.foundation.beam;

import java.time.Duration;

/**
 * What a shutdown did: OTP's ordered stop (ask, wait, kill), reported.
 *
 * @param stopped processes that ended within the grace period after the shutdown signal
 * @param killed processes that had to be killed after the grace period
 * @param orphaned killed processes whose threads ignored the interrupt and still ran at the end
 * @param took how long the shutdown took
 */
public record ShutdownReport(int stopped, int killed, int orphaned, Duration took) {
}
