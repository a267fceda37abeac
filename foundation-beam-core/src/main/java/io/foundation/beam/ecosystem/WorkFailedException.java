package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/** Submitted work failed: its worker crashed on every attempt, or it timed out; the cause says why. */
public final class WorkFailedException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param message names the ecosystem and the work
     * @param attempts attempts made
     * @param cause the last failure
     */
    public WorkFailedException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** @return attempts made */
    public int attempts() {
        return attempts;
    }
}
