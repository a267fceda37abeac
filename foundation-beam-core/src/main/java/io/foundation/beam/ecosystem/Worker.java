package io.foundation.beam.ecosystem;

/**
 * A worker's logic. Each worker process gets its own instance from the ecosystem's worker factory (and a restarted
 * worker a fresh one). Called one message at a time on the worker's virtual thread; it may block.
 */
@FunctionalInterface
public interface Worker {

    /**
     * Called once when the worker process starts (and after each restart, on the fresh instance).
     *
     * @param context the worker's context
     * @throws Exception to fail the start
     */
    default void init(WorkerContext context) throws Exception {
    }

    /**
     * Handles submitted work, a broadcast, a peer's message or a ring token.
     *
     * @param message the message
     * @param context the worker's context
     * @return for submitted work, its result (completes the submitter's future); ignored otherwise
     * @throws Exception fails the submitted work's attempt and crashes the worker (let it crash: under
     *     SELF_HEALING the worker is restarted and the work retried up to {@code maxAttempts})
     */
    Object handle(Object message, WorkerContext context) throws Exception;
}
