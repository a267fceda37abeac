package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The handoff hint covers both ways a process is put on its waker's carrier: a started activation (handler style)
 * and an unparked one (receive-loop style). Without the second, a receive-loop process spun in front of the partner
 * it had just woken onto its own carrier.
 */
class HandoffHintTest {

    @RepeatedTest(5)
    void unparkingAParkedReceiveLoopFromAVirtualThreadRecordsTheHint() throws Exception {
        try (BeamRuntime runtime = BeamRuntime.builder().name("hint").build()) {
            CompletableFuture<Object> got = new CompletableFuture<>();
            // It waits for a second message before it ends: a dead process no longer names the thread that woke it.
            ProcessRef receiver = runtime.spawn(context -> {
                got.complete(context.receive());
                context.receive();
            });
            ProcessCell cell = (ProcessCell) receiver;
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.info(receiver)
                    .map(i -> i.status() == ProcessStatus.WAITING).orElse(false) && cell.thread() != null
                    && !cell.isQueuedNotRunning());
            HandoffHint hint = ((ProcessKernel) Kernel.of(runtime)).handoff;
            CompletableFuture<Thread> waker = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                receiver.send("wake");
                waker.complete(Thread.currentThread());
            });
            Thread wakerThread = waker.get(10, TimeUnit.SECONDS);
            assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("wake");
            assertThat(cell.startedBy).as("the unparking thread is recorded").isSameAs(wakerThread);
            assertThat(hint.lastWoken()).as("the unparked process is the hint").isSameAs(cell);
            receiver.send("end");
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.isAlive());
            assertThat(cell.startedBy).as("a dead process names no thread").isNull();
            assertThat(cell.isQueuedNotRunning()).isFalse();
        }
    }

    @RepeatedTest(5)
    void aWokenProcessThatRanAgainIsNoLongerQueued() throws Exception {
        try (BeamRuntime runtime = BeamRuntime.builder().name("hint").build()) {
            ProcessRef echo = runtime.spawn(context -> {
                for (;;) {
                    CompletableFuture<?> reply = (CompletableFuture<?>) context.receive();
                    reply.complete(null);
                }
            });
            ProcessCell cell = (ProcessCell) echo;
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Void> reply = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> echo.send(reply));
                reply.get(10, TimeUnit.SECONDS);
                // Handled the message: it is running or parked again, never "queued, not running" once parked.
                await().atMost(Duration.ofSeconds(10)).until(() -> runtime.info(echo)
                        .map(info -> info.status() == ProcessStatus.WAITING).orElse(false));
                assertThat(cell.isQueuedNotRunning()).as("round %d", i).isFalse();
            }
        }
    }
}
