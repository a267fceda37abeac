package io.foundation.beam.cluster.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the primitive encodings of {@link MessageCodec}'s format from a byte array, checking every length against
 * the bytes that are left (so that a corrupt length never allocates more than the frame holds), and keeps the
 * per-message symbol table. One per message; not thread-safe.
 */
final class FrameReader {

    private final byte[] buf;
    private int pos;
    private final int limit;
    private final List<String> symbols = new ArrayList<>(4);

    FrameReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    CorruptFrameException corrupt(String what) {
        return new CorruptFrameException("corrupt message payload at byte " + pos + ": " + what);
    }

    private void need(int n, String what) throws CorruptFrameException {
        if (n > limit - pos) {
            throw new CorruptFrameException("truncated message payload: " + what + " needs " + n
                    + " bytes at byte " + pos + " but only " + (limit - pos) + " are left");
        }
    }

    int readByte(String what) throws CorruptFrameException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    int readFixed16(String what) throws CorruptFrameException {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int readFixed32(String what) throws CorruptFrameException {
        need(4, what);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long readFixed64(String what) throws CorruptFrameException {
        long high = readFixed32(what);
        long low = readFixed32(what) & 0xFFFFFFFFL;
        return (high << 32) | low;
    }

    int readVarInt(String what) throws CorruptFrameException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte(what);
            if (shift == 28 && (b & 0xF0) != 0) {
                throw corrupt(what + ": variable-length int longer than 32 bits");
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt(what + ": variable-length int longer than 5 bytes");
    }

    long readVarLong(String what) throws CorruptFrameException {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte(what);
            if (shift == 63 && (b & 0xFE) != 0) {
                throw corrupt(what + ": variable-length long longer than 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt(what + ": variable-length long longer than 10 bytes");
    }

    int readSignedVarInt(String what) throws CorruptFrameException {
        int v = readVarInt(what);
        return (v >>> 1) ^ -(v & 1);
    }

    long readSignedVarLong(String what) throws CorruptFrameException {
        long v = readVarLong(what);
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * @param what what the count counts, for the message
     * @param minBytesEach the fewest bytes each counted item takes (so the count is plausible)
     * @return a count no larger than what the rest of the frame can hold
     */
    int readCount(String what, int minBytesEach) throws CorruptFrameException {
        int n = readVarInt(what);
        if (n < 0 || (long) n * minBytesEach > limit - pos) {
            throw corrupt(what + " " + Integer.toUnsignedString(n) + " exceeds what the " + (limit - pos)
                    + " remaining bytes can hold");
        }
        return n;
    }

    byte[] readBytes(String what) throws CorruptFrameException {
        int n = readCount(what + " length", 1);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    String readString(String what) throws CorruptFrameException {
        int n = readCount(what + " length", 1);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    String readSymbol(String what) throws CorruptFrameException {
        int ref = readVarInt(what);
        if (ref == 0) {
            String s = readString(what);
            symbols.add(s);
            return s;
        }
        if (ref < 0 || ref > symbols.size()) {
            throw corrupt(what + ": reference to symbol " + Integer.toUnsignedString(ref) + " but only "
                    + symbols.size() + " are defined");
        }
        return symbols.get(ref - 1);
    }
}
