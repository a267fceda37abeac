package io.foundation.beam.supervision;

import io.foundation.beam.process.BeamException;

/** A supervisor refused a request (unknown child id, child still running, duplicate id...); the message says why. */
public final class SupervisorException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused and why */
    public SupervisorException(String message) {
        super(message);
    }
}
