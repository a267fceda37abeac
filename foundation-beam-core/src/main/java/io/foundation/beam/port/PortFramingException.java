package io.foundation.beam.port;

import io.foundation.beam.process.BeamException;

/**
 * The program's output broke the port's framing: a line or frame over the spec's maximum, a negative frame length,
 * or output that ended inside a frame. The port ends with {@code ExitReason.crashed} of this exception (and ends its
 * program), rather than cutting or dropping output silently.
 */
public class PortFramingException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message what broke, naming the port, the program and the limit */
    public PortFramingException(String message) {
        super(message);
    }
}
