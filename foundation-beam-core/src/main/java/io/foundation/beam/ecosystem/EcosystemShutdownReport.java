package io.foundation.beam.ecosystem;

import java.time.Duration;

/**
 * What {@code shutdownEcosystem} did.
 *
 * @param stopped members (and supervisor) that stopped within their shutdown timeout
 * @param killed members that had to be killed
 * @param orphaned killed members whose threads ignored the interrupt and still run
 * @param abandonedWork submitted work that had not completed; each submitter's future failed with
 *     {@link EcosystemStoppedException}
 * @param took how long it took
 */
public record EcosystemShutdownReport(int stopped, int killed, int orphaned, int abandonedWork, Duration took) {
}
