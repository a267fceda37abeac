package io.foundation.beam.messages;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Immutable bytes that processes share without copying: the JVM analogue of the BEAM's reference-counted binaries.
 *
 * <p>Under the isolated-heaps memory strategy, where other mutable messages are copied for each receiver, a
 * {@code Binary} is passed by reference: sending a 100 MB payload to 100 processes costs one copy of it (the one
 * made, or adopted, when the {@code Binary} was created). Receivers read it through {@link #asReadOnlyBuffer()},
 * a read-only view with its own position, or copy it out with {@link #toByteArray()}.
 *
 * <p>For payloads that leave the JVM (files, network), {@link #toWireFormat(int)} compresses above a size
 * threshold and {@link #fromWireFormat(byte[])} restores the bytes.
 */
public final class Binary {

    private static final byte RAW = 0;
    private static final byte DEFLATED = 1;

    private final byte[] bytes;

    private Binary(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes bytes to copy (the only copy a {@code Binary} ever makes)
     * @return a binary holding a copy of them
     */
    public static Binary copyOf(byte[] bytes) {
        return new Binary(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * Adopts an array without copying it. The caller hands the array over: it must not change it afterwards, or
     * every receiver sees the change.
     *
     * @param bytes the array to adopt
     * @return a binary over it
     */
    public static Binary adopt(byte[] bytes) {
        return new Binary(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * @param buffer bytes to copy, from its position to its limit (the buffer's position is not moved)
     * @return a binary holding a copy of them
     */
    public static Binary copyOf(ByteBuffer buffer) {
        ByteBuffer b = Objects.requireNonNull(buffer, "buffer").duplicate();
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return new Binary(copy);
    }

    /** @return the number of bytes */
    public int size() {
        return bytes.length;
    }

    /** @return a read-only view of the bytes, positioned at 0 (a new view each call: no shared cursor) */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** @return a copy of the bytes */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * @param index a position
     * @return the byte there
     */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /**
     * Encodes the bytes for leaving the JVM: one header byte, then the bytes as they are, or deflated when the
     * payload is larger than {@code compressAbove} bytes and compressing makes it smaller.
     *
     * @param compressAbove size in bytes above which compression is tried (0 to always try)
     * @return the encoded bytes
     */
    public byte[] toWireFormat(int compressAbove) {
        if (compressAbove < 0) {
            throw new IllegalArgumentException("compressAbove must not be negative, got " + compressAbove);
        }
        if (bytes.length > compressAbove) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
            try {
                deflater.setInput(bytes);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
                out.write(DEFLATED);
                byte[] chunk = new byte[64 * 1024];
                while (!deflater.finished()) {
                    int n = deflater.deflate(chunk);
                    out.write(chunk, 0, n);
                }
                if (out.size() < bytes.length + 1) {
                    return out.toByteArray();
                }
            } finally {
                deflater.end();
            }
        }
        byte[] raw = new byte[bytes.length + 1];
        raw[0] = RAW;
        System.arraycopy(bytes, 0, raw, 1, bytes.length);
        return raw;
    }

    /**
     * @param wire bytes made by {@link #toWireFormat(int)}
     * @return the binary they encode
     * @throws IllegalArgumentException if they are not in that format or are corrupt
     */
    public static Binary fromWireFormat(byte[] wire) {
        Objects.requireNonNull(wire, "wire");
        if (wire.length == 0) {
            throw new IllegalArgumentException("not a Binary wire format: empty input");
        }
        switch (wire[0]) {
            case RAW:
                return new Binary(Arrays.copyOfRange(wire, 1, wire.length));
            case DEFLATED:
                Inflater inflater = new Inflater();
                try {
                    inflater.setInput(wire, 1, wire.length - 1);
                    ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length * 4);
                    byte[] chunk = new byte[64 * 1024];
                    while (!inflater.finished()) {
                        int n = inflater.inflate(chunk);
                        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                            throw new IllegalArgumentException("corrupt Binary wire format: deflated data ends early");
                        }
                        out.write(chunk, 0, n);
                    }
                    return new Binary(out.toByteArray());
                } catch (DataFormatException e) {
                    throw new IllegalArgumentException("corrupt Binary wire format: " + e.getMessage(), e);
                } finally {
                    inflater.end();
                }
            default:
                throw new IllegalArgumentException("not a Binary wire format: unknown header byte " + wire[0]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Binary[" + bytes.length + " bytes]";
    }
}
