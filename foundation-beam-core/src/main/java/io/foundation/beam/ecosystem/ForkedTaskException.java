package io.foundation.beam.ecosystem;

import java.util.Objects;

/**
 * An exception a task threw in its child JVM, as the parent sees it: the original's class name, message and stack
 * trace (its {@link #getStackTrace()} is the child's), and its cause likewise. The original class need not exist in
 * the parent, and nothing of the exception's own fields crosses.
 */
public final class ForkedTaskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String exceptionClassName;
    private final String originalMessage;

    /**
     * @param exceptionClassName the original exception's class name
     * @param originalMessage its message, or null
     * @param stackTrace its stack trace in the child
     * @param cause its cause, likewise carried, or null
     */
    public ForkedTaskException(String exceptionClassName, String originalMessage, StackTraceElement[] stackTrace,
            ForkedTaskException cause) {
        super(originalMessage == null ? exceptionClassName : exceptionClassName + ": " + originalMessage, cause);
        this.exceptionClassName = Objects.requireNonNull(exceptionClassName, "exceptionClassName");
        this.originalMessage = originalMessage;
        setStackTrace(stackTrace);
    }

    /** @return the original exception's class name, e.g. {@code java.lang.IllegalStateException} */
    public String exceptionClassName() {
        return exceptionClassName;
    }

    /** @return the original exception's message, or null */
    public String originalMessage() {
        return originalMessage;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
