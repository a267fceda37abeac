package io.foundation.beam.internal.fork;

import io.foundation.beam.ecosystem.IsolatedTask;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The main class of a child JVM of forked isolated work: it connects to the parent's socket (its first argument),
 * says who it is, then runs one task per {@link Wire#RUN} on its main thread, one after the other, until the parent
 * closes the socket.
 *
 * <h2>Design</h2>
 * Threads: main (reads a task, runs it, writes the reply; end-of-stream ends the JVM with status 0) and two daemon
 * watchdogs that end the JVM at once ({@link Runtime#halt}, status {@value #PARENT_GONE}) when the parent is gone:
 * one reads standard input (a pipe from the parent, which the operating system closes when the parent dies, even
 * by {@code kill -9}), one polls the parent's pid every 250 ms. So a child never outlives its parent by more than
 * a moment, whether it is idle or in the middle of a task. Invariant: the child never writes to its standard output
 * for the protocol (a task may print there freely).
 */
public final class ChildMain {

    /** The exit status of a child whose parent died. */
    static final int PARENT_GONE = 75;
    private static final Duration PARENT_POLL = Duration.ofMillis(250);

    private ChildMain() {
    }

    /**
     * @param args the socket's path, the parent's pid
     * @throws IOException if the channel fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ChildMain <socket path> <parent pid>");
        }
        watchParent(Long.parseLong(args[1]));
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Wire.in(channel), 64 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Wire.out(channel), 64 * 1024));
            out.writeInt(Wire.MAGIC);
            out.writeLong(ProcessHandle.current().pid());
            out.flush();
            int op;
            while ((op = in.read()) >= 0) {
                if (op != Wire.RUN) {
                    throw new IOException("unknown request " + op + " from the parent");
                }
                runOne(in, out);
                out.flush();
            }
        }
        System.exit(0);
    }

    private static void runOne(DataInputStream in, DataOutputStream out) throws IOException {
        String taskClass = Wire.readString(in);
        int n = in.readInt();
        List<String> patterns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            patterns.add(Wire.readString(in));
        }
        byte[] encodedInput = Wire.readEncoded(in);
        ClassLoader loader = applicationLoader();
        Object input;
        try {
            input = Wire.decode(encodedInput, new AllowList(patterns), loader);
        } catch (RefusedClassException e) {
            out.writeByte(Wire.REFUSED);
            Wire.writeString(out, e.className());
            Wire.writeString(out, e.getMessage() + " in the child JVM (input)");
            return;
        }
        IsolatedTask<Object, Object> task;
        try {
            task = instantiate(taskClass, loader);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            out.writeByte(Wire.BAD_TASK);
            Wire.writeString(out, "cannot create task " + taskClass + " in the child JVM: " + e);
            return;
        }
        Object result;
        try {
            result = task.run(input);
        } catch (Exception | Error e) {
            out.writeByte(Wire.FAILED);
            Wire.writeThrowable(out, e);
            return;
        }
        byte[] encodedResult;
        try {
            encodedResult = Wire.encode(result);
        } catch (RefusedClassException e) {
            out.writeByte(Wire.REFUSED);
            Wire.writeString(out, e.className());
            Wire.writeString(out, e.getMessage() + " (the result of " + taskClass + ")");
            return;
        }
        out.writeByte(Wire.OK);
        out.write(encodedResult);
        Runtime runtime = Runtime.getRuntime();
        out.writeLong(runtime.totalMemory() - runtime.freeMemory());
    }

    /**
     * Where the child finds the task's class and the classes of its input: the thread's context class loader, which a
     * launcher (such as Spring Boot's, for an executable jar) sets to the loader of the application it runs, else
     * the loader of this class. Not the system class loader: under a launcher it sees only the launcher.
     */
    static ClassLoader applicationLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ChildMain.class.getClassLoader();
    }

    @SuppressWarnings("unchecked")
    private static IsolatedTask<Object, Object> instantiate(String name, ClassLoader loader)
            throws ReflectiveOperationException {
        Class<?> type = Class.forName(name, true, loader);
        if (!IsolatedTask.class.isAssignableFrom(type)) {
            throw new ClassCastException(name + " does not implement " + IsolatedTask.class.getName());
        }
        return (IsolatedTask<Object, Object>) type.getDeclaredConstructor().newInstance();
    }

    private static void watchParent(long parentPid) {
        Thread.ofPlatform().daemon().name("beam-child-stdin-watch").start(() -> {
            byte[] buffer = new byte[256];
            try {
                while (System.in.read(buffer) >= 0) {
                    // the parent writes nothing here; only the end of the stream matters
                }
            } catch (IOException e) {
                // a broken pipe means the same
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        });
        Thread.ofPlatform().daemon().name("beam-child-parent-watch").start(() -> {
            while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                LockSupport.parkNanos(PARENT_POLL.toNanos());
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        });
    }
}
