package io.foundation.beam.ecosystem;

/**
 * The work was killed: it ran past its timeout ({@link Outcome#TIMED_OUT}), its caller was interrupted
 * ({@link Outcome#CANCELLED}) or it was killed on request ({@link Outcome#KILLED}). A forked task's child JVM is
 * destroyed and the pool starts a fresh one.
 */
public final class IsolatedWorkKilledException extends IsolatedWorkException {

    private static final long serialVersionUID = 1L;

    /**
     * @param outcome {@link Outcome#TIMED_OUT}, {@link Outcome#CANCELLED} or {@link Outcome#KILLED}
     * @param message what happened
     */
    public IsolatedWorkKilledException(Outcome outcome, String message) {
        super(outcome, message, null);
    }
}
