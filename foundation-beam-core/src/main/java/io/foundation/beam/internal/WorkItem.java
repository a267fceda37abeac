package io.foundation.beam.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A piece of submitted work, from submission to completion. It lives in the ecosystem's in-flight table (outside any
 * process), which is what lets a new coordinator find work its predecessor accepted, and lets work on a crashed
 * worker be redistributed.
 *
 * <p>Threading: {@code worker}, {@code workerPid} and {@code failures} are written by the coordinator process only;
 * the worker reads {@code payload} and completes {@code future}; the submitter's timeout may complete it too. The
 * future's first completion wins.
 */
final class WorkItem {
    final long id;
    final Object key;
    final Object payload;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    final long submittedAtNanos;
    volatile int worker = -1;
    volatile io.foundation.beam.process.ProcessRef workerPid;
    volatile int failures;
    volatile Throwable lastFailure;

    WorkItem(long id, Object key, Object payload, long submittedAtNanos) {
        this.id = id;
        this.key = key;
        this.payload = payload;
        this.submittedAtNanos = submittedAtNanos;
    }

    /** Sent by the ecosystem to its coordinator: dispatch this item. */
    record Dispatch(long itemId) {
    }

    /** Sent by the coordinator to a worker: do this item. */
    record Job(WorkItem item) {
    }

    /** Sent by a (re)started worker to the coordinator. */
    record WorkerUp(int index, io.foundation.beam.process.ProcessRef process) {
    }

    @Override
    public String toString() {
        return "work#" + id + "(" + payload.getClass().getSimpleName() + ")";
    }
}
