package io.foundation.beam.internal.port;

import io.foundation.beam.messages.Binary;
import io.foundation.beam.port.PortFramingException;
import io.foundation.beam.port.PortMessage;
import io.foundation.beam.process.ProcessRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one of the program's output streams on its own virtual thread and cuts it into messages.
 *
 * <p>Model: a loop over blocking reads until end-of-file (the program and everything holding the pipe have closed
 * it, or the port closed it while ending). Memory is bounded: a line or frame is held whole only up to the maximum
 * (plus one read buffer). Output that breaks the framing is reported once through {@code failed} and ends the
 * reading; the port then ends with that error. Each complete line or frame goes to {@code emit}, which blocks while
 * the receiver's mailbox is full (see {@link Delivery}) and returns false when nobody will take it any more.
 */
final class OutputReader implements Runnable {

    /** Where frames go: true while the reader should go on. */
    interface Emitter {
        boolean emit(Object frame);
    }

    private final InputStream in;
    private final boolean lines;
    private final int max;
    private final boolean cutOverlong;
    private final String what;
    private final Emitter emitter;
    private final Consumer<PortFramingException> failed;

    /**
     * @param in the stream
     * @param lines line framing (strings) or length-prefixed frames ({@link Binary})
     * @param max the longest line or frame in bytes
     * @param cutOverlong for a diagnostic stream (the stderr tail): cut an over-long line, marked, instead of failing
     * @param what names the port, the program and the stream, for errors
     * @param emitter takes each line ({@code String}) or frame ({@code Binary})
     * @param failed told once of broken framing
     */
    OutputReader(InputStream in, boolean lines, int max, boolean cutOverlong, String what, Emitter emitter,
            Consumer<PortFramingException> failed) {
        this.in = in;
        this.lines = lines;
        this.max = max;
        this.cutOverlong = cutOverlong;
        this.what = what;
        this.emitter = emitter;
        this.failed = failed;
    }

    @Override
    public void run() {
        try (in) {
            if (lines) {
                readLines();
            } else {
                readFrames();
            }
        } catch (IOException e) {
            // the port closed the stream while ending, or the pipe broke: nothing more to read
        }
    }

    private void readLines() throws IOException {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean skipping = false; // cutting an over-long diagnostic line: drop bytes up to its '\n'
        int n;
        while ((n = in.read(buf)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                if (!skipping) {
                    line.write(buf, start, i - start);
                    boolean cut = line.size() > max;
                    if (cut && !overlong(line)) {
                        return;
                    }
                    if (!emitter.emit(text(line, cut))) {
                        return;
                    }
                }
                skipping = false;
                line.reset();
                start = i + 1;
            }
            if (!skipping) {
                line.write(buf, start, n - start);
                if (line.size() > max) {
                    if (!overlong(line)) {
                        return;
                    }
                    if (!emitter.emit(text(line, true))) {
                        return;
                    }
                    line.reset();
                    skipping = true;
                }
            }
        }
        if (line.size() > 0 && !skipping) {
            emitter.emit(text(line, false));
        }
    }

    /** @return true to go on (the line is cut), false after reporting the error */
    private boolean overlong(ByteArrayOutputStream line) {
        if (cutOverlong) {
            return true;
        }
        failed.accept(new PortFramingException(what + " wrote a line longer than " + max + " bytes (without its "
                + "'\\n'): raise PortSpec.withLineFraming(maxLineBytes) or use length-prefixed framing"));
        return false;
    }

    private String text(ByteArrayOutputStream line, boolean cut) {
        byte[] bytes = line.toByteArray();
        if (cut) {
            return new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8) + "...[cut]";
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void readFrames() throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        byte[] header = new byte[4];
        while (true) {
            int first = data.read();
            if (first == -1) {
                return;
            }
            header[0] = (byte) first;
            try {
                data.readFully(header, 1, 3);
            } catch (EOFException e) {
                failed.accept(new PortFramingException(what + "'s output ended inside a 4-byte frame length"));
                return;
            }
            int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                    | (header[3] & 0xff);
            if (length < 0 || length > max) {
                failed.accept(new PortFramingException(what + " announced a frame of " + Integer.toUnsignedString(length)
                        + " bytes, over the maximum of " + max + ": raise PortSpec.withLengthPrefixedFraming("
                        + "maxFrameSize), or check that the program writes a 4-byte big-endian length before each frame"));
                return;
            }
            byte[] frame = new byte[length];
            try {
                data.readFully(frame);
            } catch (EOFException e) {
                failed.accept(new PortFramingException(what + "'s output ended inside a frame of " + length + " bytes"));
                return;
            }
            if (!emitter.emit(Binary.adopt(frame))) {
                return;
            }
        }
    }

    /**
     * @param port the port
     * @param frame a line or a frame from {@link #run}
     * @return the stdout message for it
     */
    static PortMessage stdoutMessage(ProcessRef port, Object frame) {
        return frame instanceof String line ? new PortMessage.PortData(port, line)
                : new PortMessage.PortBytes(port, (Binary) frame);
    }
}
