package io.foundation.beam.cluster.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.codec.WirePid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicated state machine alone: each command's effect and answer, and snapshots. */
class GlobalRegistryStateTest {

    private static final WirePid A1 = new WirePid("a", 11, 1);
    private static final WirePid A2 = new WirePid("a", 11, 2);
    private static final WirePid B1 = new WirePid("b", 22, 1);
    private static final WirePid B1_OLD = new WirePid("b", 21, 1);

    private final RegistryState state = new RegistryState();

    @Test
    void registerIfAbsentAnswersOkOrTheHolder() throws Exception {
        assertThat(RegistryState.registerAnswer(apply(RegistryState.register("x", A1, 5)))).isEmpty();
        assertThat(RegistryState.registerAnswer(apply(RegistryState.register("x", A1, 6)))).as("same pid").isEmpty();
        assertThat(state.get("x").orElseThrow().registration()).as("the first registration stays").isEqualTo(5);
        assertThat(RegistryState.registerAnswer(apply(RegistryState.register("x", B1, 7)))).contains(A1);
        assertThat(state.get("x").orElseThrow().pid()).isEqualTo(A1);
    }

    @Test
    void unregisterOnlyIfStillHeldByThatPidAndRegistration() throws Exception {
        apply(RegistryState.register("x", A1, 5));
        assertThat(apply(RegistryState.unregister("x", A2, 0))).containsExactly(0);
        assertThat(apply(RegistryState.unregister("x", A1, 6))).as("another registration's withdrawal")
                .containsExactly(0);
        assertThat(state.get("x")).isPresent();
        assertThat(apply(RegistryState.unregister("x", A1, 5))).containsExactly(1);
        assertThat(state.get("x")).isEmpty();
        apply(RegistryState.register("x", A1, 8));
        assertThat(apply(RegistryState.unregister("x", A1, 0))).as("any registration of the pid").containsExactly(1);
        assertThat(apply(RegistryState.unregister("x", A1, 0))).containsExactly(0);
    }

    @Test
    void purgeRemovesTheNamesOfTheGivenIncarnationsOnly() throws Exception {
        apply(RegistryState.register("a1", A1, 1));
        apply(RegistryState.register("b1", B1, 2));
        apply(RegistryState.register("old", B1_OLD, 3));
        assertThat(state.holders()).containsExactlyInAnyOrder(new Node("a", 11), new Node("b", 22),
                new Node("b", 21));
        byte[] answer = apply(RegistryState.purge(List.of(new Node("b", 21), new Node("z", 1))));
        assertThat(new DataInputStream(new ByteArrayInputStream(answer)).readInt()).isEqualTo(1);
        assertThat(state.entries()).containsOnlyKeys("a1", "b1");
    }

    @Test
    void aPurgedIncarnationCannotRegisterUntilRestored() throws Exception {
        apply(RegistryState.register("b1", B1, 2));
        apply(RegistryState.purge(List.of(new Node("b", 22))));
        assertThat(state.cutOff()).containsExactly(new Node("b", 22));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                RegistryState.registerAnswer(apply(RegistryState.register("b2", B1, 3))))
                .isInstanceOf(RegistryState.CutOffException.class);
        assertThat(state.get("b2")).isEmpty();
        apply(RegistryState.restore(List.of(new Node("b", 22))));
        assertThat(state.cutOff()).isEmpty();
        assertThat(RegistryState.registerAnswer(apply(RegistryState.register("b2", B1, 3)))).isEmpty();
    }

    @Test
    void aSnapshotRestoresTheSameState() throws Exception {
        apply(RegistryState.register("a1", A1, 1));
        apply(RegistryState.register("b1", B1, 2));
        apply(RegistryState.register("ünïcode-name", A2, 3));
        apply(RegistryState.purge(List.of(new Node("z", 9))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeContentTo(new DataOutputStream(bytes));
        RegistryState copy = new RegistryState();
        byte[] stale = RegistryState.register("stale", B1_OLD, 9);
        copy.apply(stale, 0, stale.length, false); // replaced by the snapshot
        copy.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(copy.entries()).isEqualTo(state.entries());
        assertThat(copy.cutOff()).containsExactly(new Node("z", 9));
    }

    private byte[] apply(byte[] command) throws Exception {
        byte[] padded = new byte[command.length + 3];
        System.arraycopy(command, 0, padded, 3, command.length);
        return state.apply(padded, 3, command.length, true);
    }
}
