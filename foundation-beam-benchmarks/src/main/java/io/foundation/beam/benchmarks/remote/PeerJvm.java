package io.foundation.beam.benchmarks.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Node B's JVM: the same {@code java} binary and class path as this JVM, no JVM flag, main class {@link PeerMain}.
 *
 * <p>It is always killed: {@link #close()} closes its standard input (its signal to halt), waits briefly, then kills
 * it ({@code destroyForcibly}); a shutdown hook does the same if this JVM exits without closing it (an exception, the
 * watchdog, Ctrl-C); and {@link PeerMain} halts by itself when this JVM is gone. A daemon thread copies the child's
 * output (standard error merged into it) to this JVM's standard error, prefixed {@code [peer]}, and spots the
 * {@link PeerMain#READY} line.
 */
final class PeerJvm implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(3);

    private final Process process;
    private final Thread shutdownHook;
    private final CountDownLatch ready = new CountDownLatch(1);

    private PeerJvm(Process process) {
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "kill-peer-jvm");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread.ofPlatform().daemon().name("peer-output").start(this::copyOutput);
    }

    /**
     * Starts node B and waits until it serves.
     *
     * @param peerArgs {@link PeerMain}'s arguments
     * @return the running node B
     * @throws IllegalStateException if it does not print {@link PeerMain#READY} in time, or ends first
     */
    static PeerJvm start(List<String> peerArgs) {
        List<String> command = ChildProcesses.javaCommand(PeerMain.class);
        command.addAll(peerArgs);
        PeerJvm peer;
        try {
            peer = new PeerJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node B's JVM: " + command, e);
        }
        try {
            peer.awaitReady();
            return peer;
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private void awaitReady() {
        try {
            if (!ready.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("node B did not get ready within " + READY_TIMEOUT
                        + (process.isAlive() ? "" : " (it ended with status " + process.exitValue() + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node B", e);
        }
    }

    /** @return node B's process id */
    long pid() {
        return process.pid();
    }

    /** Closes node B's standard input, waits {@link #EXIT_GRACE} at most, then kills it and waits until it is gone. */
    @Override
    public void close() {
        ChildProcesses.end(process, process.getOutputStream(), EXIT_GRACE.toMillis(), shutdownHook);
    }

    private void copyOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(PeerMain.READY)) {
                    ready.countDown();
                }
                System.err.println("[peer] " + line);
            }
        } catch (IOException e) {
            // node B is gone
        }
    }
}
