package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/**
 * Isolated work did not produce a result; {@link #outcome()} and the message say why, the cause carries the error.
 * Work in a child JVM fails with one of the subclasses: {@link IsolatedHeapLimitException},
 * {@link IsolatedWorkKilledException}, {@link IsolatedWorkCrashedException}, {@link IsolatedTaskFailedException},
 * {@link IsolatedDataRefusedException}.
 */
public class IsolatedWorkException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** How the work ended. */
    public enum Outcome {
        /** The work threw. */
        FAILED,
        /** It did not finish in time and was killed. */
        TIMED_OUT,
        /** The caller was interrupted, and the work was killed. */
        CANCELLED,
        /** It was killed on request ({@link IsolatedWorkHandle#kill()}), or its child JVM was killed by a signal. */
        KILLED,
        /** Its child JVM ran out of its capped heap and exited ({@code -XX:+ExitOnOutOfMemoryError}). */
        HEAP_LIMIT,
        /** Its child JVM died for another reason (exit status and the tail of its standard error say which). */
        CRASHED,
        /** The input or the result holds a class the allow-list refuses. */
        REFUSED
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
