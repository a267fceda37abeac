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
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(3, 1, 0, 1, 0));
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
        assertThat(journal.counters(ORDERS)).isEqualTo(new JournalCounters(2, 1, 0, 0, 3));
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
        other[0] = 2;
        assertThatThrownBy(() -> journal.readContentFrom(new ByteArrayDataInputStream(other)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot of version 2");
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
