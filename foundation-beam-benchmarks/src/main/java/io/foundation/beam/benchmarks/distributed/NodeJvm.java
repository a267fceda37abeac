package io.foundation.beam.benchmarks.distributed;

import io.foundation.beam.benchmarks.remote.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One node's JVM ({@link NodeMain}): the same {@code java} binary and class path as the driver, no JVM flag. Its
 * answers (standard output lines that start with {@link NodeMain#PREFIX}) are queued for {@link #await}; all its
 * other output goes to the driver's standard error, prefixed with the node's name.
 *
 * <p>It is always ended: {@link #close()} closes its standard input (its signal to halt), waits briefly, then kills
 * it; a shutdown hook kills it if the driver exits without closing it; and {@link NodeMain} halts by itself when the
 * driver is gone.
 */
final class NodeJvm implements AutoCloseable {

    private static final long EXIT_GRACE_MILLIS = 3000;
    private static final String EXITED = "\u0000exited";

    private final String name;
    private final Process process;
    private final PrintStream commands;
    private final Thread shutdownHook;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private NodeJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.shutdownHook = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread.ofPlatform().daemon().name(name + "-output").start(this::copyOutput);
    }

    /**
     * Starts a node's JVM (does not wait for it).
     *
     * @param name the node's name, for the logs
     * @param args {@link NodeMain}'s arguments
     * @return the JVM
     */
    static NodeJvm start(String name, List<String> args) {
        List<String> command = ChildProcesses.javaCommand(NodeMain.class);
        command.addAll(args);
        try {
            return new NodeJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + "'s JVM: " + command, e);
        }
    }

    /** @return the node's name */
    String name() {
        return name;
    }

    /** @param command one command line for {@link NodeMain} */
    void send(String command) {
        commands.println(command);
    }

    /**
     * Collects the node's answers up to the one that starts with {@code last}.
     *
     * @param last the start of the answer that ends the wait ({@code READY}, {@code END})
     * @param timeout how long to wait at most
     * @return the answers, {@code last}'s included
     * @throws IllegalStateException if the node ends, says ERROR, or is too slow
     */
    List<String> await(String last, Duration timeout) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(name + " did not answer " + last + " within " + timeout);
            }
            if (line.equals(EXITED)) {
                throw new IllegalStateException(name + "'s JVM ended (status " + process.waitFor() + ") before "
                        + last);
            }
            if (line.startsWith("ERROR")) {
                throw new IllegalStateException(name + ": " + line);
            }
            lines.add(line);
            if (line.startsWith(last)) {
                return lines;
            }
        }
    }

    /** Closes the node's standard input, waits 3 s at most, then kills it and waits until it is gone. */
    @Override
    public void close() {
        ChildProcesses.end(process, commands, EXIT_GRACE_MILLIS, shutdownHook);
    }

    private void copyOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(NodeMain.PREFIX)) {
                    String answer = line.substring(NodeMain.PREFIX.length());
                    answers.add(answer);
                    if (!answer.startsWith("LATENCIES")) {
                        System.err.println("[" + name + "] " + answer);
                    }
                } else {
                    System.err.println("[" + name + "] " + line);
                }
            }
        } catch (IOException e) {
            // the node is gone
        } finally {
            answers.add(EXITED);
        }
    }
}
