package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.codec.WirePid;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.ByteArrayDataInputStream;

/**
 * This node's replica of the cluster-wide registry: name to {@link WirePid}, changed only by committed Raft log
 * entries, in log order, identically on every voter. Give it to {@code JGroupsTransport.start(config, state)}
 * before the channel connects, then to the {@link GlobalRegistry}.
 *
 * <h2>Design</h2>
 * <b>Commands</b> (the log entries; each applied deterministically, from the entry and the state alone):
 * <ul>
 *   <li>REGISTER(name, pid, registration): if the pid's node incarnation is cut off (see PURGE), answers CUT_OFF;
 *       else if the name is free, it is held by the pid under that registration id; answers OK, or OK if the pid
 *       already holds it (a retried proposal), else TAKEN with the holder.
 *   <li>UNREGISTER(name, pid, registration): removes the name only if the pid still holds it, and, when the
 *       registration id is not 0, under that registration (so withdrawing a registration whose outcome was
 *       unknown never removes a later one). Answers whether it removed.
 *   <li>PURGE(incarnations): removes every name held by a pid of one of these node incarnations (nodes that left
 *       the leader's view), and marks them cut off, so that a node frozen or partitioned away that still believes
 *       it is a member cannot register through the leader (its register fails clearly instead of succeeding and
 *       being purged). Answers how many names.
 *   <li>RESTORE(incarnations): unmarks them: proposed by the leader when such a node is in its view again (it
 *       merged back), or when another incarnation of its name is (the old one is gone for good).
 * </ul>
 * <b>Threads.</b> jgroups-raft applies entries and reads or writes snapshots on its single runner thread (and on
 * the thread that sets the state machine, before the channel connects). Readers (whereis, names) run on any
 * thread: the current map is a {@link ConcurrentHashMap} replaced as a whole, through a volatile field, when a
 * snapshot is read. A reader sees each entry's effect at once and may see a snapshot's replacement between two
 * of its reads. Each change signals the condition {@code changed} (of {@code lock}, a {@code ReentrantLock}, not a
 * monitor: a virtual thread waiting in {@link #awaitUntil} must not pin its carrier), on which {@link #awaitUntil}
 * waits.
 *
 * <p><b>Snapshot format</b>: a count, then per entry name, node, incarnation, id, registration id; then a count
 * and the cut-off incarnations (name, incarnation).
 */
public final class RegistryState implements StateMachine {

    static final byte REGISTER = 1;
    static final byte UNREGISTER = 2;
    static final byte PURGE = 3;
    static final byte RESTORE = 4;
    static final byte OK = 0;
    static final byte TAKEN = 1;
    static final byte CUT_OFF = 2;

    /** A registration: who holds a name, and under which registration id. */
    record Entry(WirePid pid, long registration) {
    }

    private volatile ConcurrentHashMap<String, Entry> names = new ConcurrentHashMap<>();
    private volatile Set<Node> cutOff = ConcurrentHashMap.newKeySet();
    /** Notified after each applied entry or snapshot, for {@link #awaitUntil}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Creates an empty replica; the log on disk fills it when the channel starts. */
    public RegistryState() {
    }

    Optional<Entry> get(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** @return a copy of the names and their holders now */
    Map<String, Entry> entries() {
        return Map.copyOf(names);
    }

    /** @return the node incarnations that hold names now */
    Set<Node> holders() {
        Set<Node> result = new HashSet<>();
        for (Entry e : names.values()) {
            result.add(new Node(e.pid().node(), e.pid().incarnation()));
        }
        return result;
    }

    /**
     * Waits until this replica satisfies a condition (checked after each change), or until a deadline.
     *
     * @param condition the condition
     * @param deadlineNanos the deadline, in {@link System#nanoTime()}
     * @return whether the condition holds
     */
    boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return the node incarnations purged and not restored */
    Set<Node> cutOff() {
        return Set.copyOf(cutOff);
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
        try {
            return applyCommand(data, offset, length);
        } finally {
            signalChange();
        }
    }

    private byte[] applyCommand(byte[] data, int offset, int length) throws Exception {
        DataInput in = new ByteArrayDataInputStream(data, offset, length);
        byte op = in.readByte();
        switch (op) {
            case REGISTER -> {
                String name = in.readUTF();
                WirePid pid = readPid(in);
                long registration = in.readLong();
                if (cutOff.contains(new Node(pid.node(), pid.incarnation()))) {
                    return new byte[] {CUT_OFF};
                }
                Entry current = names.putIfAbsent(name, new Entry(pid, registration));
                if (current == null || current.pid().equals(pid)) {
                    return new byte[] {OK};
                }
                return encode(out -> {
                    out.writeByte(TAKEN);
                    writePid(out, current.pid());
                });
            }
            case UNREGISTER -> {
                String name = in.readUTF();
                WirePid pid = readPid(in);
                long registration = in.readLong();
                Entry current = names.get(name);
                boolean removed = current != null && current.pid().equals(pid)
                        && (registration == 0 || current.registration() == registration)
                        && names.remove(name, current);
                return new byte[] {(byte) (removed ? 1 : 0)};
            }
            case PURGE -> {
                Set<Node> gone = readNodes(in);
                cutOff.addAll(gone);
                int removed = 0;
                for (Map.Entry<String, Entry> e : names.entrySet()) {
                    WirePid pid = e.getValue().pid();
                    if (gone.contains(new Node(pid.node(), pid.incarnation()))
                            && names.remove(e.getKey(), e.getValue())) {
                        removed++;
                    }
                }
                int count = removed;
                return encode(out -> out.writeInt(count));
            }
            case RESTORE -> {
                cutOff.removeAll(readNodes(in));
                return new byte[] {OK};
            }
            default -> throw new IllegalArgumentException("unknown registry command " + op);
        }
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        int n = in.readInt();
        ConcurrentHashMap<String, Entry> read = new ConcurrentHashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            read.put(name, new Entry(readPid(in), in.readLong()));
        }
        Set<Node> readCutOff = ConcurrentHashMap.newKeySet();
        readCutOff.addAll(readNodes(in));
        cutOff = readCutOff;
        names = read;
        signalChange();
    }

    private void signalChange() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        Map<String, Entry> copy = new HashMap<>(names);
        out.writeInt(copy.size());
        for (Map.Entry<String, Entry> e : copy.entrySet()) {
            out.writeUTF(e.getKey());
            writePid(out, e.getValue().pid());
            out.writeLong(e.getValue().registration());
        }
        writeNodes(out, Set.copyOf(cutOff));
    }

    static byte[] register(String name, WirePid pid, long registration) {
        return encode(out -> {
            out.writeByte(REGISTER);
            out.writeUTF(name);
            writePid(out, pid);
            out.writeLong(registration);
        });
    }

    static byte[] unregister(String name, WirePid pid, long registration) {
        return encode(out -> {
            out.writeByte(UNREGISTER);
            out.writeUTF(name);
            writePid(out, pid);
            out.writeLong(registration);
        });
    }

    static byte[] purge(Collection<Node> gone) {
        return encode(out -> {
            out.writeByte(PURGE);
            writeNodes(out, gone);
        });
    }

    static byte[] restore(Collection<Node> back) {
        return encode(out -> {
            out.writeByte(RESTORE);
            writeNodes(out, back);
        });
    }

    /**
     * @return the holder named by a REGISTER answer, or empty if it was OK
     * @throws CutOffException if the answer was CUT_OFF
     */
    static Optional<WirePid> registerAnswer(byte[] answer) throws IOException {
        if (answer == null || answer.length == 0) {
            throw new IOException("no answer to a registration");
        }
        if (answer[0] == OK) {
            return Optional.empty();
        }
        if (answer[0] == CUT_OFF) {
            throw new CutOffException();
        }
        return Optional.of(readPid(new ByteArrayDataInputStream(answer, 1, answer.length - 1)));
    }

    /** The registering node's incarnation is cut off (its names were purged). */
    static final class CutOffException extends IOException {
        private static final long serialVersionUID = 1L;

        CutOffException() {
            super("cut off");
        }
    }

    private static Set<Node> readNodes(DataInput in) throws IOException {
        int n = in.readInt();
        Set<Node> nodes = new HashSet<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new Node(in.readUTF(), in.readLong()));
        }
        return nodes;
    }

    private static void writeNodes(DataOutput out, Collection<Node> nodes) throws IOException {
        out.writeInt(nodes.size());
        for (Node node : nodes) {
            out.writeUTF(node.name());
            out.writeLong(node.incarnation());
        }
    }

    private static WirePid readPid(DataInput in) throws IOException {
        return new WirePid(in.readUTF(), in.readLong(), in.readLong());
    }

    private static void writePid(DataOutput out, WirePid pid) throws IOException {
        out.writeUTF(pid.node());
        out.writeLong(pid.incarnation());
        out.writeLong(pid.id());
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
