package io.foundation.beam.cluster.internal.journal;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.raft.RaftBatcher;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The submitter's side of an ecosystem's {@link WorkJournal}: gives each item its id and appends the items from
 * many threads as ACCEPT commands, batched by a {@link RaftBatcher} (one in flight, the others queued and sent as one
 * when it returns); once the submitter has completed an item's future, {@link #release} drops its outcome from the
 * journal with RELEASE commands, batched the same way by a second batcher. One appender per ecosystem per node
 * incarnation, since it numbers the items of that incarnation. {@link #completions} makes the coordinator's side,
 * which batches COMPLETE commands the same way. FORGET is the coordinator's too, but rare (a submitter's incarnation
 * gone for good) and not batched: the coordinator proposes {@link JournalCommands#forget} itself, as it does
 * COORDINATOR_STARTED (the simplest: no helper here).
 *
 * <p>Thread-safe: see {@link RaftBatcher} for the model. A retried ACCEPT is applied once (the journal ignores
 * the sequences it has accepted already), and a batch that failed for its callers and reaches the log after a later
 * batch is ignored too: a caller whose future failed never sees its item executed, unless a batch that failed by
 * timeout commits before any later one.
 */
public final class JournalAppender implements AutoCloseable {

    /** The default bound on the bytes of work per command. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;

    private final String ecosystem;
    private final Node self;
    private final RaftBatcher<JournalItem> accepts;
    private final RaftBatcher<ItemId> releases;

    /**
     * @param raft the work journal's machine on this node's Raft log
     * @param self this node's incarnation (the submitter in the items' ids)
     * @param ecosystem the ecosystem
     * @param maxBatchBytes the most bytes of items per ACCEPT (a larger item goes alone), and of ids per RELEASE
     */
    public JournalAppender(RaftMachine raft, Node self, String ecosystem, int maxBatchBytes) {
        this.ecosystem = Objects.requireNonNull(ecosystem, "ecosystem");
        this.self = Objects.requireNonNull(self, "self");
        this.accepts = new RaftBatcher<>(raft, "the work journal of ecosystem '" + ecosystem + "'",
                items -> JournalCommands.accept(ecosystem, items), JournalItem::encodedSize, maxBatchBytes);
        this.releases = new RaftBatcher<>(raft, "the work journal of ecosystem '" + ecosystem + "' (releases)",
                ids -> JournalCommands.release(ecosystem, ids), ItemId::encodedSize, maxBatchBytes);
    }

    /**
     * The coordinator's side: batches completions as COMPLETE commands of an ecosystem.
     *
     * @param raft the work journal's machine on this node's Raft log
     * @param ecosystem the ecosystem
     * @param maxBatchBytes the most bytes of outcomes per COMPLETE (a larger one goes alone)
     * @return the batcher; each completion's future completes when its COMPLETE is committed (applied or ignored)
     */
    public static RaftBatcher<Completion> completions(RaftMachine raft, String ecosystem, int maxBatchBytes) {
        Objects.requireNonNull(ecosystem, "ecosystem");
        return new RaftBatcher<>(raft, "the work journal of ecosystem '" + ecosystem + "' (completions)",
                completions -> JournalCommands.complete(ecosystem, completions), Completion::encodedSize,
                maxBatchBytes);
    }

    /**
     * Appends an item.
     *
     * @param key the item's key, or null
     * @param work the encoded work (not copied: do not change it)
     * @param beforeAppend told the item's id on the caller's thread before the item can reach the log (under the
     *     appender's lock: it must be quick), so that the caller can look for its completion before it can come;
     *     not called when this node sees no majority (the future has then failed already)
     * @return the item's id once it is accepted (its ACCEPT committed); fails with a
     *     {@link io.foundation.beam.cluster.NoQuorumException} naming the ecosystem when this node sees no majority
     *     of the voters, or none committed it within the raftTimeout
     * @throws IllegalStateException if the appender is closed
     */
    public CompletableFuture<ItemId> accept(String key, byte[] work, Consumer<ItemId> beforeAppend) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(beforeAppend, "beforeAppend");
        ItemId[] id = new ItemId[1];
        CompletableFuture<Void> committed = accepts.append(sequence -> {
            id[0] = new ItemId(self.name(), self.incarnation(), sequence);
            beforeAppend.accept(id[0]);
            return new JournalItem(id[0], key, work);
        });
        return committed.thenApply(v -> id[0]);
    }

    /**
     * Releases an item's outcome, once this node has completed its future: the journal drops it (a retried or
     * repeated release is ignored there, and counted). A release that fails (no majority) only leaves the outcome
     * held: the caller may release it again later (e.g. after a snapshot, from {@link WorkJournal#outcomesOf}).
     *
     * @param id an item of this appender's incarnation
     * @return completes when its RELEASE is committed; fails with a
     *     {@link io.foundation.beam.cluster.NoQuorumException} naming the ecosystem when this node sees no majority
     *     of the voters, or none committed it within the raftTimeout
     * @throws IllegalArgumentException if the item is of another submitter incarnation
     * @throws IllegalStateException if the appender is closed
     */
    public CompletableFuture<Void> release(ItemId id) {
        Objects.requireNonNull(id, "id");
        if (!id.submitter().equals(self)) {
            throw new IllegalArgumentException("the work journal of ecosystem '" + ecosystem + "': item " + id
                    + " is not of this appender's node incarnation " + self.name() + "/" + self.incarnation()
                    + "; a node releases only its own items");
        }
        return releases.append(id);
    }

    /** @return the ecosystem */
    public String ecosystem() {
        return ecosystem;
    }

    /**
     * Fails the items not yet accepted and the releases not yet committed with an {@link IllegalStateException};
     * refuses new ones. Idempotent.
     */
    @Override
    public void close() {
        accepts.close();
        releases.close();
    }

    @Override
    public String toString() {
        return "JournalAppender[" + ecosystem + ", " + self + ", " + accepts + ", " + releases + "]";
    }
}
