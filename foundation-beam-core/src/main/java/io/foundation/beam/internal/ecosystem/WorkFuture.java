package io.foundation.beam.internal.ecosystem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The future of a piece of submitted work. Its first completion (result, failure or cancellation) first runs the
 * ecosystem's release action (giving back the pending-work credit), then completes: whoever sees the future done
 * also sees the credit back, so a caller that waits for its work and submits again is never refused for work that
 * has finished. (A {@code whenComplete} callback would not do: it may run after the caller already saw the result.)
 *
 * <p>Every way to complete a {@code CompletableFuture} from outside goes through an override here: {@code complete},
 * {@code completeExceptionally} and {@code cancel} (which {@code orTimeout} and {@code completeOnTimeout} call too),
 * {@code completeAsync} (whose JDK version completes through an internal path, so it is rebuilt on
 * {@code complete}), and the {@code obtrude} methods. An earlier version also registered a {@code whenComplete}
 * callback to catch a completion that bypassed the overrides; that cost every submission a dependent future, its
 * completion node and a {@code postComplete} pass, for a path that the overrides now close.
 *
 * <p>{@code get} and {@code join} first start a process the waiting thread left to run next on itself (see
 * {@code Kernel.beforeBlocking}), since that thread is about to block.
 */
final class WorkFuture extends CompletableFuture<Object> {

    /** 1 once the release action ran; set by CAS through {@link #RELEASED} (no AtomicBoolean per submission). */
    private volatile int released;
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(WorkFuture.class, "released", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable onFirstCompletion;
    /** Run before a thread waits for this future: see {@code Kernel.beforeBlocking}. */
    private final Runnable beforeBlocking;

    WorkFuture(Runnable onFirstCompletion, Runnable beforeBlocking) {
        this.onFirstCompletion = onFirstCompletion;
        this.beforeBlocking = beforeBlocking;
    }

    // A handler process that submits and then waits here may have left the ecosystem's coordinator to run next on
    // its own thread (the kernel's run-next slots): start it first, or the work would wait for the kernel's sweeper.

    @Override
    public Object get() throws InterruptedException, java.util.concurrent.ExecutionException {
        if (!isDone()) {
            beforeBlocking.run();
        }
        return super.get();
    }

    @Override
    public Object get(long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        if (!isDone()) {
            beforeBlocking.run();
        }
        return super.get(timeout, unit);
    }

    @Override
    public Object join() {
        if (!isDone()) {
            beforeBlocking.run();
        }
        return super.join();
    }

    private void release() {
        if (!isDone()) {
            releaseOnce();
        }
    }

    private void releaseOnce() {
        if (released == 0 && RELEASED.compareAndSet(this, 0, 1)) {
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
    public CompletableFuture<Object> completeAsync(Supplier<?> supplier, Executor executor) {
        if (supplier == null || executor == null) {
            throw new NullPointerException(supplier == null ? "supplier" : "executor");
        }
        executor.execute(() -> {
            if (isDone()) {
                return;
            }
            Object value;
            try {
                value = supplier.get();
            } catch (Throwable t) {
                completeExceptionally(t);
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public CompletableFuture<Object> completeAsync(Supplier<?> supplier) {
        return completeAsync(supplier, defaultExecutor());
    }

    @Override
    public void obtrudeValue(Object value) {
        releaseOnce();
        super.obtrudeValue(value);
    }

    @Override
    public void obtrudeException(Throwable ex) {
        releaseOnce();
        super.obtrudeException(ex);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are plain futures, without the release action
    }
}
