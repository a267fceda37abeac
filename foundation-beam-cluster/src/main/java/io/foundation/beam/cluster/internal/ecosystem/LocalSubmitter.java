package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.CoordinatorUp;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Outcome;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Submit;
import io.foundation.beam.cluster.internal.journal.JournalItem;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The submitter of a distributed ecosystem whose journal is submitter-local ({@code Distribution.Journal
 * .SUBMITTER_LOCAL}), one process per node: it follows the coordinator and receives the outcomes.
 *
 * <h2>Design</h2>
 * The node's handle keeps the unfinished items (its own map, read here through {@code unfinished}) and sends each
 * new item straight to the coordinator this process last heard of ({@code coordinator}, read by the handle on the
 * submitting thread). This process is a member of the group {@link DistributedEcosystemHandle#submittersGroup}; every
 * coordinator, once its start is committed, sends the group's members {@link CoordinatorUp}. On one of an epoch at
 * least the last heard (and another process), this process makes it the coordinator and sends it every unfinished
 * item, in batches of {@value #BATCH}: a submission made before any coordinator was known, or sent to one that died
 * before it dispatched it, reaches the next one. The coordinator ignores items it holds already, so an item sent twice
 * (by the handle and by a resend) runs once per coordinator. {@link Outcome}s are handed to the handle, which completes
 * the future with the first one for an item.
 *
 * <p>No-lost-item argument: the handle adds the item to its map before it reads {@code coordinator}; this process
 * sets {@code coordinator} before it reads the map. So either the handle sees the new coordinator and sends it the
 * item, or this process's resend sees the item, or both.
 */
final class LocalSubmitter implements ProcessHandler {

    /** Items per {@link Submit} of a resend. */
    static final int BATCH = 256;

    private final AtomicReference<ProcessRef> coordinator;
    private final Supplier<Collection<JournalItem>> unfinished;
    private final Consumer<Outcome> outcomes;
    private long epoch = -1;

    LocalSubmitter(AtomicReference<ProcessRef> coordinator, Supplier<Collection<JournalItem>> unfinished,
            Consumer<Outcome> outcomes) {
        this.coordinator = coordinator;
        this.unfinished = unfinished;
        this.outcomes = outcomes;
    }

    @Override
    public Object handle(Object message, ProcessContext context) {
        switch (message) {
            case CoordinatorUp up -> coordinatorUp(up, context.self());
            case Outcome o -> outcomes.accept(o);
            default -> { }
        }
        return null;
    }

    private void coordinatorUp(CoordinatorUp up, ProcessRef self) {
        if (up.epoch() < epoch || up.coordinator().equals(coordinator.get())) {
            return;
        }
        epoch = up.epoch();
        coordinator.set(up.coordinator());
        List<JournalItem> batch = new ArrayList<>(BATCH);
        for (JournalItem item : unfinished.get()) {
            batch.add(item);
            if (batch.size() == BATCH) {
                up.coordinator().send(new Submit(self, batch));
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            up.coordinator().send(new Submit(self, batch));
        }
    }

    @Override
    public String toString() {
        return "LocalSubmitter[epoch " + epoch + ", coordinator " + coordinator.get() + "]";
    }
}
