package io.foundation.beam.cluster.internal.journal;

import io.foundation.beam.cluster.Node;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jgroups.util.ByteArrayDataInputStream;

/**
 * The {@link WorkJournal}'s commands, as log entries: a version byte ({@value #VERSION}), an operation byte, the
 * ecosystem's name, then the operation's fields, in {@link DataOutput}'s big-endian encoding. Items and completions
 * carry their payloads as length-prefixed bytes, never decoded here.
 *
 * <pre>
 *   ACCEPT              ecosystem, count, count x (id, key?, work)
 *   COORDINATOR_STARTED ecosystem, epoch, node, incarnation
 *   COMPLETE            ecosystem, count, count x (id, epoch, attempt, success, outcome)
 *   CHECKPOINT          ecosystem, epoch, state
 *   RELEASE             ecosystem, count, count x id
 *   FORGET              ecosystem, node, incarnation
 *   id = node, incarnation, sequence;  key? = a boolean, then the key if true;  bytes = length, bytes
 * </pre>
 *
 * {@link #decode} reads a whole command into a {@link Command} before the journal changes anything, so that a bad
 * entry changes nothing.
 */
public final class JournalCommands {

    /** The command format's version. */
    static final byte VERSION = 1;
    static final byte ACCEPT = 1;
    static final byte COORDINATOR_STARTED = 2;
    static final byte COMPLETE = 3;
    static final byte CHECKPOINT = 4;
    static final byte RELEASE = 5;
    static final byte FORGET = 6;

    /** A decoded command. */
    sealed interface Command {
        /** @return the ecosystem it is about */
        String ecosystem();
    }

    /** ACCEPT: items to append to the ecosystem's pending items. */
    record Accept(String ecosystem, List<JournalItem> items) implements Command {
    }

    /** COORDINATOR_STARTED: a coordinator started on a node incarnation for an epoch. */
    record CoordinatorStarted(String ecosystem, long epoch, String node, long incarnation) implements Command {
    }

    /** COMPLETE: outcomes of pending items. */
    record Complete(String ecosystem, List<Completion> completions) implements Command {
    }

    /** CHECKPOINT: the coordinator's state. */
    record SaveCheckpoint(String ecosystem, Checkpoint checkpoint) implements Command {
    }

    /** RELEASE: the submitter's node has completed the futures of these items: their outcomes may go. */
    record Release(String ecosystem, List<ItemId> ids) implements Command {
    }

    /** FORGET: a submitter's node incarnation is gone for good: its outcomes may go. */
    record Forget(String ecosystem, Node submitter) implements Command {
    }

    private JournalCommands() {
    }

    /**
     * @param ecosystem the ecosystem
     * @param items the items, in acceptance order
     * @return the ACCEPT command
     */
    public static byte[] accept(String ecosystem, List<JournalItem> items) {
        return encode(ACCEPT, ecosystem, out -> {
            out.writeInt(items.size());
            for (JournalItem item : items) {
                writeItem(out, item);
            }
        });
    }

    /**
     * @param ecosystem the ecosystem
     * @param epoch the Raft term the coordinator was started for
     * @param node its node's name
     * @param incarnation its node's incarnation
     * @return the COORDINATOR_STARTED command
     */
    public static byte[] coordinatorStarted(String ecosystem, long epoch, String node, long incarnation) {
        Objects.requireNonNull(node, "node");
        return encode(COORDINATOR_STARTED, ecosystem, out -> {
            out.writeLong(epoch);
            out.writeUTF(node);
            out.writeLong(incarnation);
        });
    }

    /**
     * @param ecosystem the ecosystem
     * @param completions the completions
     * @return the COMPLETE command
     */
    public static byte[] complete(String ecosystem, List<Completion> completions) {
        return encode(COMPLETE, ecosystem, out -> {
            out.writeInt(completions.size());
            for (Completion c : completions) {
                writeCompletion(out, c);
            }
        });
    }

    /**
     * @param ecosystem the ecosystem
     * @param epoch the coordinator's epoch
     * @param state the coordinator's encoded state
     * @return the CHECKPOINT command
     */
    public static byte[] checkpoint(String ecosystem, long epoch, byte[] state) {
        Objects.requireNonNull(state, "state");
        return encode(CHECKPOINT, ecosystem, out -> {
            out.writeLong(epoch);
            writeBytes(out, state);
        });
    }

    /**
     * The submitter's side: proposed (batched) by {@link JournalAppender#release} once its node has completed the
     * items' futures.
     *
     * @param ecosystem the ecosystem
     * @param ids the items whose outcomes the submitter no longer needs
     * @return the RELEASE command
     */
    public static byte[] release(String ecosystem, List<ItemId> ids) {
        return encode(RELEASE, ecosystem, out -> {
            out.writeInt(ids.size());
            for (ItemId id : ids) {
                writeId(out, id);
            }
        });
    }

    /**
     * The coordinator's side: proposed, not batched, when a submitter's node incarnation is gone for good (its
     * futures are gone with it), as COORDINATOR_STARTED is (e.g. {@code raft.setAsyncAsLeader(command, 0,
     * command.length)}); the entry answers the number of outcomes removed (a {@code long}, big-endian).
     *
     * @param ecosystem the ecosystem
     * @param submitter the submitter's node incarnation
     * @return the FORGET command
     */
    public static byte[] forget(String ecosystem, Node submitter) {
        Objects.requireNonNull(submitter, "submitter");
        return encode(FORGET, ecosystem, out -> {
            out.writeUTF(submitter.name());
            out.writeLong(submitter.incarnation());
        });
    }

    /**
     * @param data the entry
     * @param offset where the command starts
     * @param length its length
     * @return the command
     * @throws IllegalArgumentException if the bytes are not a whole command of this version (the message says why)
     */
    static Command decode(byte[] data, int offset, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("work journal: a command of " + length + " bytes is too short (a "
                    + "version and an operation at least)");
        }
        byte version = data[offset];
        byte op = data[offset + 1];
        if (version != VERSION) {
            throw new IllegalArgumentException("work journal: command of version " + version + " (operation " + op
                    + ", " + length + " bytes), but this node reads version " + VERSION);
        }
        CommandInput in = new CommandInput(data, offset + 2, length - 2);
        try {
            Command command = switch (op) {
                case ACCEPT -> readAccept(in);
                case COORDINATOR_STARTED -> new CoordinatorStarted(in.readUTF(), in.readLong(), in.readUTF(),
                        in.readLong());
                case COMPLETE -> readComplete(in);
                case CHECKPOINT -> {
                    String ecosystem = in.readUTF();
                    yield new SaveCheckpoint(ecosystem, new Checkpoint(in.readLong(), readBytes(in)));
                }
                case RELEASE -> readRelease(in);
                case FORGET -> {
                    String ecosystem = in.readUTF();
                    yield new Forget(ecosystem, new Node(in.readUTF(), in.readLong()));
                }
                default -> throw new IllegalArgumentException("work journal: unknown operation " + op + " in a "
                        + "command of " + length + " bytes (operations: 1 ACCEPT, 2 COORDINATOR_STARTED, 3 COMPLETE, "
                        + "4 CHECKPOINT, 5 RELEASE, 6 FORGET)");
            };
            if (in.remaining() != 0) {
                throw new IllegalArgumentException("work journal: " + in.remaining() + " bytes left over after the "
                        + name(op) + " command of ecosystem '" + command.ecosystem() + "'");
            }
            return command;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("work journal:")) {
                throw iae;
            }
            throw new IllegalArgumentException("work journal: unreadable " + name(op) + " command of " + length
                    + " bytes: " + e, e);
        }
    }

    private static Accept readAccept(DataInput in) throws IOException {
        String ecosystem = in.readUTF();
        int n = readCount(in);
        List<JournalItem> items = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            items.add(readItem(in));
        }
        return new Accept(ecosystem, List.copyOf(items));
    }

    private static Complete readComplete(DataInput in) throws IOException {
        String ecosystem = in.readUTF();
        int n = readCount(in);
        List<Completion> completions = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            completions.add(readCompletion(in));
        }
        return new Complete(ecosystem, List.copyOf(completions));
    }

    private static Release readRelease(DataInput in) throws IOException {
        String ecosystem = in.readUTF();
        int n = readCount(in);
        List<ItemId> ids = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            ids.add(readId(in));
        }
        return new Release(ecosystem, List.copyOf(ids));
    }

    static void writeCompletion(DataOutput out, Completion c) throws IOException {
        writeId(out, c.id());
        out.writeLong(c.epoch());
        out.writeInt(c.attempt());
        out.writeBoolean(c.success());
        writeBytes(out, c.outcome());
    }

    static Completion readCompletion(DataInput in) throws IOException {
        return new Completion(readId(in), in.readLong(), in.readInt(), in.readBoolean(), readBytes(in));
    }

    static void writeItem(DataOutput out, JournalItem item) throws IOException {
        writeId(out, item.id());
        out.writeBoolean(item.key() != null);
        if (item.key() != null) {
            out.writeUTF(item.key());
        }
        writeBytes(out, item.work());
    }

    static JournalItem readItem(DataInput in) throws IOException {
        ItemId id = readId(in);
        String key = in.readBoolean() ? in.readUTF() : null;
        return new JournalItem(id, key, readBytes(in));
    }

    static void writeId(DataOutput out, ItemId id) throws IOException {
        out.writeUTF(id.node());
        out.writeLong(id.incarnation());
        out.writeLong(id.sequence());
    }

    static ItemId readId(DataInput in) throws IOException {
        return new ItemId(in.readUTF(), in.readLong(), in.readLong());
    }

    static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInput in) throws IOException {
        int n = readCount(in);
        if (in instanceof ByteArrayDataInputStream b && n > b.limit() - b.position()) {
            throw new EOFException("a length of " + n + " bytes, but " + (b.limit() - b.position()) + " are left");
        }
        if (in instanceof CommandInput c && n > c.remaining()) {
            throw new EOFException("a length of " + n + " bytes, but " + c.remaining() + " are left");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** Reads a count or a length, refusing a negative one (a corrupt entry must not allocate wildly). */
    static int readCount(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new EOFException("negative count " + n);
        }
        return n;
    }

    private static String name(byte op) {
        return switch (op) {
            case ACCEPT -> "ACCEPT";
            case COORDINATOR_STARTED -> "COORDINATOR_STARTED";
            case COMPLETE -> "COMPLETE";
            case CHECKPOINT -> "CHECKPOINT";
            case RELEASE -> "RELEASE";
            case FORGET -> "FORGET";
            default -> "operation " + op;
        };
    }

    /**
     * A command's bytes after its version and operation. Unlike jgroups' {@link ByteArrayDataInputStream} (5.4),
     * whose {@code readLong} reads past the end as -1 bytes without failing (and whose constructor refuses an empty
     * range), every read past the end throws an {@link EOFException}: a truncated command is refused, never decoded
     * with a made-up last field.
     */
    private static final class CommandInput extends DataInputStream {

        private final ByteArrayInputStream bytes;

        CommandInput(byte[] data, int offset, int length) {
            this(new ByteArrayInputStream(data, offset, length));
        }

        private CommandInput(ByteArrayInputStream bytes) {
            super(bytes);
            this.bytes = bytes;
        }

        /** @return how many bytes are left */
        int remaining() {
            return bytes.available();
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(byte op, String ecosystem, Body body) {
        Objects.requireNonNull(ecosystem, "ecosystem");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(op);
            out.writeUTF(ecosystem);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
