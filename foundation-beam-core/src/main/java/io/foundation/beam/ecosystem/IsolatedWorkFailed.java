package io.foundation.beam.ecosystem;

import java.util.Objects;

/**
 * Sent to the caller's process when isolated work failed (the seed's {@code {:work_error, e}}).
 *
 * @param ref the work's reference ({@link IsolatedWorkHandle#ref()})
 * @param exception why: one of {@link IsolatedWorkException}'s subclasses
 */
public record IsolatedWorkFailed(long ref, IsolatedWorkException exception) {

    /** Checks the exception. */
    public IsolatedWorkFailed {
        Objects.requireNonNull(exception, "exception");
    }
}
