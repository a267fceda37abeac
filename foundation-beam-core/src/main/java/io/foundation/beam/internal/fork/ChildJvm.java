package io.foundation.beam.internal.fork;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One child JVM as its parent sees it: the operating-system process, its private socket and the tail of its standard
 * error.
 *
 * <h2>Design</h2>
 * Start: a fresh temporary directory with owner-only permissions ({@code rwx------}) holds a Unix domain socket the
 * parent listens on; only this user can connect, and the child proves it is the process we started by sending its
 * pid first. The directory is deleted as soon as the child connected (or failed to). Standard output and error are
 * pumped by two daemon platform threads: output lines are copied to the parent's standard output, prefixed; error is
 * kept as its last {@value #TAIL_CHARS} characters for the crash report. Nothing crosses on either.
 *
 * <p>States: RUNNING (connected) -&gt; CLOSING ({@link #closeAsync}: the socket is closed, the child exits on
 * end-of-stream and is destroyed if it has not within the grace period, 120 s for an AOT training child, which writes
 * its cache as it exits) -&gt; EXITED; or RUNNING -&gt;
 * EXITED when the child dies on its own or is destroyed. {@link #death()} completes once the process has exited and
 * its standard error has been read to the end, so the tail is complete. Invariant: only the owning pool process calls
 * {@link #run} (one task at a time); the other methods may be called from any thread.
 */
final class ChildJvm {

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL_CHARS = 4096;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(20);
    /** A training child writes its AOT cache as it exits (the JVM assembles the cache then): give it longer. */
    private static final Duration TRAINING_CLOSE_GRACE = Duration.ofSeconds(120);
    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("beam-child-exit").start(task);

    /** How a child ended. */
    record Death(int exitStatus, String stderrTail, boolean closedByUs) {
    }

    /** A child's reply to one task. */
    sealed interface Reply {
    }

    record Ok(byte[] encoded, long usedHeapBytes) implements Reply {
    }

    record Failed(io.foundation.beam.ecosystem.ForkedTaskException error) implements Reply {
    }

    record Refused(String className, String detail) implements Reply {
    }

    record BadTask(String detail) implements Reply {
    }

    private final Process process;
    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Tail stderr;
    private final CompletableFuture<Death> death = new CompletableFuture<>();
    private final Duration closeGrace;
    private volatile boolean closing;

    private ChildJvm(Process process, SocketChannel channel, Tail stderr, Thread stderrPump, boolean training) {
        this.process = process;
        this.closeGrace = training ? TRAINING_CLOSE_GRACE : CLOSE_GRACE;
        this.channel = channel;
        this.stderr = stderr;
        this.in = new DataInputStream(new BufferedInputStream(Wire.in(channel), 64 * 1024));
        this.out = new DataOutputStream(new BufferedOutputStream(Wire.out(channel), 64 * 1024));
        process.onExit().thenRunAsync(() -> {
            try {
                stderrPump.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            death.complete(new Death(process.exitValue(), stderr.text(), closing));
        }, VIRTUAL);
    }

    /**
     * Starts a child and waits until it has connected.
     *
     * @param shape the command
     * @param aotFlag an AOT cache flag or null
     * @return the connected child
     * @throws IOException if it could not be started or did not connect within {@link #START_TIMEOUT} (the message
     *     has its exit status and standard error); also when the calling thread is interrupted
     */
    static ChildJvm start(ForkShape shape, String aotFlag) throws IOException {
        Path dir = Files.createTempDirectory("beam-fork-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("s");
        Process process = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> command = shape.command(socket, aotFlag);
            process = new ProcessBuilder(command).start();
            Process started = process;
            long pid = process.pid();
            Tail tail = new Tail();
            Thread errPump = pump(process.getErrorStream(), tail::append, "beam-child-" + pid + "-stderr");
            pump(process.getInputStream(), line -> System.out.println("[isolated work " + pid + "] " + line),
                    "beam-child-" + pid + "-stdout");
            process.onExit().thenRun(() -> closeQuietly(server));
            CompletableFuture.delayedExecutor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> closeQuietly(server));
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                started.destroyForcibly();
                boolean interrupted = Thread.interrupted();
                String status = interrupted ? "the caller was interrupted"
                        : started.isAlive() ? "it did not connect within " + START_TIMEOUT
                        : "it exited with status " + waitQuietly(started, errPump);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("child JVM " + pid + " of isolated work did not start: " + status
                        + "; command: " + String.join(" ", command) + "; its standard error: " + tail.text(), e);
            }
            ChildJvm child = new ChildJvm(process, channel, tail, errPump,
                    aotFlag != null && aotFlag.startsWith("-XX:AOTCacheOutput"));
            if (child.in.readInt() != Wire.MAGIC || child.in.readLong() != pid) {
                child.destroy();
                throw new IOException("the process that connected to the isolated work socket is not child " + pid);
            }
            return child;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** @return the child's pid */
    long pid() {
        return process.pid();
    }

    /** @return completed with how it ended, once it has */
    CompletableFuture<Death> death() {
        return death;
    }

    /**
     * Runs one task and waits for its reply.
     *
     * @throws IOException if the channel broke: the child died or was destroyed
     */
    Reply run(String taskClass, List<String> patterns, byte[] encodedInput) throws IOException {
        out.writeByte(Wire.RUN);
        Wire.writeString(out, taskClass);
        out.writeInt(patterns.size());
        for (String pattern : patterns) {
            Wire.writeString(out, pattern);
        }
        out.write(encodedInput);
        out.flush();
        byte kind = in.readByte();
        return switch (kind) {
            case Wire.OK -> {
                byte[] encoded = Wire.readEncoded(in);
                yield new Ok(encoded, in.readLong());
            }
            case Wire.FAILED -> new Failed(Wire.readThrowable(in));
            case Wire.REFUSED -> new Refused(Wire.readString(in), Wire.readString(in));
            case Wire.BAD_TASK -> new BadTask(Wire.readString(in));
            default -> throw new IOException("unknown reply " + kind + " from child JVM " + pid());
        };
    }

    /** Ends the child gracefully without waiting; destroys it if it is still there after the grace period. */
    void closeAsync() {
        closing = true;
        closeQuietly(channel);
        process.onExit().completeOnTimeout(process, closeGrace.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(process::destroyForcibly);
    }

    /** Kills the child ({@code SIGKILL}). */
    void destroy() {
        process.destroyForcibly();
        closeQuietly(channel);
    }

    private static int waitQuietly(Process process, Thread pump) {
        try {
            int status = process.waitFor();
            pump.join(Duration.ofSeconds(2));
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing a socket we are done with: nothing to do
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> sink, String name) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
    }

    /** The last characters of a stream; appended by one pump thread, read by others. */
    private static final class Tail {
        private final ReentrantLock lock = new ReentrantLock();
        private final StringBuilder text = new StringBuilder();

        void append(String line) {
            lock.lock();
            try {
                text.append(line).append('\n');
                if (text.length() > 2 * TAIL_CHARS) {
                    text.delete(0, text.length() - TAIL_CHARS);
                }
            } finally {
                lock.unlock();
            }
        }

        String text() {
            lock.lock();
            try {
                return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text.toString();
            } finally {
                lock.unlock();
            }
        }
    }
}
