package io.foundation.beam.ecosystem;

/**
 * The task threw. In a child JVM, the cause is a {@link ForkedTaskException} carrying the exception's class name,
 * message and stack trace (and its causes likewise), since the exception itself is not sent back; in process, the
 * cause is the exception itself. Outcome {@link Outcome#FAILED}.
 */
public final class IsolatedTaskFailedException extends IsolatedWorkException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the task's exception
     */
    public IsolatedTaskFailedException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
