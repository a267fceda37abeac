package io.foundation.beam.benchmarks.remote;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the multi-JVM benchmarks' child JVMs share ({@link PeerJvm}, and the distributed-work nodes): how one is
 * started (the same {@code java} binary and class path as this JVM, no JVM flag) and how it is ended.
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * @param mainClass the child's main class
     * @return the command that starts it, before its arguments
     * @throws IllegalStateException if this JVM cannot tell its {@code java} binary
     */
    public static List<String> javaCommand(Class<?> mainClass) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this JVM"));
        return new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    }

    /**
     * Closes the child's standard input (its signal to halt), waits {@code graceMillis} at most, then kills it, waits
     * until it is gone (10 s at most) and removes its shutdown hook.
     *
     * @param process the child
     * @param input its standard input, as this JVM writes it
     * @param graceMillis how long it may take to halt by itself
     * @param shutdownHook the hook that kills it if this JVM exits first
     */
    public static void end(Process process, Closeable input, long graceMillis, Thread shutdownHook) {
        try {
            input.close();
            process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // this JVM is shutting down: the hook runs anyway
            }
        }
    }
}
