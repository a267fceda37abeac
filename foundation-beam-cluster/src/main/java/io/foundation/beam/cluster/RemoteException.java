package io.foundation.beam.cluster;

import io.foundation.beam.process.BeamException;
import java.util.Objects;

/**
 * An exception thrown on another node, as this node sees it: the crash cause of a remote process (inside
 * {@code ExitReason.Crashed}) or the failure of a remote call. The original exception's class is never loaded nor
 * instantiated here; this exception carries its class name, its message and its stack trace, and its cause is the
 * original cause, also as a {@code RemoteException}.
 *
 * <p>{@link #getMessage()} reads as the original's {@code toString()}, e.g.
 * {@code java.lang.IllegalStateException: boom}; {@link #getStackTrace()} is the original's stack trace (the frames
 * on the other node, not where this object was made).
 */
public final class RemoteException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;
    private final String originalMessage;

    /**
     * @param originalClassName the fully qualified name of the exception's class on the node that threw it
     * @param originalMessage its message, or null if it had none
     * @param stackTrace its stack trace on that node (copied)
     * @param cause its cause, or null
     * @throws NullPointerException if {@code originalClassName} or {@code stackTrace} is null
     */
    public RemoteException(
            String originalClassName, String originalMessage, StackTraceElement[] stackTrace, RemoteException cause) {
        super(describe(originalClassName, originalMessage), cause);
        this.originalClassName = originalClassName;
        this.originalMessage = originalMessage;
        setStackTrace(Objects.requireNonNull(stackTrace, "stackTrace"));
    }

    private static String describe(String className, String message) {
        Objects.requireNonNull(className, "originalClassName");
        return message == null ? className : className + ": " + message;
    }

    /**
     * @return the fully qualified name of the original exception's class, e.g.
     *     {@code java.lang.IllegalStateException}
     */
    public String originalClassName() {
        return originalClassName;
    }

    /** @return the original exception's own message, or null if it had none */
    public String originalMessage() {
        return originalMessage;
    }

    /** @return the cause, a {@code RemoteException} too, or null */
    @Override
    public synchronized RemoteException getCause() {
        return (RemoteException) super.getCause();
    }

    /** Does not capture this node's stack: the stack trace is the original one, set by the constructor. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
