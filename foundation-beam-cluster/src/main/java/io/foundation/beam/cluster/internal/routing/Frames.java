package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.internal.codec.PayloadCodec;
import io.foundation.beam.process.ExitReason;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The router's frames: their kinds and the encoding of the fields the router owns (exit reasons, exceptions,
 * strings); application values (messages, requests, replies, the terms of reasons) go through the
 * {@link PayloadCodec}.
 *
 * <h2>Layout</h2>
 * Every frame begins with its kind (one byte). {@code inc} is the incarnation the sender believes the receiving node
 * has, {@code to} a process number on the receiving node, {@code from} one on the sending node (0: the runtime itself
 * for EXIT, no process for CALL), {@code ref} a watch number of the node that made the watch, {@code call} a call
 * number of the caller's node. All numbers are {@code long}s as {@link DataOutput} writes them.
 * <pre>
 * SEND       kind inc to priority(byte) message
 * EXIT       kind inc to from reason            (exit/2 and kill: reason killed)
 * LINK       kind inc to from
 * UNLINK     kind inc to from
 * LINK_EXIT  kind inc to from reason            (the linked process 'from' ended, or never existed: noproc)
 * MONITOR    kind inc to ref endedReason(bool) (a monitor, or an exit future: both want one DOWN; an exit
 *                                              future of an ended process wants its reason, a monitor noproc)
 * DEMONITOR  kind inc to ref
 * DOWN       kind ref reason
 * CALL       kind inc to from call timeoutNanos request
 * REPLY      kind call status ...               (see the REPLY_ statuses)
 *
 * SEND_NAMED kind name priority(byte) message  (Erlang's {Name, Node} ! Msg: resolved by the receiver's registry)
 * CALL_NAMED kind name from call timeoutNanos request  (a CALL to a registered name; answered by a REPLY)
 * </pre>
 * A name is a string ({@link #writeString}).
 * A reason is one byte ({@code R_}), followed for {@code {shutdown, Term}} and custom reasons by the term (a TERM_
 * byte and the value, or its text when the codec cannot carry it), and for {@code crashed} by the exception
 * ({@link #writeThrowable}).
 */
final class Frames {

    static final byte SEND = 1;
    static final byte EXIT = 2;
    static final byte LINK = 3;
    static final byte UNLINK = 4;
    static final byte LINK_EXIT = 5;
    static final byte MONITOR = 6;
    static final byte DEMONITOR = 7;
    static final byte DOWN = 8;
    static final byte CALL = 9;
    static final byte REPLY = 10;

    // Frames addressed to a registered name of the receiving node rather than to a process number.
    static final byte SEND_NAMED = 11;
    static final byte CALL_NAMED = 12;

    /** The reply value follows. */
    static final byte REPLY_OK = 0;
    /** The callee did not answer within the call's timeout (on its node's timer). */
    static final byte REPLY_TIMEOUT = 1;
    /** The callee ended before answering, or had ended; its reason follows. */
    static final byte REPLY_EXITED = 2;
    /** No such process on the callee's node (never existed, forgotten, or of another incarnation). */
    static final byte REPLY_NOPROC = 3;
    /** The callee failed the call, or the call could not be made: an exception follows. */
    static final byte REPLY_FAILED = 4;
    /** The request or the reply could not cross: class name and message follow. */
    static final byte REPLY_NOT_TRANSFERABLE = 5;
    /** The callee's mailbox refused the request: capacity and the exception's message follow. */
    static final byte REPLY_MAILBOX_FULL = 6;

    private static final byte R_NORMAL = 0;
    private static final byte R_SHUTDOWN = 1;
    private static final byte R_SHUTDOWN_TERM = 2;
    private static final byte R_KILLED = 3;
    private static final byte R_CRASHED = 4;
    private static final byte R_CUSTOM = 5;
    private static final byte R_NOPROC = 6;
    private static final byte R_NOCONNECTION = 7;

    private static final byte TERM_VALUE = 0;
    private static final byte TERM_TEXT = 1;

    private static final int MAX_CAUSES = 8;
    private static final int MAX_FRAMES = 64;
    private static final int MAX_TEXT = 4096;

    private Frames() {
    }

    /** A frame being written: a {@link DataOutputStream} whose bytes {@link #bytes()} returns. */
    static final class Out extends DataOutputStream {

        Out(int kind) throws IOException {
            super(new ByteArrayOutputStream(64));
            writeByte(kind);
        }

        byte[] bytes() {
            return ((ByteArrayOutputStream) out).toByteArray();
        }
    }

    static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 16 * 1024 * 1024) {
            throw new IOException("corrupt frame: a string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeNullableString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readNullableString(DataInput in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    /**
     * Writes a reason. Never fails for the reason's content: a term the codec cannot carry crosses as its text
     * ({@code class: toString()}), so that an exit signal, a link's exit or a Down is never lost for it.
     */
    static void writeReason(DataOutput out, ExitReason reason, PayloadCodec codec) throws IOException {
        switch (reason) {
            case ExitReason.Normal n -> out.writeByte(R_NORMAL);
            case ExitReason.Shutdown s when s.term() == null -> out.writeByte(R_SHUTDOWN);
            case ExitReason.Shutdown s -> {
                out.writeByte(R_SHUTDOWN_TERM);
                writeTerm(out, s.term(), codec);
            }
            case ExitReason.Killed k -> out.writeByte(R_KILLED);
            case ExitReason.Crashed c -> {
                out.writeByte(R_CRASHED);
                writeThrowable(out, c.cause());
            }
            case ExitReason.Custom c -> {
                out.writeByte(R_CUSTOM);
                writeTerm(out, c.term(), codec);
            }
            case ExitReason.NoProc n -> out.writeByte(R_NOPROC);
            case ExitReason.NoConnection n -> out.writeByte(R_NOCONNECTION);
        }
    }

    static ExitReason readReason(DataInput in, PayloadCodec codec) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case R_NORMAL -> ExitReason.NORMAL;
            case R_SHUTDOWN -> ExitReason.SHUTDOWN;
            case R_SHUTDOWN_TERM -> ExitReason.shutdown(readTerm(in, codec));
            case R_KILLED -> ExitReason.KILLED;
            case R_CRASHED -> ExitReason.crashed(readThrowable(in));
            case R_CUSTOM -> {
                Object term = readTerm(in, codec);
                yield term instanceof ExitReason r ? r : ExitReason.custom(term);
            }
            case R_NOPROC -> ExitReason.NOPROC;
            case R_NOCONNECTION -> ExitReason.NOCONNECTION;
            default -> throw new IOException("corrupt frame: exit reason kind " + kind);
        };
    }

    private static void writeTerm(DataOutput out, Object term, PayloadCodec codec) throws IOException {
        Out value = new Out(TERM_VALUE);
        try {
            codec.write(term, value);
        } catch (MessageNotTransferableException e) {
            out.writeByte(TERM_TEXT);
            writeString(out, clip(term.getClass().getName() + ": " + term));
            return;
        }
        out.write(value.bytes());
    }

    private static Object readTerm(DataInput in, PayloadCodec codec) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case TERM_VALUE -> {
                Object term = codec.read(in);
                yield term == null ? "null" : term;
            }
            case TERM_TEXT -> readString(in);
            default -> throw new IOException("corrupt frame: term kind " + kind);
        };
    }

    /**
     * Writes an exception as its description (class name, message, up to 64 stack frames, up to 8 causes); read back
     * as a {@link RemoteThrowable}.
     */
    static void writeThrowable(DataOutput out, Throwable t) throws IOException {
        int depth = 0;
        for (Throwable x = t; x != null && depth < MAX_CAUSES; x = x.getCause() == x ? null : x.getCause()) {
            depth++;
        }
        out.writeByte(depth);
        Throwable x = t;
        for (int i = 0; i < depth; i++) {
            String className = x instanceof RemoteThrowable r ? r.originalClassName() : x.getClass().getName();
            writeString(out, className);
            String message = x.getMessage();
            writeNullableString(out, message == null ? null : clip(message));
            StackTraceElement[] frames = x.getStackTrace();
            int n = Math.min(frames.length, MAX_FRAMES);
            out.writeShort(n);
            for (int f = 0; f < n; f++) {
                writeString(out, frames[f].getClassName());
                writeString(out, frames[f].getMethodName());
                writeNullableString(out, frames[f].getFileName());
                out.writeInt(frames[f].getLineNumber());
            }
            x = x.getCause();
        }
    }

    static RemoteThrowable readThrowable(DataInput in) throws IOException {
        int depth = in.readByte();
        if (depth < 1 || depth > MAX_CAUSES) {
            throw new IOException("corrupt frame: an exception with " + depth + " causes");
        }
        String[] classNames = new String[depth];
        String[] messages = new String[depth];
        StackTraceElement[][] traces = new StackTraceElement[depth][];
        for (int i = 0; i < depth; i++) {
            classNames[i] = readString(in);
            messages[i] = readNullableString(in);
            int n = in.readShort();
            if (n < 0 || n > MAX_FRAMES) {
                throw new IOException("corrupt frame: " + n + " stack frames");
            }
            traces[i] = new StackTraceElement[n];
            for (int f = 0; f < n; f++) {
                String cls = readString(in);
                String method = readString(in);
                String file = readNullableString(in);
                traces[i][f] = new StackTraceElement(cls, method, file, in.readInt());
            }
        }
        RemoteThrowable cause = null;
        for (int i = depth - 1; i >= 0; i--) {
            cause = new RemoteThrowable(classNames[i], messages[i], cause);
            cause.setStackTrace(traces[i]);
        }
        return cause;
    }
}
