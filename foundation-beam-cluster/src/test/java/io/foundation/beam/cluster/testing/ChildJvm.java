package io.foundation.beam.cluster.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM for multi-node tests: the same {@code java} as the test's, a small heap, one CPU, the test's class
 * path, and a main class. The test reads its standard output line by line ({@link #awaitLine}), writes commands to
 * its standard input ({@link #send}), kills it ({@link #kill}: kill -9) or freezes it ({@link #suspend},
 * {@link #resume}: SIGSTOP, SIGCONT). Its standard error is copied to the test's, prefixed. Always
 * {@link #close()} it (try-with-resources or {@code @AfterAll}); the child's main should also end when its
 * standard input ends or its parent dies (see {@link TransportNodeMain}).
 *
 * <h2>Design</h2>
 * Two daemon threads pump the child's stdout into {@code lines} (guarded by {@code this}, waiters woken by
 * {@link #notifyAll()}) and its stderr to {@link System#err}. {@link #awaitLine} keeps a cursor: each call looks
 * only at lines after the previous match. Not for use by several test threads at once.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private int cursor;
    private boolean stdoutClosed;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump("stdout", process.getInputStream(), this::addLine);
        pump("stderr", process.getErrorStream(), line -> System.err.println("[" + name + "] " + line));
    }

    /**
     * Starts a child JVM.
     *
     * @param name a name for its thread names and messages
     * @param mainClass the main class (on the test's class path)
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(String name, Class<?> mainClass, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("cannot tell which java runs this test"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(name, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM " + name, e);
        }
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child is running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for a line after the previous match that satisfies the predicate.
     *
     * @param predicate what to wait for
     * @param timeout how long at most
     * @return the line
     * @throws AssertionError on timeout or if the child ended first (with the child's output)
     */
    public synchronized String awaitLine(Predicate<String> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (cursor < lines.size()) {
                String line = lines.get(cursor++);
                if (predicate.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || stdoutClosed) {
                throw new AssertionError("child " + name + (stdoutClosed ? " ended" : " timed out after " + timeout)
                        + " before printing the line awaited; its output:\n" + String.join("\n", lines));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** @return every line printed so far */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Writes a line to the child's standard input.
     *
     * @param line the command
     */
    public void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + name, e);
        }
    }

    /** kill -9, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the child (SIGSTOP): its threads stop, its sockets stay open. */
    public void suspend() {
        signal("-STOP");
    }

    /** Thaws a frozen child (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    /** Kills the child (kill -9 also ends a frozen one) and waits until it is gone. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + "]";
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void addLine(String line) {
        if (line == null) {
            stdoutClosed = true;
        } else {
            lines.add(line);
        }
        notifyAll();
    }

    private void pump(String stream, InputStream in, java.util.function.Consumer<String> sink) {
        Thread.ofPlatform().daemon().name("child-" + name + "-" + stream).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                if ("stdout".equals(stream)) {
                    sink.accept(null);
                }
            }
        });
    }
}
