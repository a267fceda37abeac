package io.foundation.beam.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capability 10: telemetry events and listeners. */
class TelemetryTest extends RuntimeTestSupport {

    /** Runs before the support's close: a test must not leave a process behind that ignores the shutdown signal. */
    @AfterEach
    void noProcessIgnoresTheShutdownSignal() {
        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).as("processes that ignored the shutdown signal and had to be killed").isZero();
    }

    private <E extends BeamEvent.ProcessEvent> List<E> eventsFor(Class<E> type, ProcessRef pid) {
        return events(type).stream().filter(e -> e.process().equals(pid)).toList();
    }

    @Test
    void spawnEmitsProcessSpawnedWithParentAndBehavior() throws Exception {
        ProcessHandler handler = (m, c) -> null;
        ProcessRef top = runtime.spawn(handler);

        // Emitted before spawn returns.
        assertThat(eventsFor(BeamEvent.ProcessSpawned.class, top)).singleElement().satisfies(e -> {
            assertThat(e.parent()).isEmpty();
            assertThat(e.behavior()).isEqualTo(handler.getClass().getName());
        });

        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef parent = runtime.spawn(ctx -> {
            child.complete(ctx.spawn(c -> { }));
            ctx.receive();
        });
        ProcessRef kid = child.get(5, TimeUnit.SECONDS);
        assertThat(eventsFor(BeamEvent.ProcessSpawned.class, kid)).singleElement()
                .satisfies(e -> assertThat(e.parent()).contains(parent));
    }

    @Test
    void exitEmitsProcessExitedWithTheReasonAndTheUnprocessedCount() throws Exception {
        // (The event is emitted on the process's thread: wait for it.)
        ProcessRef normal = runtime.spawn(ctx -> { });
        await().untilAsserted(() -> assertThat(eventsFor(BeamEvent.ProcessExited.class, normal)).singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.NORMAL);
                    assertThat(e.unprocessedMessages()).isZero();
                }));

        IllegalStateException boom = new IllegalStateException("boom");
        ProcessRef crashed = runtime.spawn(ctx -> {
            throw boom;
        });
        await().untilAsserted(() -> assertThat(eventsFor(BeamEvent.ProcessExited.class, crashed)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ExitReason.crashed(boom))));

        // Killed while busy with three messages queued behind the current one.
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Thread> killedThread = new CompletableFuture<>();
        ProcessRef killed = runtime.spawn((m, c) -> {
            killedThread.complete(Thread.currentThread());
            entered.countDown();
            never.await();
            return null;
        });
        try {
            killed.send("busy");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            killed.send(1);
            killed.send(2);
            killed.send(3);
            runtime.kill(killed);
            assertThat(eventsFor(BeamEvent.ProcessExited.class, killed)).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(ExitReason.KILLED);
                assertThat(e.unprocessedMessages()).isEqualTo(3);
            });
            // The interrupt that the kill causes is not reported as a failure of the handler.
            Thread thread = killedThread.get(5, TimeUnit.SECONDS);
            await().until(() -> !thread.isAlive());
            assertThat(eventsFor(BeamEvent.HandlerFailed.class, killed)).isEmpty();
            assertThat(eventsFor(BeamEvent.ProcessExited.class, killed)).hasSize(1);
        } finally {
            never.countDown();
        }
    }

    @Test
    void whenAnExitFutureCompletesTheExitEventHasBeenEmitted() throws Exception {
        for (int round = 0; round < 5_000; round++) {
            ProcessRef pid = runtime.spawn(ctx -> { });
            runtime.exitFuture(pid).get(5, TimeUnit.SECONDS);
            assertThat(eventsFor(BeamEvent.ProcessExited.class, pid)).as("round %d", round).hasSize(1);
        }
    }

    /** A process with a bounded mailbox of one, held busy in its first message until {@code release} opens. */
    private ProcessRef busyBounded(OverflowPolicy policy, LinkedBlockingQueue<Object> handled, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn((m, c) -> {
            entered.countDown();
            release.await();
            handled.add(m);
            return null;
        }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(1, policy)));
        pid.send("hold");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        return pid;
    }

    @Test
    void dropNewestEmitsMessageDroppedForTheNewMessage() throws Exception {
        LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = busyBounded(OverflowPolicy.DROP_NEWEST, handled, release);
        try {
            assertThat(pid.trySend("queued")).isEqualTo(SendResult.ACCEPTED);
            assertThat(pid.trySend(42)).isEqualTo(SendResult.DROPPED_NEWEST);
            pid.send(43L); // send does not throw for a drop

            assertThat(eventsFor(BeamEvent.MessageDropped.class, pid))
                    .extracting(BeamEvent.MessageDropped::policy, BeamEvent.MessageDropped::messageType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(OverflowPolicy.DROP_NEWEST, Integer.class),
                            org.assertj.core.groups.Tuple.tuple(OverflowPolicy.DROP_NEWEST, Long.class));
            assertThat(runtime.info(pid).orElseThrow().messagesDropped()).isEqualTo(2);
        } finally {
            release.countDown();
        }
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("hold");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("queued");
        await().until(() -> runtime.info(pid).orElseThrow().mailboxLength() == 0);
        assertThat(handled).isEmpty();
        assertThat(events(BeamEvent.MessageRejected.class)).isEmpty();
    }

    @Test
    void dropOldestEmitsMessageDroppedForTheDisplacedMessage() throws Exception {
        LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = busyBounded(OverflowPolicy.DROP_OLDEST, handled, release);
        try {
            assertThat(pid.trySend("oldest")).isEqualTo(SendResult.ACCEPTED);
            assertThat(pid.trySend(42)).isEqualTo(SendResult.DROPPED_OLDEST);

            assertThat(eventsFor(BeamEvent.MessageDropped.class, pid)).singleElement().satisfies(e -> {
                assertThat(e.policy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
                assertThat(e.messageType()).isEqualTo(String.class); // the displaced "oldest", not the new 42
            });
            assertThat(runtime.info(pid).orElseThrow().messagesDropped()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("hold");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void rejectEmitsMessageRejected() throws Exception {
        LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = busyBounded(OverflowPolicy.REJECT, handled, release);
        try {
            pid.send("queued");
            assertThatThrownBy(() -> pid.send(42)).isInstanceOf(MailboxFullException.class);
            assertThat(pid.trySend(43L)).isEqualTo(SendResult.MAILBOX_FULL);

            assertThat(eventsFor(BeamEvent.MessageRejected.class, pid))
                    .extracting(BeamEvent.MessageRejected::policy, BeamEvent.MessageRejected::messageType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(OverflowPolicy.REJECT, Integer.class),
                            org.assertj.core.groups.Tuple.tuple(OverflowPolicy.REJECT, Long.class));
            assertThat(runtime.info(pid).orElseThrow().messagesRejected()).isEqualTo(2);
            assertThat(events(BeamEvent.MessageDropped.class)).isEmpty();
        } finally {
            release.countDown();
        }
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("hold");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("queued");
    }

    @Test
    void sendingToADeadProcessEmitsDeadLetter() throws Exception {
        ProcessRef pid = runtime.spawn((m, c) -> null);
        runtime.kill(pid);
        long before = runtime.snapshot().deadLetters();

        assertThat(pid.trySend("late")).isEqualTo(SendResult.NO_SUCH_PROCESS);
        pid.send(7); // not an error either

        assertThat(eventsFor(BeamEvent.DeadLetter.class, pid)).extracting(BeamEvent.DeadLetter::messageType)
                .containsExactly(String.class, Integer.class);
        assertThat(runtime.snapshot().deadLetters()).isEqualTo(before + 2);
    }

    /** Kills a process busy in its first message with a String, an Integer and a Long queued behind it. */
    private ProcessRef killWithThreeQueued() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn((m, c) -> {
            thread.complete(Thread.currentThread());
            entered.countDown();
            never.await();
            return null;
        });
        try {
            pid.send("busy");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            pid.send("a");
            pid.send(1);
            pid.send(2L);
            runtime.kill(pid);
        } finally {
            never.countDown();
        }
        Thread t = thread.get(5, TimeUnit.SECONDS);
        await().until(() -> !t.isAlive()); // it has discarded its queue
        return pid;
    }

    @Test
    void messagesStillQueuedWhenAProcessEndsAreCountedAsDeadLetters() throws Exception {
        long before = runtime.snapshot().deadLetters();
        ProcessRef pid = killWithThreeQueued();
        assertThat(runtime.snapshot().deadLetters()).isEqualTo(before + 3);
        assertThat(eventsFor(BeamEvent.ProcessExited.class, pid)).singleElement()
                .satisfies(e -> assertThat(e.unprocessedMessages()).isEqualTo(3));
    }

    @Test
    void messagesStillQueuedWhenAProcessEndsAreCountedNotReportedOneByOne() throws Exception {
        long before = runtime.snapshot().deadLetters();
        ProcessRef pid = killWithThreeQueued();
        assertThat(eventsFor(BeamEvent.DeadLetter.class, pid)).isEmpty();
        await().untilAsserted(() -> assertThat(runtime.snapshot().deadLetters() - before).isEqualTo(3));
    }

    @Test
    void hibernatingEmitsProcessHibernated() throws Exception {
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            ctx.hibernate();
            return null;
        });
        pid.send("sleep now");
        await().untilAsserted(() -> assertThat(eventsFor(BeamEvent.ProcessHibernated.class, pid)).hasSize(1));

        ProcessRef body = runtime.spawn(ctx -> ctx.hibernate(c -> c.receive()));
        await().untilAsserted(() -> assertThat(eventsFor(BeamEvent.ProcessHibernated.class, body)).hasSize(1));
    }

    @Test
    void throwingCodeEmitsHandlerFailedWithThePhaseAndTheError() throws Exception {
        IllegalStateException inHandle = new IllegalStateException("in handle");
        ProcessRef handler = runtime.spawn((m, c) -> {
            throw inHandle;
        });
        CompletableFuture<ExitReason> handlerExit = runtime.exitFuture(handler);
        handler.send("x");
        assertThat(handlerExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.crashed(inHandle));
        assertThat(eventsFor(BeamEvent.HandlerFailed.class, handler)).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo("handle");
            assertThat(e.error()).isSameAs(inHandle);
        });

        IllegalArgumentException inBody = new IllegalArgumentException("in body");
        ProcessRef body = runtime.spawn(ctx -> {
            throw inBody;
        });
        runtime.exitFuture(body).get(5, TimeUnit.SECONDS);
        assertThat(eventsFor(BeamEvent.HandlerFailed.class, body)).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo("body");
            assertThat(e.error()).isSameAs(inBody);
        });

        UnsupportedOperationException inInit = new UnsupportedOperationException("in init");
        ProcessRef init = runtime.spawn(new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                throw inInit;
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        });
        runtime.exitFuture(init).get(5, TimeUnit.SECONDS);
        assertThat(eventsFor(BeamEvent.HandlerFailed.class, init)).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo("init");
            assertThat(e.error()).isSameAs(inInit);
        });

        // A failing terminate hook is reported, and does not change the exit reason.
        IllegalStateException inTerminate = new IllegalStateException("in terminate");
        ProcessRef terminate = runtime.spawn(new ProcessHandler() {
            @Override
            public Object handle(Object message, ProcessContext context) {
                context.exit(ExitReason.NORMAL);
                return null;
            }

            @Override
            public void terminate(ExitReason reason, ProcessContext context) {
                throw inTerminate;
            }
        });
        CompletableFuture<ExitReason> terminateExit = runtime.exitFuture(terminate);
        terminate.send("stop");
        assertThat(terminateExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(eventsFor(BeamEvent.HandlerFailed.class, terminate)).singleElement().satisfies(e -> {
            assertThat(e.phase()).isEqualTo("terminate");
            assertThat(e.error()).isSameAs(inTerminate);
        });
    }

    @Test
    void aThrowingListenerNeverBreaksAProcess() throws Exception {
        int recordedBefore = events.size();
        long failuresBefore = runtime.snapshot().listenerFailures();
        runtime.addListener(e -> {
            throw new IllegalStateException("listener bug on " + e);
        });

        // Events emitted on the caller's thread: spawn still works.
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            // Each message makes this process emit events on its own thread: a spawn, then a hibernation.
            ctx.spawn((x, y) -> null);
            ctx.hibernate();
            return "handled " + m;
        });
        for (int i = 0; i < 5; i++) {
            assertThat(runtime.call(pid, i)).isEqualTo("handled " + i);
            // (A hibernation is skipped when the next message is already there: wait for it before sending.)
            int hibernations = i + 1;
            await().until(() -> eventsFor(BeamEvent.ProcessHibernated.class, pid).size() == hibernations);
        }
        assertThat(pid.isAlive()).isTrue();
        assertThat(runtime.info(pid).orElseThrow().messagesProcessed()).isEqualTo(5);
        assertThat(eventsFor(BeamEvent.HandlerFailed.class, pid)).isEmpty();

        // Every event the recording listener saw since, the throwing one failed on: 1 + 5 spawns, 5 hibernations.
        await().until(() -> runtime.snapshot().listenerFailures() - failuresBefore == events.size() - recordedBefore);
        assertThat(runtime.snapshot().listenerFailures() - failuresBefore).isEqualTo(11);

        // A listener that throws an Error is contained too.
        runtime.addListener(e -> {
            throw new AssertionError("listener error");
        });
        assertThat(runtime.call(pid, "again")).isEqualTo("handled again");
        await().until(() -> eventsFor(BeamEvent.ProcessHibernated.class, pid).size() == 6);
        assertThat(pid.isAlive()).isTrue();
    }

    @Test
    void listenersCanBeAddedAndRemovedAtRuntime() throws Exception {
        List<BeamEvent> late = new CopyOnWriteArrayList<>();
        BeamEventListener listener = late::add;
        ProcessRef before = runtime.spawn((m, c) -> null);
        assertThat(late).isEmpty();

        runtime.addListener(listener);
        ProcessRef during = runtime.spawn((m, c) -> null);
        runtime.kill(during);
        assertThat(late).hasSize(2);
        assertThat(late.get(0)).isInstanceOfSatisfying(BeamEvent.ProcessSpawned.class,
                e -> assertThat(e.process()).isEqualTo(during));
        assertThat(late.get(1)).isInstanceOfSatisfying(BeamEvent.ProcessExited.class,
                e -> assertThat(e.process()).isEqualTo(during));

        runtime.removeListener(listener);
        ProcessRef after = runtime.spawn((m, c) -> null);
        runtime.kill(after);
        runtime.kill(before);
        assertThat(late).hasSize(2);
        // The builder's listener saw everything throughout.
        assertThat(events(BeamEvent.ProcessSpawned.class)).extracting(BeamEvent.ProcessSpawned::process)
                .containsExactly(before, during, after);

        // Removing a listener that is not there is harmless; the others stay.
        runtime.removeListener(listener);
        runtime.removeListener(e -> { });
        ProcessRef last = runtime.spawn((m, c) -> null);
        assertThat(eventsFor(BeamEvent.ProcessSpawned.class, last)).hasSize(1);
    }

    @Test
    void aRuntimeWithoutListenersCanGainOne() throws Exception {
        try (var rt = io.foundation.beam.BeamRuntime.builder().name("quiet").build()) {
            ProcessRef unseen = rt.spawn((m, c) -> null);
            List<BeamEvent> seen = new CopyOnWriteArrayList<>();
            rt.addListener(seen::add);
            ProcessRef crashing = rt.spawn((m, c) -> {
                throw new IllegalStateException("x");
            });
            CompletableFuture<ExitReason> exit = rt.exitFuture(crashing);
            crashing.send("x");
            exit.get(5, TimeUnit.SECONDS);
            assertThat(seen).extracting(e -> ((BeamEvent.ProcessEvent) e).process()).doesNotContain(unseen).contains(crashing);
            assertThat(seen).hasAtLeastOneElementOfType(BeamEvent.ProcessSpawned.class)
                    .hasAtLeastOneElementOfType(BeamEvent.HandlerFailed.class)
                    .hasAtLeastOneElementOfType(BeamEvent.ProcessExited.class);
            assertThat(rt.snapshot().listenerFailures()).isZero();
        }
    }
}
