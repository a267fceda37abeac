package io.foundation.beam.cluster.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what the tests' logging backend (slf4j-simple, which writes to whatever {@code System.err} is at each
 * call) prints while it is open, and still prints it. Lines are read with {@link #lines()}. Thread-safe: the loggers
 * of many JGroups threads write through one synchronized stream; {@link #close()} restores {@code System.err}.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
    }

    /** @return a capture, started */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (capture.captured) {
                    capture.captured.write(b);
                }
                capture.original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (capture.captured) {
                    capture.captured.write(b, off, len);
                }
                capture.original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        return capture;
    }

    /** @return the lines printed so far */
    public List<String> lines() {
        synchronized (captured) {
            return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\\R"));
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
