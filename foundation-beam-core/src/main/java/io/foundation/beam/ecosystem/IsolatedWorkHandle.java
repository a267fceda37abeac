package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Isolated work under way: its reference (the one {@link IsolatedWorkCompleted} and {@link IsolatedWorkFailed} carry),
 * the process that runs it (in process: the work's own short-lived process; forked: the pool process that owns the
 * child JVM it runs in, known once a child took it) and its result.
 *
 * @param ref a number unique in this JVM
 * @param process the process running the work, completed when it starts on one
 * @param result the result, or an {@link IsolatedWorkException}
 * @param killer what {@link #kill()} runs (the implementation's; not for applications)
 * @param <O> the result type
 */
public record IsolatedWorkHandle<O>(long ref, CompletableFuture<ProcessRef> process, CompletableFuture<O> result,
        Runnable killer) {

    /** Checks the parts. */
    public IsolatedWorkHandle {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(killer, "killer");
    }

    /**
     * Kills the work: its process (and, forked, its child JVM, which the pool replaces). The result fails with
     * {@link IsolatedWorkKilledException} ({@link IsolatedWorkException.Outcome#KILLED}) unless it was complete.
     */
    public void kill() {
        killer.run();
    }
}
