package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.cluster.internal.codec.PayloadCodec;
import io.foundation.beam.process.ExitReason;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The router's frames: their kinds and the encoding of the fields the router owns (kinds, numbers, strings);
 * application values (messages, requests, replies), exit reasons and exceptions go through the {@link PayloadCodec}.
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
 * A reason is the codec's {@code ExitReason} ({@link #writeReason}: a {@code Shutdown(term)} or {@code Custom(term)}
 * whose term the codec refuses crosses with the term's text); an exception is the codec's {@code Throwable}, read
 * back as a {@link RemoteException} ({@link #writeThrowable}).
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

    /** The longest text of a term that cannot cross, in chars. */
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

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    /**
     * Writes a reason through the codec. Never fails for the reason's content: when the codec refuses the term of a
     * {@code Shutdown(term)} or {@code Custom(term)} reason, the same kind of reason crosses with the term's text
     * ({@code class: toString()}, clipped) instead, so that an exit signal, a link's exit or a Down is never lost for
     * it. The reason is written to a scratch buffer first, so a refusal leaves nothing in {@code out}.
     */
    static void writeReason(DataOutput out, ExitReason reason, PayloadCodec codec) throws IOException {
        ByteArrayOutputStream scratch = new ByteArrayOutputStream(64);
        try {
            codec.write(reason, new DataOutputStream(scratch));
        } catch (MessageNotTransferableException e) {
            ExitReason asText = switch (reason) {
                case ExitReason.Shutdown s when s.term() != null -> ExitReason.shutdown(text(s.term()));
                case ExitReason.Custom c -> ExitReason.custom(text(c.term()));
                default -> throw e;
            };
            scratch.reset();
            codec.write(asText, new DataOutputStream(scratch));
        }
        out.write(scratch.toByteArray());
    }

    private static String text(Object term) {
        return clip(term.getClass().getName() + ": " + term);
    }

    static ExitReason readReason(DataInput in, PayloadCodec codec) throws IOException {
        Object value = codec.read(in);
        if (value instanceof ExitReason reason) {
            return reason;
        }
        throw new IOException("corrupt frame: an exit reason expected, found " + typeOf(value));
    }

    /**
     * Writes an exception through the codec (class name, message, stack trace, causes); read back as a
     * {@link RemoteException}, which crosses again under its original class name.
     */
    static void writeThrowable(DataOutput out, Throwable t, PayloadCodec codec) throws IOException {
        codec.write(t, out);
    }

    static RemoteException readThrowable(DataInput in, PayloadCodec codec) throws IOException {
        Object value = codec.read(in);
        if (value instanceof RemoteException remote) {
            return remote;
        }
        throw new IOException("corrupt frame: an exception expected, found " + typeOf(value));
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
