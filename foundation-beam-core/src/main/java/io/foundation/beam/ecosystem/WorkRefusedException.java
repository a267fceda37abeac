package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/**
 * Thrown by a worker's {@link Worker#handle} to fail the one piece of submitted work it is handling, without
 * crashing: the submitter's future fails with this very exception, the worker process goes on with its next
 * message, and nothing is retried, redistributed or restarted (unlike any other exception, which crashes the worker:
 * let it crash). Use it for work that is wrong in itself (invalid input, a business rule), where a retry on a fresh
 * worker could not succeed. Thrown while handling anything other than submitted work (a broadcast, a peer's message,
 * a ring token), it crashes the worker like any exception.
 */
public class WorkRefusedException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message why the work is refused */
    public WorkRefusedException(String message) {
        super(message);
    }

    /**
     * @param message why the work is refused
     * @param cause what made it fail
     */
    public WorkRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
