package io.foundation.beam.ecosystem;

/**
 * Sent to the caller's process when isolated work succeeded (the seed's {@code {:work_complete, result}}).
 *
 * @param ref the work's reference ({@link IsolatedWorkHandle#ref()})
 * @param result the result
 */
public record IsolatedWorkCompleted(long ref, Object result) {
}
