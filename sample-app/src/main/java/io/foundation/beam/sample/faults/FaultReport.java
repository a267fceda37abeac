package io.foundation.beam.sample.faults;

/**
 * What the fault API did.
 *
 * @param ecosystem the ecosystem
 * @param target {@code coordinator} or {@code worker 2}
 * @param crashedProcess the process that was sent the crash
 */
public record FaultReport(String ecosystem, String target, String crashedProcess) {
}
