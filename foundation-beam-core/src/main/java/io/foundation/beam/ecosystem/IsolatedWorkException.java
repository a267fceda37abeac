package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/** Isolated work failed, timed out or was cancelled; the message says which and the cause carries the error. */
public final class IsolatedWorkException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** How the work ended. */
    public enum Outcome {
        /** The work threw. */
        FAILED,
        /** It did not finish in time and was killed. */
        TIMED_OUT,
        /** The caller was interrupted, and the work was killed. */
        CANCELLED
    }

    private final Outcome outcome;

    /**
     * @param outcome how it ended
     * @param message what happened
     * @param cause the work's error, or null
     */
    public IsolatedWorkException(Outcome outcome, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    /** @return how the work ended */
    public Outcome outcome() {
        return outcome;
    }
}
