package io.foundation.beam.cluster.internal.routing;

/**
 * An exception thrown on another node, as it arrives here: its class name, message, stack trace and causes, but not
 * its class (exceptions are never deserialised: the class may not exist here, and arbitrary classes are never
 * instantiated from the wire). It is the cause of a {@code crashed} exit reason of a remote process and of a
 * {@code CallFailedException} from a remote call. It prints as the original would ({@code class: message}).
 */
public final class RemoteThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    /**
     * @param originalClassName the class of the exception on the other node
     * @param message its message, or null
     * @param cause its cause, as it arrived, or null
     */
    public RemoteThrowable(String originalClassName, String message, Throwable cause) {
        super(message, cause, false, true);
        this.originalClassName = originalClassName;
    }

    /** @return the fully qualified name of the exception's class on the node that threw it */
    public String originalClassName() {
        return originalClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? originalClassName + ": " + message : originalClassName;
    }
}
