package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Isolated work under way ({@link Ecosystems#isolateMemoryIntensiveWorkAsync},
 * {@link Ecosystems#isolateMemoryIntensiveWorkAndReply}): its reference (the one {@link IsolatedWorkCompleted} and
 * {@link IsolatedWorkFailed} carry), the process that runs it and its result.
 *
 * @param <O> the result type
 */
public final class IsolatedWorkHandle<O> {

    private final long ref;
    private final CompletableFuture<ProcessRef> process;
    private final CompletableFuture<O> result;
    private final Runnable killer;

    /**
     * Made by the runtime; not for applications.
     *
     * @param ref a number unique in this JVM
     * @param process completed with the process running the work once it runs on one
     * @param result the result
     * @param killer what {@link #kill()} runs
     */
    public IsolatedWorkHandle(long ref, CompletableFuture<ProcessRef> process, CompletableFuture<O> result,
            Runnable killer) {
        this.ref = ref;
        this.process = Objects.requireNonNull(process, "process");
        this.result = Objects.requireNonNull(result, "result");
        this.killer = Objects.requireNonNull(killer, "killer");
    }

    /** @return the work's reference, unique in this JVM */
    public long ref() {
        return ref;
    }

    /**
     * @return the process running the work: in process, the work's own short-lived process (at once); forked, the
     *     pool process that owns the child JVM running it, once a child took it (failed if the work ended before)
     */
    public CompletableFuture<ProcessRef> process() {
        return process;
    }

    /**
     * @return completed with the result, or failed with an {@link IsolatedWorkException} (one of its subclasses);
     *     completing or cancelling it does not stop the work (use {@link #kill()})
     */
    public CompletableFuture<O> result() {
        return result;
    }

    /**
     * Kills the work: its process (and, forked, its child JVM, which the pool replaces). The result fails with
     * {@link IsolatedWorkKilledException} ({@link IsolatedWorkException.Outcome#KILLED}) unless it was complete.
     */
    public void kill() {
        killer.run();
    }

    @Override
    public String toString() {
        return "IsolatedWorkHandle[ref=" + ref + ", process=" + process.getNow(null) + ", done=" + result.isDone() + "]";
    }
}
