package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.internal.process.Envelope;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.CompletableFuture;

/**
 * The messages the ecosystem's own code sends to its members, never seen by the application's {@code Worker} or
 * {@code Coordinator} as such (a {@link io.foundation.beam.ecosystem.RingToken} is the application's, not one of
 * these):
 * <ul>
 *   <li>{@link Dispatch}: the handle to the coordinator, for each submission;</li>
 *   <li>{@link Job}: the coordinator to a worker, the work itself;</li>
 *   <li>{@link WorkerUp}: a (re)started worker to the coordinator;</li>
 *   <li>{@link RingBroadcast}: {@code Ecosystem.broadcast} in a RING, from worker to worker;</li>
 *   <li>{@link ResizeNotice}: a resize to the coordinator (see {@link WorkerPoolResize} for that protocol).</li>
 * </ul>
 * {@link Job} and {@link RingBroadcast} carry an application payload: they are kernel {@link Envelope}s (hence final
 * classes, not records), so that message analytics measure the payload, not the note around it.
 */
sealed interface EcosystemProtocol permits EcosystemProtocol.Dispatch, EcosystemProtocol.Job,
        EcosystemProtocol.WorkerUp, EcosystemProtocol.RingBroadcast, EcosystemProtocol.ResizeNotice {

    /**
     * Sent by the ecosystem to its coordinator: dispatch this item, if it is still in the {@link WorkLedger}. It
     * carries the item itself (once its id, looked up in the ledger: a map lookup with a boxed key per submission).
     */
    record Dispatch(WorkItem item) implements EcosystemProtocol {
    }

    /**
     * Sent by the coordinator to a worker: do this item. An envelope so that message analytics measure the submitted
     * work, not this note; the worker's runtime code gets the job itself.
     */
    final class Job extends Envelope implements EcosystemProtocol {
        private final WorkItem item;

        Job(WorkItem item) {
            this.item = item;
        }

        WorkItem item() {
            return item;
        }

        @Override
        public Object content() {
            return this;
        }

        @Override
        public Object measured() {
            return item.payload;
        }
    }

    /** Sent by a (re)started worker to the coordinator. */
    record WorkerUp(int index, ProcessRef process) implements EcosystemProtocol {
    }

    /**
     * A broadcast travelling a RING: each worker that receives it passes it on to its live successor, then handles
     * it, until {@code remaining} workers have had it (see {@link RingRule}). An envelope so that message analytics
     * measure the application's payload; the worker's runtime code gets the broadcast itself.
     */
    final class RingBroadcast extends Envelope implements EcosystemProtocol {
        private final Object payload;
        private final int remaining;

        RingBroadcast(Object payload, int remaining) {
            this.payload = payload;
            this.remaining = remaining;
        }

        Object payload() {
            return payload;
        }

        int remaining() {
            return remaining;
        }

        @Override
        public Object content() {
            return this;
        }

        @Override
        public Object measured() {
            return payload;
        }
    }

    /**
     * What a resize tells the coordinator of a change of the worker count; the coordinator completes {@code done}
     * once it has acted on it.
     */
    sealed interface ResizeNotice extends EcosystemProtocol permits Grown, Narrowed, Retired {
        /** @return completed by the coordinator when it has acted */
        CompletableFuture<Void> done();
    }

    /** The count grew: dispatch the work that waits for any live worker. */
    record Grown(CompletableFuture<Void> done) implements ResizeNotice {
    }

    /** The count shrank: stop dispatching above it, and dispatch again what is parked for retired indices. */
    record Narrowed(CompletableFuture<Void> done) implements ResizeNotice {
    }

    /** The retired workers are stopped: a RING regenerates its token. */
    record Retired(CompletableFuture<Void> done) implements ResizeNotice {
    }
}
