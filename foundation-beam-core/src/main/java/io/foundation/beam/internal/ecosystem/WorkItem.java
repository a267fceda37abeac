package io.foundation.beam.internal.ecosystem;

import java.util.concurrent.CompletableFuture;

/**
 * The data of one piece of submitted work, from submission to completion: its id, key and payload, its future, and
 * which worker holds it. It lives in the ecosystem's {@link WorkLedger} (outside any process), which is what lets a
 * new coordinator find work its predecessor accepted, and lets work on a crashed worker be redistributed.
 *
 * <p>Threading: the assignment changes only by compare-and-set (by coordinator processes, through the ledger);
 * {@code failures} is written by the coordinator (only for a delivery the worker had {@linkplain #begin begun}), {@code lastFailure} by the coordinator or by the worker that
 * crashes on the item; the worker reads {@code payload} and completes {@code future}; the timeout, a failure or the
 * ecosystem's end may complete it too. The future's first completion wins.
 */
final class WorkItem {
    final long id;
    final Object key;
    final Object payload;
    final CompletableFuture<Object> future;
    final long submittedAtNanos;
    /**
     * Which worker holds the item, or null while it is not dispatched. Changed only by CAS through {@link #ASSIGNMENT}
     * (a field with a VarHandle rather than an AtomicReference: one object less per submission).
     */
    private volatile Assignment assignment;
    private static final java.lang.invoke.VarHandle ASSIGNMENT;

    static {
        try {
            ASSIGNMENT = java.lang.invoke.MethodHandles.lookup().findVarHandle(WorkItem.class, "assignment",
                    Assignment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    volatile int failures;
    volatile Throwable lastFailure;
    /** The last worker that claimed or finished the item (named by its end), or null if none did. */
    volatile io.foundation.beam.process.ProcessRef lastWorker;

    /**
     * The worker (index and process) an item was dispatched to, and whether that worker began it. One per claim: a
     * new claim is a new assignment, so a mark of "begun" belongs to one delivery. Written (begun) by the worker's
     * process, read by the coordinator after the worker went down.
     */
    static final class Assignment {
        private final int index;
        private final io.foundation.beam.process.ProcessRef process;
        private volatile boolean begun;

        Assignment(int index, io.foundation.beam.process.ProcessRef process) {
            this.index = index;
            this.process = process;
        }

        /** @return the worker's index */
        int index() {
            return index;
        }

        /** @return the worker's process */
        io.foundation.beam.process.ProcessRef process() {
            return process;
        }

        /** @return whether the worker took the item from its mailbox to run it (then a crash costs an attempt) */
        boolean begun() {
            return begun;
        }
    }

    /**
     * Claims the item for a worker. Only one claim succeeds per release, even when a killed coordinator's thread
     * (which the JVM cannot stop) is still running next to its successor: two coordinators can never both dispatch
     * the same item.
     *
     * @return whether this call dispatched it
     */
    boolean claim(int index, io.foundation.beam.process.ProcessRef process) {
        return ASSIGNMENT.compareAndSet(this, (Assignment) null, new Assignment(index, process));
    }

    /**
     * Releases the item from a worker that died holding it.
     *
     * @return the released assignment, or null if the item was not held by {@code process} (already released)
     */
    Assignment releaseFrom(io.foundation.beam.process.ProcessRef process) {
        Assignment a = assignment;
        return a != null && a.process() == process && ASSIGNMENT.compareAndSet(this, a, (Assignment) null) ? a : null;
    }

    /**
     * The worker {@code process} is about to run the item: marks the delivery to it begun, if it still holds the item.
     * Called on the worker's process before the user's code, so a crash in that code (which the coordinator learns
     * of after it) always finds the mark. A delivery never begun costs no attempt when its worker dies.
     */
    void begin(io.foundation.beam.process.ProcessRef process) {
        Assignment a = assignment;
        if (a != null && a.process() == process) {
            a.begun = true;
        }
    }

    /** @return the current assignment, or null */
    Assignment assignment() {
        return assignment;
    }

    /** @return whether the item is waiting to be dispatched */
    boolean unassigned() {
        return assignment == null;
    }

    /**
     * @param onDone run once, before the future's first completion (gives back the ecosystem's pending-work credit)
     * @param beforeBlocking run before a thread waits for the future ({@code Kernel.beforeBlocking})
     */
    WorkItem(long id, Object key, Object payload, long submittedAtNanos, Runnable onDone, Runnable beforeBlocking) {
        this.future = new WorkFuture(onDone, beforeBlocking);
        this.id = id;
        this.key = key;
        this.payload = payload;
        this.submittedAtNanos = submittedAtNanos;
    }

    /** Hashed by id (the ledger's set); equal only to itself, as {@code Object}'s equals. */
    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public String toString() {
        return "work#" + id + "(" + payload.getClass().getSimpleName() + ")";
    }
}
