package io.foundation.beam.cluster.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A growable byte buffer with the primitive encodings of {@link MessageCodec}'s format, and the per-message symbol
 * table (class names, enum constant names, node names: written once, then referred to by index). One per message;
 * not thread-safe.
 */
final class FrameWriter {

    private static final int LINEAR_SYMBOLS = 8;
    private static final int SLACK = 16;

    private final int limit;
    private byte[] buf;
    private int pos;

    /** The first symbols, compared linearly (most messages have a handful); then a map. */
    private final String[] firstSymbols = new String[LINEAR_SYMBOLS];
    private int symbolCount;
    private Map<String, Integer> moreSymbols;

    /**
     * @param initialCapacity the buffer's first size
     * @param limit the most bytes it may hold (at most {@code Integer.MAX_VALUE - 16}): writing more throws
     *     {@link TooLarge}, or leaves {@link #size()} above it (the caller checks)
     */
    FrameWriter(int initialCapacity, int limit) {
        this.limit = limit;
        buf = new byte[Math.max(16, Math.min(initialCapacity, limit))];
    }

    int size() {
        return pos;
    }

    byte[] buffer() {
        return buf;
    }

    private void ensure(int more) {
        if (more > buf.length - pos) {
            // varints ask for their longest form: a slack of SLACK keeps them from failing just under the limit
            long needed = (long) pos + more;
            if (needed > (long) limit + SLACK) {
                throw new TooLarge();
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, needed), (long) limit + SLACK));
        }
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeFixed16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void writeFixed32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void writeFixed64(long v) {
        writeFixed32((int) (v >>> 32));
        writeFixed32((int) v);
    }

    /** Unsigned LEB128, 1 to 5 bytes. */
    void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Unsigned LEB128, 1 to 10 bytes. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Zigzag, so that small negative numbers are short too. */
    void writeSignedVarInt(int v) {
        writeVarInt((v << 1) ^ (v >> 31));
    }

    void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeBytes(byte[] bytes) {
        writeVarInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** Length, then the buffer's remaining bytes (without an intermediate copy). */
    void writeBytes(java.nio.ByteBuffer bytes) {
        int n = bytes.remaining();
        writeVarInt(n);
        ensure(n);
        bytes.get(buf, pos, n);
        pos += n;
    }

    /** Length in bytes, then UTF-8 (no 64 KiB limit as with {@code writeUTF}). */
    void writeString(String s) {
        int n = s.length();
        // ASCII fast path: one byte per char, no intermediate array
        if (n < 128) {
            ensure(n + 1);
            int start = pos;
            buf[pos++] = (byte) n;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    pos = start;
                    writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                buf[pos++] = (byte) c;
            }
            return;
        }
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A string that recurs in messages (a class name, an enum constant, a node name): {@code 0} and the string the
     * first time in this message, {@code index + 1} afterwards.
     */
    void writeSymbol(String s) {
        int index = indexOf(s);
        if (index >= 0) {
            writeVarInt(index + 1);
            return;
        }
        writeByte(0);
        writeString(s);
        if (symbolCount < LINEAR_SYMBOLS) {
            firstSymbols[symbolCount] = s;
        } else {
            if (moreSymbols == null) {
                moreSymbols = new HashMap<>();
            }
            moreSymbols.put(s, symbolCount);
        }
        symbolCount++;
    }

    private int indexOf(String s) {
        int linear = Math.min(symbolCount, LINEAR_SYMBOLS);
        for (int i = 0; i < linear; i++) {
            String known = firstSymbols[i];
            if (known == s || known.equals(s)) {
                return i;
            }
        }
        if (moreSymbols != null) {
            Integer i = moreSymbols.get(s);
            return i == null ? -1 : i;
        }
        return -1;
    }

    /** The payload outgrew the limit. Carries no stack trace: the codec turns it into a refusal. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("payload too large", null, false, false);
        }
    }
}
