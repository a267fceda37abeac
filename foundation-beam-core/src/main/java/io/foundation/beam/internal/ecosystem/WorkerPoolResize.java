package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Grown;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Narrowed;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.ResizeNotice;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Retired;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildInfo;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One change of an ecosystem's worker count ({@link Ecosystem#resize}), run on the caller's thread while it holds the
 * ecosystem's {@code operatorLock}.
 *
 * <h2>Model</h2>
 * The worker tables are allocated at full capacity when the ecosystem starts, so a resize only starts or stops
 * supervisor children and moves the {@link WorkerTable}'s count; it never copies a table other threads write. The
 * coordinator reads the count on every dispatch and learns of each change through a {@link ResizeNotice}, which it
 * acknowledges: once it has acknowledged, it dispatches only to the new indices.
 *
 * <h2>Grow, n → m</h2>
 * Start children {@code worker-n} ... {@code worker-(m-1)} in order (each awaited through its init; its
 * {@code WorkerUp} makes the coordinator watch it); raise the count after each; send {@link Grown} so work
 * waiting for any live worker is dispatched.
 *
 * <h2>Shrink, m → n</h2>
 * <ol>
 *   <li>Lower the count to n, send {@link Narrowed} and await its acknowledgement: from then on nothing is
 *       dispatched to indices n and above, and work parked for them was dispatched again.</li>
 *   <li>Drain: wait, up to the shutdown timeout, for the work the retired workers already hold.</li>
 *   <li>Stop the retired workers from the highest index down through the supervisor (reason shutdown, shutdown
 *       timeout, then kill), delete their child specs, and empty their slots. The coordinator's monitor reports
 *       each one down; what it still held is dispatched again, not counted as a failed attempt.</li>
 *   <li>Send {@link Retired}: a RING coordinator regenerates the token.</li>
 * </ol>
 * The coordinator may be dead or restarting during a resize: a notice it never acknowledges is waited for up to the
 * shutdown timeout, and its successor reads the count when it starts, so nothing depends on the acknowledgement
 * except the promptness of the drain.
 */
final class WorkerPoolResize {

    private final EcosystemHandle eco;

    WorkerPoolResize(EcosystemHandle eco) {
        this.eco = eco;
    }

    /**
     * @param count the new count
     * @return the previous count
     */
    int resize(int count) {
        int max = WorkerTable.capacity(eco.config); // not the table's: a stopped ecosystem's is compacted
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("ecosystem '" + eco.config.name() + "' cannot have " + count
                    + " workers: resize takes 1 to " + max);
        }
        eco.operatorLock.lock();
        try {
            eco.requireRunning("it cannot be resized");
            int previous = eco.workerTable.count();
            try {
                if (count > previous) {
                    grow(previous, count);
                } else if (count < previous) {
                    shrink(previous, count);
                }
            } catch (RuntimeException e) {
                if (!eco.isRunning()) {
                    throw new EcosystemStoppedException("ecosystem '" + eco.config.name() + "' stopped (it is "
                            + eco.lifecycle.describe() + ") while it was resized from " + previous + " to " + count
                            + " workers: " + e);
                }
                throw e;
            } finally {
                reportResized(previous);
            }
            return previous;
        } finally {
            eco.operatorLock.unlock();
        }
    }

    /** Tells the listeners the worker count changed (also after a grow that failed part-way: the count reached). */
    private void reportResized(int previous) {
        int now = eco.workerTable.count();
        if (now != previous && eco.kernel.telemetry().enabled()) {
            eco.kernel.telemetry().emit(new BeamEvent.EcosystemResized(eco.supervisorHandle().process(),
                    eco.config.name(), previous, now));
        }
    }

    private void grow(int from, int to) {
        Supervisor supervisor = eco.supervisorHandle();
        try {
            for (int i = from; i < to; i++) {
                supervisor.startChild(eco.workerChild(i));
                eco.workerTable.count(i + 1);
            }
        } finally {
            if (eco.workerTable.count() > from) {
                tell(new Grown(new CompletableFuture<>()));
            }
        }
    }

    private void shrink(int from, int to) {
        eco.workerTable.count(to);
        tell(new Narrowed(new CompletableFuture<>()));
        drain(to);
        Supervisor supervisor = eco.supervisorHandle();
        for (int i = from - 1; i >= to; i--) {
            String id = EcosystemHandle.workerId(i);
            if (hasChild(supervisor, id)) {
                supervisor.terminateChild(id); // a TEMPORARY (STANDARD) child's spec goes with it
            }
            if (hasChild(supervisor, id)) {
                supervisor.deleteChild(id); // a PERMANENT (SELF_HEALING) child's spec stays until deleted
            }
            eco.workerTable.retired(i);
        }
        tell(new Retired(new CompletableFuture<>()));
    }

    /** Waits, up to the shutdown timeout, for the work held by workers at {@code from} and above. */
    private void drain(int from) {
        List<CompletableFuture<Object>> held = eco.ledger.heldFrom(from);
        if (held.isEmpty()) {
            return;
        }
        eco.kernel.beforeBlocking();
        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> null) // a failed item is done too
                .completeOnTimeout(null, eco.config.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .join();
    }

    private static boolean hasChild(Supervisor supervisor, String id) {
        for (ChildInfo c : supervisor.children()) {
            if (c.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Sends a notice to the coordinator and waits, up to the shutdown timeout, for it to act. */
    private void tell(ResizeNotice notice) {
        ProcessRef c = eco.coordinatorSlot.current();
        if (c == null || !eco.kernel.sendInternal(c, notice).isAccepted()) {
            return; // dead: its successor reads the count when it starts
        }
        eco.kernel.beforeBlocking(); // a caller that is a handler process may have left the coordinator to run next
        notice.done().completeOnTimeout(null, eco.config.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS).join();
    }
}
