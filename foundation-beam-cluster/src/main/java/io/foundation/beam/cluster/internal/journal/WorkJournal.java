package io.foundation.beam.cluster.internal.journal;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Accept;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Command;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Complete;
import io.foundation.beam.cluster.internal.journal.JournalCommands.CoordinatorStarted;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Forget;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Release;
import io.foundation.beam.cluster.internal.journal.JournalCommands.SaveCheckpoint;
import java.io.DataInput;
import java.io.DataOutput;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jgroups.raft.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's replica of the work journal of the distributed ecosystems (docs/distributed-ecosystems.md): per
 * ecosystem, the accepted items not yet completed, the outcomes of the completed ones until their submitter has
 * used them, the coordinator's epoch and node, its last checkpoint. Changed only by committed Raft log entries
 * ({@link JournalCommands}), in log order, identically on every voter; usually one machine of a
 * {@link io.foundation.beam.cluster.internal.raft.RaftMultiplexer}.
 *
 * <h2>Design</h2>
 * <b>States</b>, per ecosystem (created by the first command that names it; never removed): its epoch (0 at first),
 * its coordinator (a node incarnation, none at first), its pending items in acceptance order, for each submitter
 * incarnation the highest sequence accepted ({@code acceptedUpTo}), its unreleased outcomes (the completions of the
 * items completed and not yet released or forgotten) in completion order, the submitter incarnations forgotten,
 * its last checkpoint, its counters.
 *
 * <p><b>Commands</b>, each applied deterministically from the entry and the state alone:
 * <ul>
 *   <li>ACCEPT(items): each item whose sequence is above its submitter's {@code acceptedUpTo} is appended to the
 *       pending items, and raises it; the others are ignored and counted ({@code duplicateAccepts}: a proposal
 *       retried after a leader change). So a submitter's items are accepted at most once, in its sequence order;
 *       a batch that failed for its submitter (no quorum) and reaches the log after a later one is ignored.
 *       Answers the number accepted.
 *   <li>COORDINATOR_STARTED(epoch, node): if the epoch is at least the journal's, the epoch becomes it and the
 *       coordinator that node (told to the listeners if either changed); else ignored and counted {@code fenced}.
 *       Answers the epoch now.
 *   <li>COMPLETE(completions): each is applied only if its epoch is at least the journal's (else counted
 *       {@code fenced}) and its item is pending (else counted {@code duplicate}): the item leaves the pending items
 *       and its completion is kept as an unreleased outcome (unless its submitter was forgotten: nobody waits for
 *       it). Answers the number applied.
 *   <li>CHECKPOINT(epoch, state): kept if the epoch is at least the journal's, else counted {@code fenced}.
 *   <li>RELEASE(ids): proposed (batched) by the submitter's node once it has completed the items' futures: removes
 *       their outcomes (counted {@code released}); an id whose outcome is not held (released already by a retried
 *       proposal, forgotten, never completed) is ignored and counted ({@code duplicateReleases}). Answers the
 *       number removed.
 *   <li>FORGET(node incarnation): proposed by the coordinator when a submitter's incarnation is gone for good (its
 *       futures are gone with it): removes every outcome of that submitter's items (counted {@code forgotten}),
 *       and remembers the incarnation, so that the outcomes of its items completed later are not kept. Its pending
 *       items stay pending (accepted work is still executed) and its {@code acceptedUpTo} stays (a late retried
 *       ACCEPT of it is still ignored). Not fenced: it only drops what nobody can wait for. Answers the number
 *       removed.
 * </ul>
 * A command is decoded whole before anything changes: bad or unknown bytes are refused with an
 * {@link IllegalArgumentException} that says why (and logged here: jgroups-raft tells only the proposer), and
 * change nothing (jgroups-raft then fails the proposer's future and applies the next entry; when it replays the
 * log on disk at start, the exception fails the start).
 *
 * <p><b>Threads.</b> jgroups-raft applies entries and reads or writes snapshots on its single runner thread.
 * Readers ({@link #pending}, {@link #epoch}, {@link #completion}...) run on any thread. The state is guarded by
 * {@code lock} (a {@code ReentrantLock}: no monitor, so that a virtual thread never pins its carrier on it); the
 * apply thread holds it only to change memory, readers only to copy. Listeners are called on the apply thread
 * after the lock is released, in log order, so a reader always sees at least the state a listener is told of.
 *
 * <p><b>Invariants.</b> An item is pending at most once, and is completed at most once per replica (a listener
 * hears {@code completed} once per item). An item is never both pending and held as an outcome. An outcome is held
 * from its COMPLETE until RELEASE or FORGET (or not at all if its submitter was forgotten before). The epoch never
 * decreases. Every replica at the same log index holds the same state, the same outcomes in the same order
 * included (the snapshot included).
 *
 * <h2>Snapshots</h2>
 * {@link #writeContentTo} writes the whole state (format version {@value #SNAPSHOT_VERSION}, ecosystems sorted by
 * name; per ecosystem its epoch, coordinator, counters, checkpoint, {@code acceptedUpTo} and forgotten submitters
 * sorted by node, pending items in acceptance order, then the unreleased outcomes in completion order, which is log
 * order and so the same on every replica); {@link #readContentFrom} replaces it whole (it refuses another version,
 * version 1 included, which held no outcomes), then calls {@link JournalListener#snapshotLoaded}: nothing is told
 * for the items completed before the snapshot, and a listener resynchronises by reading {@link #pending},
 * {@link #epoch}, {@link #coordinator}, {@link #acceptedUpTo}, and its outcomes with {@link #outcomesOf} (or
 * {@link #completion}). An item of this node's submitter that the snapshot shows accepted ({@code sequence <=
 * acceptedUpTo}) was either still pending, or completed with its outcome held (until this node releases it), since
 * only this node's RELEASE or a FORGET of its incarnation removes it.
 */
public final class WorkJournal implements StateMachine {

    /** The snapshot format's version. */
    static final byte SNAPSHOT_VERSION = 2;

    /** Node incarnations by name, then incarnation: the order of the snapshot's submitters. */
    private static final Comparator<Node> NODE_ORDER = Comparator.comparing(Node::name)
            .thenComparingLong(Node::incarnation);

    private static final Logger LOG = LoggerFactory.getLogger(WorkJournal.class);

    /** One ecosystem's state; guarded by the journal's lock. */
    private static final class Ecosystem {
        long epoch;
        Node coordinator;
        final LinkedHashMap<ItemId, JournalItem> pending = new LinkedHashMap<>();
        final Map<Node, Long> acceptedUpTo = new HashMap<>();
        /** The unreleased outcomes, in completion (log) order. */
        final LinkedHashMap<ItemId, Completion> outcomes = new LinkedHashMap<>();
        /** The submitter incarnations forgotten: the outcomes of their items are not kept. */
        final Set<Node> forgottenSubmitters = new HashSet<>();
        Checkpoint checkpoint;
        long accepted;
        long completed;
        long duplicateAccepts;
        long duplicates;
        long fenced;
        long released;
        long duplicateReleases;
        long forgotten;

        JournalCounters counters() {
            return new JournalCounters(accepted, completed, duplicateAccepts, duplicates, fenced, released,
                    duplicateReleases, forgotten);
        }
    }

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    /** By name, sorted (so that snapshots are the same on every replica); guarded by {@code lock}. */
    private Map<String, Ecosystem> ecosystems = new TreeMap<>();
    private final List<JournalListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates an empty replica; the log fills it when the channel starts.
     *
     * @param name this replica's name in errors and logs (e.g. the node's name)
     */
    public WorkJournal(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** @param listener told of what this replica applies from now on (see {@link JournalListener}) */
    public void addListener(JournalListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener added before; told nothing more once this returns (unless it is being told) */
    public void removeListener(JournalListener listener) {
        listeners.remove(listener);
    }

    // ---- reads (any thread)

    /** @return the ecosystems this replica knows */
    public Set<String> ecosystems() {
        return read(() -> Set.copyOf(ecosystems.keySet()));
    }

    /**
     * @param ecosystem an ecosystem
     * @return its epoch (0 if no coordinator started yet)
     */
    public long epoch(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> e.epoch).orElse(0L));
    }

    /**
     * @param ecosystem an ecosystem
     * @return the node incarnation of its coordinator for the current epoch, if one started
     */
    public Optional<Node> coordinator(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> e.coordinator));
    }

    /**
     * @param ecosystem an ecosystem
     * @return its pending items (accepted, not completed), in acceptance order: a copy
     */
    public List<JournalItem> pending(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> List.copyOf(e.pending.values())).orElse(List.of()));
    }

    /**
     * @param ecosystem an ecosystem
     * @return how many items are pending
     */
    public int pendingCount(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> e.pending.size()).orElse(0));
    }

    /**
     * @param ecosystem an ecosystem
     * @param id an item
     * @return whether the item is pending
     */
    public boolean isPending(String ecosystem, ItemId id) {
        return read(() -> find(ecosystem).map(e -> e.pending.containsKey(id)).orElse(false));
    }

    /**
     * @param ecosystem an ecosystem
     * @param submitter a submitter's node incarnation
     * @return the highest sequence of its items accepted (0 if none)
     */
    public long acceptedUpTo(String ecosystem, Node submitter) {
        return read(() -> find(ecosystem).map(e -> e.acceptedUpTo.getOrDefault(submitter, 0L)).orElse(0L));
    }

    /**
     * @param ecosystem an ecosystem
     * @param id an item
     * @return its outcome, if the item was completed and its outcome is not yet released nor forgotten
     */
    public Optional<Completion> completion(String ecosystem, ItemId id) {
        Objects.requireNonNull(id, "id");
        return read(() -> find(ecosystem).map(e -> e.outcomes.get(id)));
    }

    /**
     * @param ecosystem an ecosystem
     * @return how many outcomes it holds (completed, not yet released nor forgotten)
     */
    public int outcomeCount(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> e.outcomes.size()).orElse(0));
    }

    /**
     * What the coordinator reads to decide which submitter incarnations to forget.
     *
     * @param ecosystem an ecosystem
     * @return the submitter incarnations that had items accepted and are not forgotten: a copy
     */
    public Set<Node> submitters(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> {
            Set<Node> all = new HashSet<>(e.acceptedUpTo.keySet());
            all.removeAll(e.forgottenSubmitters);
            return Set.copyOf(all);
        }).orElse(Set.of()));
    }

    /**
     * What a submitter's node reads to resynchronise in one call (e.g. after {@link JournalListener#snapshotLoaded}).
     *
     * @param ecosystem an ecosystem
     * @param submitter a submitter's node incarnation
     * @return the outcomes held of its items, in completion order: a copy
     */
    public List<Completion> outcomesOf(String ecosystem, Node submitter) {
        Objects.requireNonNull(submitter, "submitter");
        return read(() -> find(ecosystem).map(e -> e.outcomes.values().stream()
                .filter(c -> c.id().submitter().equals(submitter))
                .toList()).orElse(List.of()));
    }

    /**
     * @param ecosystem an ecosystem
     * @return its last checkpoint, if a coordinator committed one
     */
    public Optional<Checkpoint> checkpoint(String ecosystem) {
        return read(() -> find(ecosystem).map(e -> e.checkpoint));
    }

    /**
     * @param ecosystem an ecosystem
     * @return its counters (all 0 if it is unknown)
     */
    public JournalCounters counters(String ecosystem) {
        return read(() -> find(ecosystem).map(Ecosystem::counters).orElse(new JournalCounters(0, 0, 0, 0, 0, 0, 0, 0)));
    }

    // ---- the state machine (the apply thread)

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        Command command;
        try {
            command = JournalCommands.decode(data, offset, length);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException refused = new IllegalArgumentException(e.getMessage() + " (work journal of "
                    + name + ", ecosystems " + ecosystems() + "; the entry is ignored)", e);
            // jgroups-raft tells only the proposer (RAFT.applyCommit catches it): say it on every replica
            LOG.warn("{}", refused.getMessage());
            throw refused;
        }
        List<Consumer<JournalListener>> notifications = new ArrayList<>(2);
        long answer;
        lock.lock();
        try {
            Ecosystem e = ecosystems.computeIfAbsent(command.ecosystem(), k -> new Ecosystem());
            answer = switch (command) {
                case Accept a -> accept(e, a, notifications);
                case CoordinatorStarted c -> coordinatorStarted(e, c, notifications);
                case Complete c -> complete(e, c, notifications);
                case SaveCheckpoint c -> checkpoint(e, c);
                case Release r -> release(e, r);
                case Forget f -> forget(e, f);
            };
        } finally {
            lock.unlock();
        }
        notifications.forEach(this::tell);
        return serializeResponse ? ByteBuffer.allocate(Long.BYTES).putLong(answer).array() : null;
    }

    private long accept(Ecosystem e, Accept a, List<Consumer<JournalListener>> notifications) {
        List<JournalItem> added = new ArrayList<>(a.items().size());
        for (JournalItem item : a.items()) {
            Node submitter = item.id().submitter();
            if (item.id().sequence() <= e.acceptedUpTo.getOrDefault(submitter, 0L)) {
                e.duplicateAccepts++;
                continue;
            }
            e.acceptedUpTo.put(submitter, item.id().sequence());
            e.pending.put(item.id(), item);
            e.accepted++;
            added.add(item);
        }
        if (!added.isEmpty()) {
            List<JournalItem> items = List.copyOf(added);
            notifications.add(l -> l.accepted(a.ecosystem(), items));
        }
        return added.size();
    }

    private long coordinatorStarted(Ecosystem e, CoordinatorStarted c, List<Consumer<JournalListener>> notifications) {
        if (c.epoch() < e.epoch) {
            e.fenced++;
            return e.epoch;
        }
        Node node = new Node(c.node(), c.incarnation());
        if (c.epoch() != e.epoch || !node.equals(e.coordinator)) {
            e.epoch = c.epoch();
            e.coordinator = node;
            long epoch = e.epoch;
            notifications.add(l -> l.epochChanged(c.ecosystem(), epoch, node));
        }
        return e.epoch;
    }

    private long complete(Ecosystem e, Complete c, List<Consumer<JournalListener>> notifications) {
        long applied = 0;
        for (Completion completion : c.completions()) {
            if (completion.epoch() < e.epoch) {
                e.fenced++;
            } else if (e.pending.remove(completion.id()) == null) {
                e.duplicates++;
            } else {
                if (!e.forgottenSubmitters.contains(completion.id().submitter())) {
                    e.outcomes.put(completion.id(), completion);
                }
                e.completed++;
                applied++;
                notifications.add(l -> l.completed(c.ecosystem(), completion.id(), completion));
            }
        }
        return applied;
    }

    private long checkpoint(Ecosystem e, SaveCheckpoint c) {
        if (c.checkpoint().epoch() < e.epoch) {
            e.fenced++;
            return 0;
        }
        e.checkpoint = c.checkpoint();
        return 1;
    }

    private long release(Ecosystem e, Release r) {
        long removed = 0;
        for (ItemId id : r.ids()) {
            if (e.outcomes.remove(id) == null) {
                e.duplicateReleases++;
            } else {
                e.released++;
                removed++;
            }
        }
        return removed;
    }

    private long forget(Ecosystem e, Forget f) {
        e.forgottenSubmitters.add(f.submitter());
        long removed = 0;
        for (Iterator<ItemId> i = e.outcomes.keySet().iterator(); i.hasNext(); ) {
            if (i.next().submitter().equals(f.submitter())) {
                i.remove();
                removed++;
            }
        }
        e.forgotten += removed;
        return removed;
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        lock.lock();
        try {
            out.writeByte(SNAPSHOT_VERSION);
            out.writeInt(ecosystems.size());
            for (Map.Entry<String, Ecosystem> entry : ecosystems.entrySet()) {
                Ecosystem e = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeLong(e.epoch);
                out.writeBoolean(e.coordinator != null);
                if (e.coordinator != null) {
                    out.writeUTF(e.coordinator.name());
                    out.writeLong(e.coordinator.incarnation());
                }
                for (long counter : new long[] {e.accepted, e.completed, e.duplicateAccepts, e.duplicates, e.fenced,
                        e.released, e.duplicateReleases, e.forgotten}) {
                    out.writeLong(counter);
                }
                out.writeBoolean(e.checkpoint != null);
                if (e.checkpoint != null) {
                    out.writeLong(e.checkpoint.epoch());
                    JournalCommands.writeBytes(out, e.checkpoint.state());
                }
                Map<Node, Long> upTo = new TreeMap<>(NODE_ORDER);
                upTo.putAll(e.acceptedUpTo);
                out.writeInt(upTo.size());
                for (Map.Entry<Node, Long> u : upTo.entrySet()) {
                    out.writeUTF(u.getKey().name());
                    out.writeLong(u.getKey().incarnation());
                    out.writeLong(u.getValue());
                }
                Set<Node> forgottenSubmitters = new TreeSet<>(NODE_ORDER);
                forgottenSubmitters.addAll(e.forgottenSubmitters);
                out.writeInt(forgottenSubmitters.size());
                for (Node f : forgottenSubmitters) {
                    out.writeUTF(f.name());
                    out.writeLong(f.incarnation());
                }
                out.writeInt(e.pending.size());
                for (JournalItem item : e.pending.values()) {
                    JournalCommands.writeItem(out, item);
                }
                out.writeInt(e.outcomes.size());
                for (Completion c : e.outcomes.values()) {
                    JournalCommands.writeCompletion(out, c);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        byte version = in.readByte();
        if (version != SNAPSHOT_VERSION) {
            throw new IllegalStateException("work journal of " + name + ": snapshot of version " + version + ", but "
                    + "this node reads version " + SNAPSHOT_VERSION + " (version 1 held no outcomes); the state is "
                    + "unchanged");
        }
        Map<String, Ecosystem> read = new TreeMap<>();
        int n = JournalCommands.readCount(in);
        for (int i = 0; i < n; i++) {
            String ecosystem = in.readUTF();
            Ecosystem e = new Ecosystem();
            e.epoch = in.readLong();
            e.coordinator = in.readBoolean() ? new Node(in.readUTF(), in.readLong()) : null;
            e.accepted = in.readLong();
            e.completed = in.readLong();
            e.duplicateAccepts = in.readLong();
            e.duplicates = in.readLong();
            e.fenced = in.readLong();
            e.released = in.readLong();
            e.duplicateReleases = in.readLong();
            e.forgotten = in.readLong();
            e.checkpoint = in.readBoolean() ? new Checkpoint(in.readLong(), JournalCommands.readBytes(in)) : null;
            int submitters = JournalCommands.readCount(in);
            for (int s = 0; s < submitters; s++) {
                e.acceptedUpTo.put(new Node(in.readUTF(), in.readLong()), in.readLong());
            }
            int forgottenSubmitters = JournalCommands.readCount(in);
            for (int f = 0; f < forgottenSubmitters; f++) {
                e.forgottenSubmitters.add(new Node(in.readUTF(), in.readLong()));
            }
            int pending = JournalCommands.readCount(in);
            for (int p = 0; p < pending; p++) {
                JournalItem item = JournalCommands.readItem(in);
                e.pending.put(item.id(), item);
            }
            int outcomes = JournalCommands.readCount(in);
            for (int o = 0; o < outcomes; o++) {
                Completion c = JournalCommands.readCompletion(in);
                e.outcomes.put(c.id(), c);
            }
            read.put(ecosystem, e);
        }
        lock.lock();
        try {
            ecosystems = read;
        } finally {
            lock.unlock();
        }
        Set<String> names = Set.copyOf(read.keySet());
        tell(l -> l.snapshotLoaded(this, names));
    }

    // ---- helpers

    private interface Read<T> {
        T get();
    }

    private <T> T read(Read<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private Optional<Ecosystem> find(String ecosystem) {
        return Optional.ofNullable(ecosystems.get(Objects.requireNonNull(ecosystem, "ecosystem")));
    }

    private void tell(Consumer<JournalListener> notification) {
        for (JournalListener listener : listeners) {
            try {
                notification.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("Work journal of {}: listener {} failed (ignored; the journal's state is not affected)",
                        name, listener, e);
            }
        }
    }

    @Override
    public String toString() {
        return "WorkJournal[" + name + ", ecosystems " + ecosystems() + "]";
    }
}
