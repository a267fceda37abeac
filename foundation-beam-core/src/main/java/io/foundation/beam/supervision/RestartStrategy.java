package io.foundation.beam.supervision;

/**
 * What a supervisor restarts when a child must be restarted (OTP's strategies).
 */
public enum RestartStrategy {
    /** Restart only the child that ended. */
    ONE_FOR_ONE,
    /**
     * Terminate every other child (in reverse start order), then restart all of them in start order. Temporary
     * children that were terminated this way are not restarted; their specs are deleted.
     */
    ONE_FOR_ALL,
    /**
     * Terminate the children started after the one that ended (in reverse start order), then restart the ended child
     * and those, in start order (temporary ones excepted).
     */
    REST_FOR_ONE
}
