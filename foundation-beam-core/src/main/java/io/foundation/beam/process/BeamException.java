package io.foundation.beam.process;

/** Base class of the runtime's own exceptions. Each subclass names the process or name involved and its state. */
public class BeamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the process or name involved
     */
    public BeamException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the process or name involved
     * @param cause the underlying failure
     */
    public BeamException(String message, Throwable cause) {
        super(message, cause);
    }
}
