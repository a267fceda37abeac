package io.foundation.beam.internal.fork;

import io.foundation.beam.ecosystem.ForkedTaskException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol between a parent and its child JVM on their private socket, both directions in one place. All
 * numbers are big-endian ({@link DataOutput}); a string is its UTF-8 length (-1 for null) and bytes.
 * <pre>
 *   child -&gt; parent, once:   int MAGIC, long child pid
 *   parent -&gt; child, a task: byte RUN, string task class, int n, n strings (allow-list patterns), payload
 *   child -&gt; parent, reply:  byte OK, payload, long used heap after the task
 *                            | byte FAILED, throwable | byte REFUSED, string class, string detail
 *                            | byte BAD_TASK, string detail
 *   payload:   byte NULL | byte PATH, string (the path's name) | byte SERIALIZED, int length, Java serialization
 *   throwable: int count (the exception and its causes, at most 16), each: string class, string message,
 *              int frames (at most 1024), each: string class, string method, string file, int line
 * </pre>
 * The parent ends a child by closing the socket: the child sees end-of-stream and exits.
 */
final class Wire {

    static final int MAGIC = 0x42454d46; // "BEMF"
    static final byte RUN = 1;
    static final byte OK = 1;
    static final byte FAILED = 2;
    static final byte REFUSED = 3;
    static final byte BAD_TASK = 4;
    private static final byte NULL = 0;
    private static final byte PATH = 1;
    private static final byte SERIALIZED = 2;
    private static final int MAX_CAUSES = 16;
    private static final int MAX_FRAMES = 1024;
    private static final int MAX_STRING = 64 * 1024;

    private Wire() {
    }

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        String text = s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > 4 * MAX_STRING) {
            throw new IOException("a string of " + length + " bytes on the isolated work channel: out of sync");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Encodes a value as a payload.
     *
     * @throws RefusedClassException if the value holds a class that is not serializable
     */
    static byte[] encode(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        if (value == null) {
            bytes.write(NULL);
        } else if (value instanceof Path path) {
            bytes.write(PATH);
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                writeString(out, path.toAbsolutePath().toString());
            }
        } else {
            bytes.write(SERIALIZED);
            bytes.write(new byte[4]);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (NotSerializableException e) {
                throw new RefusedClassException(e.getMessage(), "class " + e.getMessage()
                        + " is not serializable", e);
            }
        }
        byte[] encoded = bytes.toByteArray();
        if (encoded[0] == SERIALIZED) {
            ByteBuffer.wrap(encoded, 1, 4).putInt(encoded.length - 5);
        }
        return encoded;
    }

    /** Reads a payload's bytes as {@link #encode} wrote them, without decoding them. */
    static byte[] readEncoded(DataInput in) throws IOException {
        byte kind = in.readByte();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        bytes.write(kind);
        if (kind == PATH) {
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                writeString(out, readString(in));
            }
            return bytes.toByteArray();
        }
        if (kind == SERIALIZED) {
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("a payload of " + length + " bytes on the isolated work channel: out of sync");
            }
            byte[] encoded = new byte[5 + length];
            encoded[0] = SERIALIZED;
            ByteBuffer.wrap(encoded, 1, 4).putInt(length);
            in.readFully(encoded, 5, length);
            return encoded;
        }
        if (kind != NULL) {
            throw new IOException("unknown payload kind " + kind + " on the isolated work channel");
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a payload.
     *
     * @param encoded the payload as {@link #encode} wrote it
     * @param allow the allow-list
     * @param loader where classes are looked up
     * @throws RefusedClassException if the allow-list refused a class
     */
    static Object decode(byte[] encoded, AllowList allow, ClassLoader loader) throws IOException {
        return switch (encoded[0]) {
            case NULL -> null;
            case PATH -> Path.of(readString(new java.io.DataInputStream(
                    new ByteArrayInputStream(encoded, 1, encoded.length - 1))));
            case SERIALIZED -> {
                try (ObjectInputStream in = new LoaderObjectInputStream(
                        new ByteArrayInputStream(encoded, 5, encoded.length - 5), loader)) {
                    in.setObjectInputFilter(allow);
                    yield in.readObject();
                } catch (InvalidClassException e) {
                    if (allow.refused() != null) {
                        throw new RefusedClassException(allow.refused(), "class " + allow.refused()
                                + " is not on the allow-list", e);
                    }
                    throw e;
                } catch (ClassNotFoundException e) {
                    throw new RefusedClassException(e.getMessage(), "class " + e.getMessage()
                            + " is not on the class path", e);
                }
            }
            default -> throw new IOException("unknown payload kind " + encoded[0]);
        };
    }

    static void writeThrowable(DataOutput out, Throwable error) throws IOException {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && chain.size() < MAX_CAUSES && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        out.writeInt(chain.size());
        for (Throwable t : chain) {
            writeString(out, t.getClass().getName());
            writeString(out, t.getMessage());
            StackTraceElement[] frames = t.getStackTrace();
            int count = Math.min(frames.length, MAX_FRAMES);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                writeString(out, frames[i].getClassName());
                writeString(out, frames[i].getMethodName());
                writeString(out, frames[i].getFileName());
                out.writeInt(frames[i].getLineNumber());
            }
        }
    }

    static ForkedTaskException readThrowable(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 1 || count > MAX_CAUSES) {
            throw new IOException("an exception chain of " + count + " on the isolated work channel: out of sync");
        }
        String[] classes = new String[count];
        String[] messages = new String[count];
        StackTraceElement[][] stacks = new StackTraceElement[count][];
        for (int i = 0; i < count; i++) {
            classes[i] = readString(in);
            messages[i] = readString(in);
            int frames = in.readInt();
            if (frames < 0 || frames > MAX_FRAMES) {
                throw new IOException("a stack of " + frames + " frames on the isolated work channel: out of sync");
            }
            stacks[i] = new StackTraceElement[frames];
            for (int f = 0; f < frames; f++) {
                stacks[i][f] = new StackTraceElement(readString(in), readString(in), readString(in), in.readInt());
            }
        }
        ForkedTaskException cause = null;
        for (int i = count - 1; i >= 0; i--) {
            cause = new ForkedTaskException(classes[i], messages[i], stacks[i], cause);
        }
        return cause;
    }

    /** @return a stream reading the channel directly (not through its blocking lock, so a writer never waits) */
    static InputStream in(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                return channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** @return a stream writing the channel directly */
    static OutputStream out(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    /** Resolves classes in the task's loader (the parent) or {@link ChildMain#applicationLoader()} (the child). */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
