package io.foundation.beam.supervision;

/**
 * Whether a supervisor shuts itself down when its significant children end (OTP 24's {@code auto_shutdown} flag).
 * A child is significant if its spec says so ({@link ChildSpec#withSignificant}); only {@code TRANSIENT} and
 * {@code TEMPORARY} children may be. What counts is a significant child ending by itself without being restarted: a
 * {@code TEMPORARY} one for any reason, a {@code TRANSIENT} one with a normal reason ({@code normal},
 * {@code shutdown}). A child stopped with {@link Supervisor#terminateChild}, or by a sibling's restart, does not count
 * (OTP: "auto-shutdown is not triggered by termination via terminate_child"). The supervisor then stops its other
 * children in reverse start order and exits with reason {@code shutdown}.
 */
public enum AutoShutdown {
    /** Never (OTP's {@code never}, the default); significant children are then refused. */
    NEVER,
    /** When any significant child has ended by itself (OTP's {@code any_significant}). */
    ANY_SIGNIFICANT,
    /**
     * When a significant child has ended by itself and no other significant child is running or waiting for a
     * restart (OTP's {@code all_significant}).
     */
    ALL_SIGNIFICANT
}
