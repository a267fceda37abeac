package io.foundation.beam.internal.process;

import io.foundation.beam.process.ProcessRef;

/**
 * Implemented by a handler of the runtime's own (an ecosystem worker) whose start and end may need no thread of
 * their own, depending on the user code it wraps. The runtime asks each instance, not its class: a worker wraps a
 * user {@code Worker} whose class decides whether there is an {@code init} or {@code terminate} to run.
 *
 * <p>For a plain {@link io.foundation.beam.process.ProcessHandler} the runtime decides the same from the class:
 * whether it overrides {@code init} (a first activation is started to run it) and {@code terminate} (see
 * {@link ProcessCell}'s "ending without a thread").
 */
public interface InlineLifecycle {

    /**
     * @return true if the handler's {@code init} must run on the process's own first activation; false if
     *     {@link #initInline} does all the start-up work, so the process is created without a thread (as a handler
     *     without {@code init} is)
     */
    boolean initNeedsOwnThread();

    /**
     * The start-up work when {@link #initNeedsOwnThread()} is false: runs once, on the spawning thread, after the
     * process exists (and is linked to its parent), before the spawn returns and before any activation. It must not
     * block and gets no {@code ProcessContext}. A throw fails the start exactly as a throw from {@code init} does:
     * the process ends with {@code Crashed} and a spawn waiting for its init fails.
     *
     * @param self the new process
     */
    void initInline(ProcessRef self);

    /**
     * @return true if ending the process runs code of its own ({@code terminate}); false if nothing would run, so an
     *     exit signal may end the process while it is idle on the signalling thread
     */
    boolean terminateNeedsOwnThread();
}
