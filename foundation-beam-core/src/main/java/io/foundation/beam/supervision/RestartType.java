package io.foundation.beam.supervision;

/** When a child is restarted (OTP's restart types). */
public enum RestartType {
    /** Always restarted, whatever its exit reason. */
    PERMANENT,
    /**
     * Restarted only after an abnormal exit: not after {@code normal} or {@code shutdown}. (So a transient child
     * supervisor that gave up, which exits with {@code shutdown}, is not restarted: escalation needs PERMANENT.)
     */
    TRANSIENT,
    /**
     * Never restarted, not even when a sibling's ONE_FOR_ALL or REST_FOR_ONE restart terminated it; its spec is
     * deleted when it ends.
     */
    TEMPORARY
}
