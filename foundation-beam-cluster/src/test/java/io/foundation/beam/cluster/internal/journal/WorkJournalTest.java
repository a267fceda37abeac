package io.foundation.beam.cluster.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.Node;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.Test;

/** {@link WorkJournal} as a pure state machine: commands applied in order, snapshots, listeners, bad bytes. */
class WorkJournalTest {

    private static final String ORDERS = "orders";
    private final WorkJournal journal = new WorkJournal("test");
    private final List<String> heard = new ArrayList<>();

    WorkJournalTest() {
        journal.addListener(new Recorder(heard));
    }

    @Test
    void acceptedItemsArePendingInOrderAndCompletedOnce() {
        assertThat(apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("b", 1), item("a", 2)))))
                .isEqualTo(3);
        assertThat(journal.pending(ORDERS)).extracting(JournalItem::id)
                .containsExactly(id("a", 1), id("b", 1), id("a", 2));
        assertThat(journal.pending(ORDERS).get(0)).isEqualTo(item("a", 1));
        assertThat(journal.acceptedUpTo(ORDERS, new Node("a", 7))).isEqualTo(2);

        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("b", 1, 0), done("b", 1, 0))))).isEqualTo(1);
        assertThat(journal.pending(ORDERS)).extracting(JournalItem::id).containsExactly(id("a", 1), id("a", 2));
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(3, 1, 0, 1, 0, 0, 0, 0));
        assertThat(heard).containsExactly("accepted orders [a/7#1, b/7#1, a/7#2]", "completed orders b/7#1 ok");
    }

    @Test
    void aRetriedOrLateAcceptIsIgnored() {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2))));
        apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 0))));
        assertThat(apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2), item("a", 3)))))
                .as("the retried batch: only the new item").isEqualTo(1);
        assertThat(journal.pending(ORDERS)).extracting(JournalItem::id).containsExactly(id("a", 2), id("a", 3));
        assertThat(journal.counters(ORDERS).duplicateAccepts()).isEqualTo(2);
        assertThat(journal.isPending(ORDERS, id("a", 1))).isFalse();
    }

    @Test
    void theEpochOnlyGrowsAndFencesStaleCompletionsAndCheckpoints() {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2))));
        assertThat(apply(JournalCommands.coordinatorStarted(ORDERS, 3, "b", 9))).isEqualTo(3);
        assertThat(apply(JournalCommands.coordinatorStarted(ORDERS, 2, "c", 9))).as("a stale start").isEqualTo(3);
        assertThat(journal.epoch(ORDERS)).isEqualTo(3);
        assertThat(journal.coordinator(ORDERS)).contains(new Node("b", 9));

        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 2))))).as("fenced").isZero();
        assertThat(apply(JournalCommands.checkpoint(ORDERS, 2, bytes("old")))).isZero();
        assertThat(journal.checkpoint(ORDERS)).isEmpty();
        assertThat(journal.pending(ORDERS)).hasSize(2);

        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 3))))).isEqualTo(1);
        assertThat(apply(JournalCommands.checkpoint(ORDERS, 3, bytes("state-3")))).isEqualTo(1);
        assertThat(journal.checkpoint(ORDERS)).contains(new Checkpoint(3, bytes("state-3")));
        assertThat(apply(JournalCommands.coordinatorStarted(ORDERS, 3, "b", 9))).as("again: no change").isEqualTo(3);
        assertThat(apply(JournalCommands.coordinatorStarted(ORDERS, 4, "c", 1))).isEqualTo(4);
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(2, 1, 0, 0, 3, 0, 0, 0));
        assertThat(heard).containsExactly("accepted orders [a/7#1, a/7#2]", "epoch orders 3 b/9",
                "completed orders a/7#1 ok", "epoch orders 4 c/1");
        assertThat(journal.epoch("other")).isZero();
        assertThat(journal.pending("other")).isEmpty();
    }

    @Test
    void ecosystemsAreIndependent() {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        apply(JournalCommands.accept("billing", List.of(item("a", 1))));
        apply(JournalCommands.coordinatorStarted("billing", 5, "a", 7));
        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 0))))).isEqualTo(1);
        assertThat(journal.pending("billing")).hasSize(1);
        assertThat(journal.epoch(ORDERS)).isZero();
        assertThat(journal.ecosystems()).containsExactlyInAnyOrder(ORDERS, "billing");
    }

    @Test
    void aSnapshotRoundTripsTheWholeStateAndTellsNothingCompleted() throws Exception {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("b", 1), item("a", 2))));
        apply(JournalCommands.accept("billing", List.of(new JournalItem(id("c", 4), null, new byte[0]))));
        apply(JournalCommands.coordinatorStarted(ORDERS, 2, "b", 9));
        apply(JournalCommands.complete(ORDERS, List.of(done("b", 1, 2), done("b", 1, 2), done("a", 1, 1))));
        apply(JournalCommands.checkpoint(ORDERS, 2, bytes("state")));
        byte[] snapshot = snapshot(journal);

        WorkJournal copy = new WorkJournal("copy");
        List<String> copyHeard = new ArrayList<>();
        copy.addListener(new Recorder(copyHeard));
        copy.readContentFrom(new ByteArrayDataInputStream(snapshot));
        for (String e : List.of(ORDERS, "billing")) {
            assertThat(copy.pending(e)).isEqualTo(journal.pending(e));
            assertThat(copy.epoch(e)).isEqualTo(journal.epoch(e));
            assertThat(copy.coordinator(e)).isEqualTo(journal.coordinator(e));
            assertThat(copy.checkpoint(e)).isEqualTo(journal.checkpoint(e));
            assertThat(copy.counters(e)).isEqualTo(journal.counters(e));
        }
        assertThat(copy.acceptedUpTo(ORDERS, new Node("a", 7))).isEqualTo(2);
        assertThat(snapshot(copy)).as("the same state writes the same bytes").isEqualTo(snapshot);
        assertThat(copyHeard).containsExactly("snapshot [billing, orders]");

        assertThat(applyTo(copy, JournalCommands.accept(ORDERS, List.of(item("a", 2))))).as("still a duplicate")
                .isZero();
        assertThat(applyTo(copy, JournalCommands.complete(ORDERS, List.of(done("a", 2, 2))))).isEqualTo(1);
        assertThat(copyHeard).last().isEqualTo("completed orders a/7#2 ok");
    }

    @Test
    void aCompletionKeepsItsOutcomeUntilReleased() {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2), item("b", 1))));
        apply(JournalCommands.coordinatorStarted(ORDERS, 2, "c", 1));
        Completion failed = new Completion(id("a", 1), 2, 3, false, bytes("boom"));
        assertThat(apply(JournalCommands.complete(ORDERS, List.of(failed, done("b", 1, 2), done("a", 2, 1)))))
                .as("a/7#2's completion is fenced").isEqualTo(2);
        assertThat(journal.isPending(ORDERS, id("a", 1))).isFalse();
        assertThat(journal.completion(ORDERS, id("a", 1))).contains(failed);
        assertThat(journal.completion(ORDERS, id("b", 1))).contains(done("b", 1, 2));
        assertThat(journal.completion(ORDERS, id("a", 2))).as("fenced: still pending, no outcome").isEmpty();
        assertThat(journal.isPending(ORDERS, id("a", 2))).isTrue();
        assertThat(journal.outcomeCount(ORDERS)).isEqualTo(2);

        assertThat(apply(JournalCommands.release(ORDERS, List.of(id("a", 1), id("a", 1), id("a", 9), id("a", 2)))))
                .as("only a/7#1 was held").isEqualTo(1);
        assertThat(journal.completion(ORDERS, id("a", 1))).isEmpty();
        assertThat(journal.completion(ORDERS, id("b", 1))).isPresent();
        assertThat(journal.outcomeCount(ORDERS)).isEqualTo(1);
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(3, 2, 0, 0, 1, 1, 3, 0));
        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 2))))).as("completed already")
                .isZero();
        assertThat(journal.completion(ORDERS, id("a", 1))).as("a late COMPLETE does not bring it back").isEmpty();
        assertThat(apply(JournalCommands.release("billing", List.of(id("b", 1))))).as("another ecosystem").isZero();
        assertThat(journal.completion(ORDERS, id("b", 1))).isPresent();
        assertThat(heard).as("RELEASE is told to nobody").containsExactly("accepted orders [a/7#1, a/7#2, b/7#1]",
                "epoch orders 2 c/1", "completed orders a/7#1 failed", "completed orders b/7#1 ok");
        assertThat(journal.completion("other", id("b", 1))).isEmpty();
        assertThat(journal.outcomeCount("other")).isZero();
    }

    @Test
    void forgetRemovesOnlyThatIncarnationsOutcomesAndKeepsItsPendingItems() {
        ItemId otherLife = new ItemId("a", 8, 1);
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2), item("a", 3), item("b", 1),
                new JournalItem(otherLife, null, bytes("w")))));
        apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 0), new Completion(otherLife, 0, 1, true,
                bytes("ok")), done("b", 1, 0))));
        assertThat(journal.outcomeCount(ORDERS)).isEqualTo(3);

        assertThat(apply(JournalCommands.forget(ORDERS, new Node("a", 7)))).isEqualTo(1);
        assertThat(journal.completion(ORDERS, id("a", 1))).isEmpty();
        assertThat(journal.completion(ORDERS, otherLife)).as("another incarnation of the node").isPresent();
        assertThat(journal.completion(ORDERS, id("b", 1))).isPresent();
        assertThat(journal.pending(ORDERS)).as("its accepted work is still to do").extracting(JournalItem::id)
                .containsExactly(id("a", 2), id("a", 3));
        assertThat(journal.acceptedUpTo(ORDERS, new Node("a", 7))).isEqualTo(3);
        assertThat(apply(JournalCommands.accept(ORDERS, List.of(item("a", 3))))).as("a late retried ACCEPT")
                .isZero();

        assertThat(apply(JournalCommands.complete(ORDERS, List.of(done("a", 2, 0))))).isEqualTo(1);
        assertThat(journal.isPending(ORDERS, id("a", 2))).isFalse();
        assertThat(journal.completion(ORDERS, id("a", 2))).as("nobody waits for it: not kept").isEmpty();
        assertThat(heard).last().isEqualTo("completed orders a/7#2 ok");
        assertThat(journal.outcomeCount(ORDERS)).isEqualTo(2);
        assertThat(apply(JournalCommands.forget(ORDERS, new Node("a", 7)))).as("again").isZero();
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(5, 4, 1, 0, 0, 0, 0, 1));
    }

    @Test
    void outcomesOfListsOneIncarnationsOutcomesInCompletionOrderAsACopy() {
        ItemId otherLife = new ItemId("a", 8, 1);
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2), item("a", 3), item("b", 1),
                new JournalItem(otherLife, null, bytes("w")))));
        apply(JournalCommands.complete(ORDERS, List.of(done("a", 3, 0), done("b", 1, 0))));
        apply(JournalCommands.complete(ORDERS, List.of(new Completion(otherLife, 0, 1, true, bytes("ok")),
                done("a", 1, 0))));
        List<Completion> mine = journal.outcomesOf(ORDERS, new Node("a", 7));
        assertThat(mine).containsExactly(done("a", 3, 0), done("a", 1, 0));
        apply(JournalCommands.release(ORDERS, List.of(id("a", 3))));
        assertThat(mine).as("a copy").hasSize(2);
        assertThat(journal.outcomesOf(ORDERS, new Node("a", 7))).containsExactly(done("a", 1, 0));
        assertThat(journal.outcomesOf(ORDERS, new Node("a", 8))).extracting(Completion::id).containsExactly(otherLife);
        assertThat(journal.outcomesOf(ORDERS, new Node("c", 7))).isEmpty();
        assertThat(journal.outcomesOf("other", new Node("a", 7))).isEmpty();
    }

    @Test
    void aSnapshotHoldsTheOutcomesSoThatALaggingSubmitterFindsThem() throws Exception {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("b", 1), item("a", 2), item("c", 1),
                item("a", 3), item("a", 4))));
        apply(JournalCommands.coordinatorStarted(ORDERS, 2, "b", 9));
        apply(JournalCommands.complete(ORDERS, List.of(done("a", 2, 2), done("b", 1, 2), done("c", 1, 2))));
        apply(JournalCommands.complete(ORDERS, List.of(new Completion(id("a", 1), 2, 2, false, bytes("no")))));
        apply(JournalCommands.release(ORDERS, List.of(id("b", 1), id("b", 5))));
        apply(JournalCommands.forget(ORDERS, new Node("c", 7)));
        apply(JournalCommands.accept("billing", List.of(item("d", 1))));
        apply(JournalCommands.complete("billing", List.of(done("d", 1, 0))));
        byte[] snapshot = snapshot(journal);

        WorkJournal copy = new WorkJournal("copy");
        List<String> copyHeard = new ArrayList<>();
        copy.addListener(new JournalListener() {
            @Override
            public void snapshotLoaded(WorkJournal loaded, Set<String> ecosystems) {
                copyHeard.add("snapshot " + loaded.outcomesOf(ORDERS, new Node("a", 7)).stream()
                        .map(c -> c.id() + (c.success() ? " ok" : " failed")).toList());
            }
        });
        copy.readContentFrom(new ByteArrayDataInputStream(snapshot));
        assertThat(copyHeard).containsExactly("snapshot [a/7#2 ok, a/7#1 failed]");
        for (String e : List.of(ORDERS, "billing")) {
            assertThat(copy.pending(e)).isEqualTo(journal.pending(e));
            assertThat(copy.counters(e)).isEqualTo(journal.counters(e));
            assertThat(copy.outcomeCount(e)).isEqualTo(journal.outcomeCount(e)).isPositive();
        }
        assertThat(copy.pending(ORDERS)).extracting(JournalItem::id).containsExactly(id("a", 3), id("a", 4));
        assertThat(copy.outcomesOf(ORDERS, new Node("a", 7))).containsExactly(done("a", 2, 2),
                new Completion(id("a", 1), 2, 2, false, bytes("no")));
        assertThat(copy.completion(ORDERS, id("b", 1))).as("released").isEmpty();
        assertThat(copy.completion(ORDERS, id("c", 1))).as("forgotten").isEmpty();
        assertThat(copy.completion("billing", id("d", 1))).contains(done("d", 1, 0));
        assertThat(copy.counters(ORDERS)).isEqualTo(new JournalCounters(6, 4, 0, 0, 0, 1, 1, 1));
        assertThat(snapshot(copy)).as("the same state writes the same bytes").isEqualTo(snapshot);

        // the copy goes on as the original: the forgotten submitter stays forgotten, releases apply
        apply(JournalCommands.accept(ORDERS, List.of(item("c", 2))));
        applyTo(copy, JournalCommands.accept(ORDERS, List.of(item("c", 2))));
        for (byte[] command : List.of(JournalCommands.complete(ORDERS, List.of(done("c", 2, 2), done("a", 3, 2))),
                JournalCommands.release(ORDERS, List.of(id("a", 2))))) {
            assertThat(applyTo(copy, command)).isEqualTo(apply(command));
        }
        assertThat(copy.completion(ORDERS, id("c", 2))).isEmpty();
        assertThat(copy.outcomesOf(ORDERS, new Node("a", 7))).extracting(Completion::id)
                .containsExactly(id("a", 1), id("a", 3));
        assertThat(snapshot(copy)).isEqualTo(snapshot(journal));
    }

    @Test
    void badReleaseAndForgetBytesAreRefusedClearlyAndChangeNothing() throws Exception {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        apply(JournalCommands.complete(ORDERS, List.of(done("a", 1, 0))));
        byte[] before = snapshot(journal);
        byte[] release = JournalCommands.release(ORDERS, List.of(id("a", 1)));
        byte[] forget = JournalCommands.forget(ORDERS, new Node("a", 7));

        assertThatThrownBy(() -> apply(Arrays.copyOf(release, release.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unreadable RELEASE command")
                .hasMessageContaining("work journal of test");
        assertThatThrownBy(() -> apply(Arrays.copyOf(forget, forget.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unreadable FORGET command");
        assertThatThrownBy(() -> apply(Arrays.copyOf(release, release.length + 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes left over after the RELEASE command of ecosystem 'orders'");
        assertThatThrownBy(() -> apply(Arrays.copyOf(forget, forget.length + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 bytes left over after the FORGET command of ecosystem 'orders'");
        byte[] negativeCount = release.clone();
        ByteBuffer.wrap(negativeCount).putInt(2 + 2 + ORDERS.length(), -1);
        assertThatThrownBy(() -> apply(negativeCount)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable RELEASE command").hasMessageContaining("negative count -1");
        byte[] blankNode = JournalCommands.forget(ORDERS, new Node("x", 7));
        blankNode[2 + 2 + ORDERS.length() + 2] = ' ';
        assertThatThrownBy(() -> apply(blankNode)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable FORGET command").hasMessageContaining("must not be blank");

        assertThat(snapshot(journal)).as("nothing changed").isEqualTo(before);
        assertThat(apply(release)).as("and it goes on").isEqualTo(1);
    }

    @Test
    void aSnapshotReplacesTheStateWhole() throws Exception {
        byte[] empty = snapshot(journal);
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        journal.readContentFrom(new ByteArrayDataInputStream(empty));
        assertThat(journal.ecosystems()).isEmpty();
        assertThat(journal.pending(ORDERS)).isEmpty();
    }

    @Test
    void badBytesAreRefusedClearlyAndChangeNothing() throws Exception {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        byte[] before = snapshot(journal);
        byte[] good = JournalCommands.complete(ORDERS, List.of(done("a", 1, 0)));

        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> apply(otherVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command of version 9").hasMessageContaining("reads version 1")
                .hasMessageContaining("work journal of test");
        byte[] unknownOp = good.clone();
        unknownOp[1] = 42;
        assertThatThrownBy(() -> apply(unknownOp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown operation 42");
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> apply(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable COMPLETE command");
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> apply(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 bytes left over after the COMPLETE command of ecosystem 'orders'");
        byte[] hugeLength = JournalCommands.checkpoint(ORDERS, 0, new byte[0]);
        ByteBuffer.wrap(hugeLength).putInt(hugeLength.length - 4, Integer.MAX_VALUE);
        assertThatThrownBy(() -> apply(hugeLength)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable CHECKPOINT");
        assertThatThrownBy(() -> apply(new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");

        assertThat(snapshot(journal)).as("nothing changed").isEqualTo(before);
        assertThat(apply(good)).as("and it goes on").isEqualTo(1);
    }

    @Test
    void aSnapshotOfAnotherVersionIsRefusedAndChangesNothing() throws Exception {
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        byte[] other = snapshot(new WorkJournal("x"));
        assertThat(other[0]).isEqualTo(WorkJournal.SNAPSHOT_VERSION).isEqualTo((byte) 2);
        other[0] = 1; // version 1 held no outcomes: refused
        assertThatThrownBy(() -> journal.readContentFrom(new ByteArrayDataInputStream(other)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot of version 1")
                .hasMessageContaining("reads version 2");
        assertThat(journal.pending(ORDERS)).hasSize(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheState() {
        journal.addListener(new JournalListener() {
            @Override
            public void accepted(String ecosystem, List<JournalItem> items) {
                throw new IllegalStateException("listener bug");
            }
        });
        List<String> last = new ArrayList<>();
        journal.addListener(new Recorder(last));
        apply(JournalCommands.accept(ORDERS, List.of(item("a", 1))));
        assertThat(last).containsExactly("accepted orders [a/7#1]");
        assertThat(journal.pendingCount(ORDERS)).isEqualTo(1);
    }

    // ---- helpers

    static ItemId id(String node, long sequence) {
        return new ItemId(node, 7, sequence);
    }

    static JournalItem item(String node, long sequence) {
        return new JournalItem(id(node, sequence), sequence % 2 == 0 ? null : "key-" + sequence,
                bytes("work " + node + sequence));
    }

    static Completion done(String node, long sequence, long epoch) {
        return new Completion(id(node, sequence), epoch, 1, true, bytes("ok"));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long apply(byte[] command) {
        return applyTo(journal, command);
    }

    private static long applyTo(WorkJournal journal, byte[] command) {
        return ByteBuffer.wrap(journal.apply(command, 0, command.length, true)).getLong();
    }

    static byte[] snapshot(WorkJournal journal) throws Exception {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(256);
        journal.writeContentTo(out);
        return Arrays.copyOf(out.buffer(), out.position());
    }

    /** Writes what it hears as lines. */
    record Recorder(List<String> heard) implements JournalListener {
        @Override
        public void accepted(String ecosystem, List<JournalItem> items) {
            heard.add("accepted " + ecosystem + " " + items.stream().map(JournalItem::id).toList());
        }

        @Override
        public void completed(String ecosystem, ItemId id, Completion completion) {
            heard.add("completed " + ecosystem + " " + id + (completion.success() ? " ok" : " failed"));
        }

        @Override
        public void epochChanged(String ecosystem, long epoch, Node coordinator) {
            heard.add("epoch " + ecosystem + " " + epoch + " " + coordinator.name() + "/" + coordinator.incarnation());
        }

        @Override
        public void snapshotLoaded(WorkJournal journal, Set<String> ecosystems) {
            heard.add("snapshot " + ecosystems.stream().sorted().toList());
        }
    }
}
