package io.foundation.beam.cluster.internal.journal;

import static io.foundation.beam.cluster.internal.journal.WorkJournalTest.bytes;
import static io.foundation.beam.cluster.internal.journal.WorkJournalTest.done;
import static io.foundation.beam.cluster.internal.journal.WorkJournalTest.id;
import static io.foundation.beam.cluster.internal.journal.WorkJournalTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Accept;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Command;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Complete;
import io.foundation.beam.cluster.internal.journal.JournalCommands.CoordinatorStarted;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Forget;
import io.foundation.beam.cluster.internal.journal.JournalCommands.Release;
import io.foundation.beam.cluster.internal.journal.JournalCommands.SaveCheckpoint;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JournalCommands}: every command decodes to what was encoded, at any offset in the entry. */
class JournalCommandsTest {

    private static final String ORDERS = "orders";

    @Test
    void everyCommandRoundTrips() {
        assertThat(decode(JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2)))))
                .isEqualTo(new Accept(ORDERS, List.of(item("a", 1), item("a", 2))));
        assertThat(decode(JournalCommands.coordinatorStarted(ORDERS, 4, "b", 9)))
                .isEqualTo(new CoordinatorStarted(ORDERS, 4, "b", 9));
        Completion failed = new Completion(id("a", 3), 4, 2, false, bytes("boom"));
        assertThat(decode(JournalCommands.complete(ORDERS, List.of(done("a", 1, 4), failed))))
                .isEqualTo(new Complete(ORDERS, List.of(done("a", 1, 4), failed)));
        assertThat(decode(JournalCommands.checkpoint(ORDERS, 4, bytes("state"))))
                .isEqualTo(new SaveCheckpoint(ORDERS, new Checkpoint(4, bytes("state"))));
        List<ItemId> ids = List.of(id("a", 1), new ItemId("b", -3, Long.MAX_VALUE), id("é", 2));
        assertThat(decode(JournalCommands.release(ORDERS, ids))).isEqualTo(new Release(ORDERS, ids));
        assertThat(decode(JournalCommands.release("billing", List.of()))).isEqualTo(new Release("billing", List.of()));
        assertThat(decode(JournalCommands.forget(ORDERS, new Node("a", -7))))
                .isEqualTo(new Forget(ORDERS, new Node("a", -7)));
    }

    @Test
    void theUnknownOperationMessageListsTheNewOnes() {
        byte[] release = JournalCommands.release(ORDERS, List.of(id("a", 1)));
        assertThat(release[1]).isEqualTo(JournalCommands.RELEASE);
        assertThat(JournalCommands.forget(ORDERS, new Node("a", 1))[1]).isEqualTo(JournalCommands.FORGET);
        release[1] = 7;
        assertThatThrownBy(() -> JournalCommands.decode(release, 0, release.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown operation 7")
                .hasMessageContaining("5 RELEASE, 6 FORGET");
    }

    @Test
    void aTruncatedCommandIsRefusedWhereverItIsCut() {
        Map<String, byte[]> commands = new LinkedHashMap<>();
        commands.put("ACCEPT", JournalCommands.accept(ORDERS, List.of(item("a", 1), item("a", 2))));
        commands.put("COORDINATOR_STARTED", JournalCommands.coordinatorStarted(ORDERS, 4, "b", 9));
        commands.put("COMPLETE", JournalCommands.complete(ORDERS, List.of(done("a", 1, 4))));
        commands.put("CHECKPOINT", JournalCommands.checkpoint(ORDERS, 4, bytes("state")));
        commands.put("RELEASE", JournalCommands.release(ORDERS, List.of(id("a", 1), id("a", 2))));
        commands.put("FORGET", JournalCommands.forget(ORDERS, new Node("a", 1)));
        commands.forEach((name, command) -> {
            byte[] entry = Arrays.copyOf(command, command.length + 4); // bytes after the entry are not its own
            for (int length = 2; length < command.length; length++) {
                int n = length;
                assertThatThrownBy(() -> JournalCommands.decode(entry, 0, n)).as(name + " cut at " + n)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("work journal: unreadable " + name + " command of " + n + " bytes");
            }
            assertThat(JournalCommands.decode(entry, 0, command.length)).as(name + " whole").isNotNull();
        });
    }

    /** Decodes the command from the middle of a larger array, as jgroups-raft hands entries. */
    private static Command decode(byte[] command) {
        byte[] entry = new byte[command.length + 5];
        System.arraycopy(command, 0, entry, 3, command.length);
        return JournalCommands.decode(entry, 3, command.length);
    }
}
