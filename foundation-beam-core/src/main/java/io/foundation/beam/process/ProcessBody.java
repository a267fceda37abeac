package io.foundation.beam.process;

/**
 * The receive-loop style of process (plain Erlang): a body that runs once on the process's own virtual thread and
 * pulls messages with {@link ProcessContext#receive()} and its selective variants. The process ends normally when
 * the body returns, and crashes with {@link ExitReason.Crashed} when it throws.
 *
 * <p>A body blocked in {@code receive} holds its (virtual) thread. To wait without holding a thread, call
 * {@link ProcessContext#hibernate(ProcessBody)} and return: the process then holds no thread and runs the given
 * body when the next message arrives (Erlang's {@code hibernate/3}, which also discards the stack).
 */
@FunctionalInterface
public interface ProcessBody {

    /**
     * Runs the process.
     *
     * @param context the process's context
     * @throws Exception to crash the process
     */
    void run(ProcessContext context) throws Exception;
}
