package io.foundation.beam.cluster.internal.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.Test;

/** {@link RaftMultiplexer}: entries routed by their first byte, snapshots of all the machines. */
class RaftMultiplexerTest {

    private final Recorder left = new Recorder();
    private final Recorder right = new Recorder();
    private final RaftMultiplexer mux = new RaftMultiplexer(List.of(new RaftMultiplexer.Machine((byte) 'L', "left",
            left), new RaftMultiplexer.Machine((byte) 'R', "right", right)));

    @Test
    void entriesGoToTheirMachineWithoutTheId() throws Exception {
        assertThat(mux.apply(new byte[] {9, 'L', 1, 2, 9}, 1, 3, true)).containsExactly(1, 2);
        mux.apply(new byte[] {'R', 3}, 0, 2, true);
        mux.apply(new byte[] {'L', 4}, 0, 2, true);
        assertThat(left.entries).containsExactly("[1, 2]", "[4]");
        assertThat(right.entries).containsExactly("[3]");
    }

    @Test
    void anUnknownIdOrAnEmptyEntryIsRefusedClearly() {
        assertThatThrownBy(() -> mux.apply(new byte[] {'X', 1}, 0, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("machine id 88, which no machine has; machines: [76=left, 82=right]");
        assertThatThrownBy(() -> mux.apply(new byte[0], 0, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty log entry");
        assertThat(left.entries).isEmpty();
        assertThat(right.entries).isEmpty();
    }

    @Test
    void theMachinesMustBeDistinct() {
        assertThatThrownBy(() -> new RaftMultiplexer(List.of(new RaftMultiplexer.Machine((byte) 1, "a", left),
                new RaftMultiplexer.Machine((byte) 1, "b", right)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("machine 1=b clashes with 1=a");
        assertThat(mux.find(right)).hasValueSatisfying(m -> assertThat(m.name()).isEqualTo("right"));
        assertThat(mux.find(new Recorder())).isEmpty();
    }

    @Test
    void aSnapshotHoldsEveryMachineAndResetsTheMissingOnes() throws Exception {
        mux.apply(new byte[] {'L', 1}, 0, 2, false);
        mux.apply(new byte[] {'R', 2}, 0, 2, false);
        byte[] snapshot = snapshot(mux);

        Recorder left2 = new Recorder();
        Recorder right2 = new Recorder();
        RaftMultiplexer copy = new RaftMultiplexer(List.of(new RaftMultiplexer.Machine((byte) 'R', "right", right2),
                new RaftMultiplexer.Machine((byte) 'L', "left", left2)));
        copy.readContentFrom(new ByteArrayDataInputStream(snapshot));
        assertThat(left2.entries).containsExactly("[1]");
        assertThat(right2.entries).containsExactly("[2]");

        Recorder only = new Recorder();
        RaftMultiplexer older = new RaftMultiplexer(List.of(new RaftMultiplexer.Machine((byte) 'L', "left", only)));
        byte[] olderSnapshot = snapshot(older);
        copy.readContentFrom(new ByteArrayDataInputStream(olderSnapshot));
        assertThat(left2.entries).isEmpty();
        assertThat(right2.entries).as("not in the snapshot: reset to its initial state").isEmpty();

        assertThatThrownBy(() -> older.readContentFrom(new ByteArrayDataInputStream(snapshot)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the snapshot holds machine id 82, which no machine has here; "
                        + "machines: [76=left]");
        byte[] otherVersion = snapshot.clone();
        otherVersion[0] = 7;
        assertThatThrownBy(() -> copy.readContentFrom(new ByteArrayDataInputStream(otherVersion)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot of version 7");
    }

    static byte[] snapshot(StateMachine machine) throws Exception {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(64);
        machine.writeContentTo(out);
        return Arrays.copyOf(out.buffer(), out.position());
    }

    /** Keeps its entries; answers each with its bytes. */
    static final class Recorder implements StateMachine {
        final List<String> entries = new ArrayList<>();

        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
            byte[] entry = Arrays.copyOfRange(data, offset, offset + length);
            entries.add(Arrays.toString(entry));
            return entry;
        }

        @Override
        public void readContentFrom(DataInput in) throws Exception {
            entries.clear();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                entries.add(in.readUTF());
            }
        }

        @Override
        public void writeContentTo(DataOutput out) throws Exception {
            out.writeInt(entries.size());
            for (String e : entries) {
                out.writeUTF(e);
            }
        }
    }
}
