package io.foundation.beam.cluster.internal.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several replicated state machines on one Raft log: jgroups-raft takes one {@link StateMachine} per
 * {@code RaftHandle}, so this one routes each log entry by its first byte, the machine id, to the machine
 * registered under it (which gets the rest of the entry). Give it to {@code JGroupsTransport.start(config, mux)}
 * before the channel connects; propose through {@link RaftMachine#of} (which prefixes the id).
 *
 * <h2>Design</h2>
 * <b>State.</b> The machines, fixed at construction (ids and names unique); nothing else. Each machine keeps its
 * own state and its own rules for readers on other threads.
 *
 * <p><b>Threads.</b> jgroups-raft calls {@link #apply}, {@link #readContentFrom} and {@link #writeContentTo} on
 * its single runner thread (and on the thread that starts the channel, for the log on disk); this class only
 * forwards, so each machine sees the calls in log order, as if it were alone on the log. jgroups-raft 1.1 takes
 * snapshots on that thread too ({@code RAFT.snapshotAsync} queues a request to it; {@code takeSnapshot} runs after
 * an append), so the machines' snapshots are all of the same log index.
 *
 * <p><b>Errors.</b> An entry with no byte or with an id no machine has is refused with an
 * {@link IllegalArgumentException} naming the id and the machines, and logged (jgroups-raft 1.1 tells only the
 * proposer: {@code RAFT.applyCommit} catches it, fails the proposer's future and moves on; when it replays the log
 * on disk at start, the exception fails the start, e.g. a log written before the multiplexer). No machine sees it.
 * A machine's own exception passes through unchanged.
 *
 * <p><b>Snapshot format</b> (version {@value #SNAPSHOT_VERSION}): the version byte, the number of machines, then
 * per machine its id, the length of its snapshot and the snapshot ({@code writeContentTo} of that machine). On
 * reading, a machine the snapshot does not hold is reset to the state it had when this multiplexer was built
 * (its empty snapshot, taken then), so that a snapshot of a node without a newer machine still replaces the whole
 * state; a snapshot holding an id no machine has, or of another version, is refused (a node cannot load what a
 * newer node wrote). The snapshot is read whole before any machine loads its part; a machine that then fails to
 * load its part leaves the machines before it loaded (jgroups-raft reports the error; the replica is not usable
 * until it loads a good snapshot).
 */
public final class RaftMultiplexer implements StateMachine {

    /** The snapshot format's version. */
    static final byte SNAPSHOT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(RaftMultiplexer.class);

    /**
     * A state machine and its id on the log.
     *
     * @param id the first byte of its entries
     * @param name its name, for errors and logs
     * @param machine the state machine
     */
    public record Machine(byte id, String name, StateMachine machine) {
        /** Checks the parts. */
        public Machine {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(machine, "machine");
        }
    }

    /** By id. */
    private final Machine[] byId = new Machine[256];
    private final List<Machine> machines;
    /** Each machine's snapshot when this multiplexer was built: its empty state. */
    private final Map<Byte, byte[]> initial = new LinkedHashMap<>();

    /**
     * @param machines the machines, with distinct ids, names and instances; each still empty (its state now is
     *     what a snapshot without it resets it to)
     * @throws IllegalArgumentException if there is none, or two share an id, a name or an instance
     */
    public RaftMultiplexer(List<Machine> machines) {
        if (machines.isEmpty()) {
            throw new IllegalArgumentException("a Raft multiplexer needs at least one state machine");
        }
        List<Machine> list = new ArrayList<>();
        for (Machine m : machines) {
            for (Machine other : list) {
                if (other.id() == m.id() || other.name().equals(m.name()) || other.machine() == m.machine()) {
                    throw new IllegalArgumentException("Raft multiplexer: machine " + describe(m)
                            + " clashes with " + describe(other) + " (ids, names and instances must be distinct)");
                }
            }
            list.add(m);
            byId[m.id() & 0xFF] = m;
            initial.put(m.id(), snapshotOf(m));
        }
        this.machines = List.copyOf(list);
    }

    /** @return the machines, in the order given */
    public List<Machine> machines() {
        return machines;
    }

    /**
     * @param machine a state machine
     * @return its registration here, if it is one of this multiplexer's machines
     */
    public Optional<Machine> find(StateMachine machine) {
        return machines.stream().filter(m -> m.machine() == machine).findFirst();
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
        if (length < 1) {
            throw new IllegalArgumentException("Raft multiplexer: an empty log entry has no machine id; machines: "
                    + this);
        }
        Machine m = byId[data[offset] & 0xFF];
        if (m == null) {
            IllegalArgumentException refused = new IllegalArgumentException("Raft multiplexer: log entry of " + length
                    + " bytes for machine id " + (data[offset] & 0xFF) + ", which no machine has; machines: " + this
                    + " (an entry written by another version, or not through RaftMachine)");
            LOG.warn("{}", refused.getMessage()); // jgroups-raft tells only the proposer
            throw refused;
        }
        return m.machine().apply(data, offset + 1, length - 1, serializeResponse);
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        out.writeByte(SNAPSHOT_VERSION);
        out.writeInt(machines.size());
        for (Machine m : machines) {
            byte[] snapshot = snapshotOf(m);
            out.writeByte(m.id());
            out.writeInt(snapshot.length);
            out.write(snapshot);
        }
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        byte version = in.readByte();
        if (version != SNAPSHOT_VERSION) {
            throw new IllegalStateException("Raft multiplexer: snapshot of version " + version + ", but this node "
                    + "reads version " + SNAPSHOT_VERSION + "; machines: " + this);
        }
        int n = in.readInt();
        Map<Machine, byte[]> read = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int id = in.readByte() & 0xFF;
            byte[] snapshot = new byte[in.readInt()];
            in.readFully(snapshot);
            Machine m = byId[id];
            if (m == null) {
                throw new IllegalStateException("Raft multiplexer: the snapshot holds machine id " + id + ", which no "
                        + "machine has here; machines: " + this + " (a snapshot written by a newer node?)");
            }
            read.put(m, snapshot);
        }
        for (Machine m : machines) {
            byte[] snapshot = read.getOrDefault(m, initial.get(m.id()));
            m.machine().readContentFrom(new ByteArrayDataInputStream(snapshot));
        }
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        machines.forEach(m -> j.add(describe(m)));
        return j.toString();
    }

    private static String describe(Machine m) {
        return (m.id() & 0xFF) + "=" + m.name();
    }

    private static byte[] snapshotOf(Machine m) {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(256);
        try {
            m.machine().writeContentTo(out);
        } catch (Exception e) {
            throw new IllegalStateException("Raft multiplexer: machine " + describe(m) + " failed to write its "
                    + "snapshot: " + e, e);
        }
        byte[] bytes = new byte[out.position()];
        System.arraycopy(out.buffer(), 0, bytes, 0, bytes.length);
        return bytes;
    }
}
