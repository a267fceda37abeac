package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ExitReason;

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
     * @throws WorkRefusedException fails only the submitted work being handled, with that exception; the worker
     *     does not crash and nothing is retried
     * @throws Exception fails the submitted work's attempt and crashes the worker (let it crash: under
     *     SELF_HEALING the worker is restarted and the work retried up to {@code maxAttempts})
     */
    Object handle(Object message, WorkerContext context) throws Exception;

    /**
     * Called once on the worker's own thread when its process ends: a normal stop ({@code shutdown}, when the
     * ecosystem stops or the worker is restarted on request) or a crash (its {@link #handle} threw), but not when it
     * was killed (a brutal kill, or a shutdown that outlasted the ecosystem's shutdown timeout), as in Erlang, where
     * a killed process runs no cleanup. Release what this instance holds here. A throw is reported to telemetry
     * ({@code HandlerFailed} with phase "terminate") and does not change the exit reason. Not called if
     * {@link #init} was never reached.
     *
     * @param reason why the worker's process is ending
     * @param context the worker's context
     * @throws Exception reported, then ignored
     */
    default void terminate(ExitReason reason, WorkerContext context) throws Exception {
    }
}
