package io.foundation.beam.supervision;

/** A supervised child's state, as {@link Supervisor#children()} reports it. */
public enum ChildStatus {
    /** Alive. */
    RUNNING,
    /** Waiting for a delayed (backoff) restart. */
    RESTARTING,
    /** Not running and not going to be restarted unless asked ({@link Supervisor#restartChild}). */
    TERMINATED
}
