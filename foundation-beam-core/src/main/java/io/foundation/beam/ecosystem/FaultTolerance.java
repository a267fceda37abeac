package io.foundation.beam.ecosystem;

/** What an ecosystem does when one of its processes crashes. */
public enum FaultTolerance {
    /**
     * Failures are reported (telemetry, {@code ecosystemHealth}) and monitored, nothing is restarted. Work in flight
     * on a crashed worker goes to another live worker while one is left; with none left, it fails with the cause.
     */
    STANDARD,
    /**
     * Crashed coordinators and workers are restarted under the restart intensity; a new coordinator gets the state
     * its predecessor last checkpointed, and work in flight on a crashed worker is redistributed (at least once, up
     * to {@code maxAttempts}, then the submitter's future fails with the cause).
     */
    SELF_HEALING
}
