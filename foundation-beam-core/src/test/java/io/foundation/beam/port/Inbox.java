package io.foundation.beam.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A process that hands every message it gets to the test thread, and helpers about OS processes. */
final class Inbox {

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final ProcessRef process;

    Inbox(BeamRuntime runtime) {
        process = runtime.spawn(ctx -> {
            while (true) {
                messages.add(ctx.receive());
            }
        });
    }

    /** @return the next message, failing the test after 10 s */
    Object next() throws InterruptedException {
        Object m = messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    /** @return the next message of a type, skipping others, failing the test after 10 s */
    <T> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Object m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(m).as("a " + type.getSimpleName() + " within 10 s").isNotNull();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    /** @return whether an OS process is gone (ended; a zombie counts as ended) */
    static boolean gone(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (java.io.IOException e) {
                return true;
            }
        }
        return true;
    }

    /** Kills an OS process the test started, if a failed test left it running. */
    static void cleanUp(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }
}
