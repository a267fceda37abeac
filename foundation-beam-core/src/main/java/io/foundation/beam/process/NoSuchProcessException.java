package io.foundation.beam.process;

/** Thrown when a registered name names no live process (sending to an unknown name is an error, not a drop). */
public final class NoSuchProcessException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message names the missing process or name */
    public NoSuchProcessException(String message) {
        super(message);
    }
}
