package io.foundation.beam.cluster.internal.journal;

import io.foundation.beam.cluster.Node;
import java.util.List;
import java.util.Set;

/**
 * Told of what a {@link WorkJournal} replica applies: how the coordinator learns of new items, and how the
 * submitter's node completes its futures exactly once (each item is completed at most once per replica, and a
 * replica loading a snapshot is told nothing of the items completed before it, but finds their outcomes in the
 * journal until its node releases them: {@link WorkJournal#outcomesOf}).
 *
 * <p>Called on jgroups-raft's apply thread, after the change is visible to readers, in log order: an
 * implementation must not block (hand the work to a process or an executor). An exception it throws is logged
 * and ignored (the journal's state is not affected). RELEASE and FORGET are told to nobody: they only drop outcomes
 * nobody waits for.
 */
public interface JournalListener {

    /**
     * Items were accepted (appended, in this order, to the ecosystem's pending items).
     *
     * @param ecosystem the ecosystem
     * @param items the newly accepted items, in acceptance order (those already accepted are left out)
     */
    default void accepted(String ecosystem, List<JournalItem> items) {
    }

    /**
     * A pending item was completed (and removed from the pending items). Its outcome stays readable with
     * {@link WorkJournal#completion} until the submitter's node releases it ({@link JournalAppender#release}) or the
     * coordinator forgets the submitter's incarnation (not kept at all if it forgot it before).
     *
     * @param ecosystem the ecosystem
     * @param id the item
     * @param completion its completion
     */
    default void completed(String ecosystem, ItemId id, Completion completion) {
    }

    /**
     * A coordinator started for an epoch at least the journal's: the ecosystem's epoch and coordinator are now these.
     *
     * @param ecosystem the ecosystem
     * @param epoch its epoch now
     * @param coordinator the node incarnation of its coordinator now
     */
    default void epochChanged(String ecosystem, long epoch, Node coordinator) {
    }

    /**
     * The replica's whole state was replaced by a snapshot (at start, from the log on disk, or from the leader when
     * this node lagged too far behind). Nothing is told of the items the snapshot holds or no longer holds: read
     * the state now with {@link WorkJournal#pending}, {@link WorkJournal#epoch}, {@link WorkJournal#coordinator}
     * and {@link WorkJournal#acceptedUpTo} (which already show the snapshot's state) to resynchronise. The submitter
     * finds the outcomes of its items completed meanwhile with {@link WorkJournal#outcomesOf} (one call, in
     * completion order) or {@link WorkJournal#completion}: an item of this node that is accepted ({@code sequence <=
     * acceptedUpTo}) is either still pending or has its outcome held until this node releases it (unless the
     * coordinator forgot this incarnation; see
     * {@link WorkJournal}, "Snapshots"). Outcomes this node already used before but had not yet released show again:
     * complete a future only if it is still waiting, and release them.
     *
     * @param journal the replica
     * @param ecosystems the ecosystems the snapshot holds
     */
    default void snapshotLoaded(WorkJournal journal, Set<String> ecosystems) {
    }
}
