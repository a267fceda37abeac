package io.foundation.beam.supervision;

import io.foundation.beam.process.BeamException;

/** A child could not be started; names the child and carries its error. */
public final class ChildStartException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String childId;

    /**
     * @param childId the child
     * @param cause why it failed
     */
    public ChildStartException(String childId, Throwable cause) {
        super("child '" + childId + "' failed to start: " + cause.getMessage(), cause);
        this.childId = childId;
    }

    /** @return the child that failed */
    public String childId() {
        return childId;
    }
}
