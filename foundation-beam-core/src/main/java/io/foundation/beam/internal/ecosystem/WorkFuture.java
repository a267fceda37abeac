package io.foundation.beam.internal.ecosystem;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The future of a piece of submitted work. Its first completion (result, failure or cancellation) first runs the
 * ecosystem's release action (giving back the pending-work credit), then completes: whoever sees the future done
 * also sees the credit back, so a caller that waits for its work and submits again is never refused for work that
 * has finished. (A {@code whenComplete} callback would not do: it may run after the caller already saw the result.)
 */
final class WorkFuture extends CompletableFuture<Object> {

    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable onFirstCompletion;

    WorkFuture(Runnable onFirstCompletion) {
        this.onFirstCompletion = onFirstCompletion;
        // Completions that bypass the methods below (completeAsync, obtrude...) still release, if later.
        super.whenComplete((result, error) -> releaseOnce());
    }

    private void release() {
        if (!isDone()) {
            releaseOnce();
        }
    }

    private void releaseOnce() {
        if (released.compareAndSet(false, true)) {
            onFirstCompletion.run();
        }
    }

    @Override
    public boolean complete(Object value) {
        release();
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        release();
        return super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        release();
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are plain futures, without the release action
    }
}
