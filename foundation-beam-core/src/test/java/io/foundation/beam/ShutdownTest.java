package io.foundation.beam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.process.RuntimeClosedException;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capability 11: closing a runtime stops every process and leaves no thread behind. */
class ShutdownTest extends RuntimeTestSupport {

    /** Blocks a process "in a call" until it is interrupted: nobody ever opens it. */
    private static final java.util.concurrent.CountDownLatch NEVER_OPENED = new java.util.concurrent.CountDownLatch(1);

    /** Runs before the support's close: a test must not leave a process behind that ignores the shutdown signal. */
    @AfterEach
    void noProcessIgnoresTheShutdownSignal() {
        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).as("processes that ignored the shutdown signal and had to be killed").isZero();
    }

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private void recordThread() {
        threads.add(Thread.currentThread());
    }

    @Test
    void closeStopsEveryKindOfProcessAndLeavesNoThreadBehind() throws Exception {
        CountDownLatch ready = new CountDownLatch(6);
        List<ProcessRef> pids = new ArrayList<>();

        // A handler process, idle after its first message (no thread while idle).
        ProcessRef idleHandler = runtime.spawn((m, c) -> {
            recordThread();
            ready.countDown();
            return null;
        });
        idleHandler.send("hello");
        pids.add(idleHandler);

        // A handler that hibernated.
        ProcessRef hibernated = runtime.spawn((m, c) -> {
            recordThread();
            c.hibernate();
            ready.countDown();
            return null;
        });
        hibernated.send("sleep");
        pids.add(hibernated);

        // A receive loop parked in receive.
        pids.add(runtime.spawn(ctx -> {
            recordThread();
            ready.countDown();
            for (;;) {
                ctx.receive();
            }
        }));

        // A handler blocked for up to a minute: the shutdown's interrupt ends it.
        ProcessRef sleeper = runtime.spawn((m, c) -> {
            recordThread();
            ready.countDown();
            NEVER_OPENED.await(1, java.util.concurrent.TimeUnit.MINUTES);
            return null;
        });
        sleeper.send("sleep");
        pids.add(sleeper);

        // A receive-loop body blocked on a latch that nobody will ever release.
        CountDownLatch never = new CountDownLatch(1);
        pids.add(runtime.spawn(ctx -> {
            recordThread();
            ready.countDown();
            never.await();
        }));

        // A receive-loop body in the middle of a long selective receive with a timeout.
        pids.add(runtime.spawn(ctx -> {
            recordThread();
            ready.countDown();
            ctx.receive(Integer.class, Duration.ofMinutes(1));
        }));

        try {
            assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
            await().until(() -> runtime.info(hibernated).orElseThrow().status()
                    == ProcessStatus.HIBERNATING);
            assertThat(runtime.processCount()).isEqualTo(6);
            Map<ProcessRef, CompletableFuture<ExitReason>> exits = new ConcurrentHashMap<>();
            for (ProcessRef pid : pids) {
                exits.put(pid, runtime.exitFuture(pid));
            }

            long start = System.nanoTime();
            runtime.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(runtime.isClosed()).isTrue();
            assertThat(runtime.processCount()).isZero();
            assertThat(runtime.snapshot().activeThreads()).isZero();
            assertThat(runtime.snapshot().processes()).isEmpty();
            for (ProcessRef pid : pids) {
                assertThat(pid.isAlive()).as("%s alive", pid).isFalse();
                // Every one ended on the shutdown signal, within the grace period: none had to be killed.
                assertThat(exits.get(pid).getNow(null)).as("exit reason of %s", pid).isEqualTo(ExitReason.SHUTDOWN);
            }
            assertThat(tookMillis).as("close took (ms)").isLessThan(4_000);
            assertThat(threads).hasSize(6);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(
                    () -> assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).as("%s alive", t).isFalse()));
        } finally {
            never.countDown();
        }
    }

    @Test
    void aProcessThatTrapsExitsGetsTheShutdownSignalAndCleansUp() throws Exception {
        List<String> cleanup = new CopyOnWriteArrayList<>();
        CompletableFuture<Signal.Exit> handlerGot = new CompletableFuture<>();
        CompletableFuture<ExitReason> handlerTerminated = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> bodyGot = new CompletableFuture<>();
        CountDownLatch trapping = new CountDownLatch(1);

        ProcessRef handler = runtime.spawn(new ProcessHandler() {
            @Override
            public Object handle(Object message, ProcessContext context) throws Exception {
                if (message instanceof Signal.Exit exit) {
                    handlerGot.complete(exit);
                    cleanup.add("handler flushed");
                    context.exit(exit.reason());
                }
                return null;
            }

            @Override
            public void terminate(ExitReason reason, ProcessContext context) {
                cleanup.add("handler terminated");
                handlerTerminated.complete(reason);
            }
        }, SpawnOptions.defaults().withTrapExits(true));

        ProcessRef body = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            Object m = ctx.receive();
            if (m instanceof Signal.Exit exit) {
                bodyGot.complete(exit);
                cleanup.add("body closed its resources");
            }
        });
        assertThat(trapping.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ExitReason> handlerExit = runtime.exitFuture(handler);
        CompletableFuture<ExitReason> bodyExit = runtime.exitFuture(body);

        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));

        assertThat(handlerGot.getNow(null)).isNotNull().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(e.from()).isNotNull();
        });
        assertThat(bodyGot.getNow(null)).isNotNull()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ExitReason.SHUTDOWN));
        assertThat(handlerTerminated.getNow(null)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(cleanup).containsExactlyInAnyOrder("handler flushed", "handler terminated",
                "body closed its resources");
        assertThat(cleanup.indexOf("handler flushed")).isLessThan(cleanup.indexOf("handler terminated"));
        assertThat(handlerExit.getNow(null)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(bodyExit.getNow(null)).isEqualTo(ExitReason.NORMAL); // the body returned after cleaning up
        assertThat(report.stopped()).isEqualTo(2);
        assertThat(report.killed()).isZero();
        assertThat(report.orphaned()).isZero();
    }

    @Test
    void shutdownKillsAProcessThatIgnoresTheSignalAndReportsIt() throws Exception {
        CountDownLatch ready = new CountDownLatch(4);
        List<BeamEvent> seen = events;

        ProcessRef idle = runtime.spawn((m, c) -> null);
        ProcessRef parked = runtime.spawn(ctx -> {
            recordThread();
            ready.countDown();
            ctx.receive();
        });
        ProcessRef sleeper = runtime.spawn((m, c) -> {
            recordThread();
            ready.countDown();
            NEVER_OPENED.await(1, java.util.concurrent.TimeUnit.MINUTES);
            return null;
        });
        sleeper.send("sleep");
        // Traps exits, so the shutdown signal is just a message it never reads; it keeps blocking.
        AtomicInteger interrupts = new AtomicInteger();
        ProcessRef stubborn = runtime.spawn(ctx -> {
            recordThread();
            ready.countDown();
            try {
                NEVER_OPENED.await(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupts.incrementAndGet();
                throw e;
            }
        }, SpawnOptions.defaults().withTrapExits(true));
        // A second stubborn one, in handler style.
        ProcessRef stubbornHandler = runtime.spawn((m, c) -> {
            recordThread();
            ready.countDown();
            NEVER_OPENED.await(1, java.util.concurrent.TimeUnit.MINUTES);
            return null;
        }, SpawnOptions.defaults().withTrapExits(true));
        stubbornHandler.send("block");
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();

        Duration grace = Duration.ofMillis(200);
        ShutdownReport report = runtime.shutdown(grace);

        assertThat(report.stopped()).isEqualTo(3);
        assertThat(report.killed()).isEqualTo(2);
        assertThat(report.orphaned()).isZero();
        assertThat(report.took()).isGreaterThanOrEqualTo(grace).isLessThan(Duration.ofSeconds(4));
        assertThat(idle.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(parked.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(sleeper.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(stubborn.exitReason()).contains(ExitReason.KILLED);
        assertThat(stubbornHandler.exitReason()).contains(ExitReason.KILLED);
        assertThat(interrupts.get()).as("the kill interrupted the stubborn body").isEqualTo(1);
        await().untilAsserted(() -> assertThat(seen).filteredOn(BeamEvent.ProcessExited.class::isInstance)
                .extracting(e -> ((BeamEvent.ProcessExited) e).reason())
                .containsExactlyInAnyOrder(ExitReason.SHUTDOWN, ExitReason.SHUTDOWN, ExitReason.SHUTDOWN,
                        ExitReason.KILLED, ExitReason.KILLED));
        assertThat(runtime.processCount()).isZero();
        assertThat(runtime.snapshot().activeThreads()).isZero();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(
                () -> assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).isFalse()));
    }

    @Test
    void shutdownReportsAKilledProcessWhoseThreadIgnoresTheInterruptAsOrphaned() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (BeamRuntime rt = BeamRuntime.builder().name("closing").orphanGracePeriod(Duration.ofMillis(50))
                .housekeepingInterval(Duration.ofMillis(5)).build()) {
            ProcessRef polite = rt.spawn((m, c) -> null);
            ProcessRef deaf = rt.spawn(ctx -> {
                recordThread();
                started.countDown();
                for (;;) {
                    try {
                        release.await();
                        return;
                    } catch (InterruptedException ignored) {
                        // keeps waiting
                    }
                }
            }, SpawnOptions.defaults().withTrapExits(true));
            try {
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

                ShutdownReport report = rt.shutdown(Duration.ofMillis(100));

                assertThat(report.stopped()).isEqualTo(1);
                assertThat(report.killed()).isEqualTo(1);
                assertThat(report.orphaned()).isEqualTo(1);
                assertThat(polite.exitReason()).contains(ExitReason.SHUTDOWN);
                assertThat(deaf.exitReason()).contains(ExitReason.KILLED);
                assertThat(rt.processCount()).isZero();
                assertThat(rt.snapshot().orphanCount()).isEqualTo(1);
                assertThat(rt.snapshot().activeThreads()).isEqualTo(1);
            } finally {
                release.countDown();
            }
            await().until(() -> rt.snapshot().activeThreads() == 0);
            assertThat(rt.snapshot().orphanCount()).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> !threads.get(0).isAlive());
        }
    }

    @Test
    void spawningAfterCloseThrowsRuntimeClosedException() {
        ProcessRef before = runtime.spawn((m, c) -> null);
        runtime.close();

        assertThatThrownBy(() -> runtime.spawn((m, c) -> null)).isInstanceOf(RuntimeClosedException.class);
        assertThatThrownBy(() -> runtime.spawn(ctx -> { })).isInstanceOf(RuntimeClosedException.class);
        assertThatThrownBy(() -> runtime.spawn((m, c) -> null, SpawnOptions.defaults().withName("late")))
                .isInstanceOf(RuntimeClosedException.class);
        assertThat(runtime.whereis("late")).isEmpty();
        assertThat(runtime.registeredNames()).isEmpty();
        assertThat(runtime.processCount()).isZero();
        assertThat(before.isAlive()).isFalse();
        assertThat(events(BeamEvent.ProcessSpawned.class)).extracting(BeamEvent.ProcessSpawned::process).containsExactly(before);
    }

    @Test
    void spawningDuringShutdownIsRefused() throws Exception {
        CompletableFuture<Throwable> spawnDuringShutdown = new CompletableFuture<>();
        runtime.spawn((m, ctx) -> {
            if (m instanceof Signal.Exit) {
                try {
                    ctx.spawn((x, y) -> null);
                    spawnDuringShutdown.complete(null);
                } catch (Throwable t) {
                    spawnDuringShutdown.complete(t);
                }
                ctx.exit(ExitReason.SHUTDOWN);
            }
            return null;
        }, SpawnOptions.defaults().withTrapExits(true));

        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));

        assertThat(spawnDuringShutdown.getNow(null)).isInstanceOf(RuntimeClosedException.class);
        assertThat(report.stopped()).isEqualTo(1);
        assertThat(runtime.processCount()).isZero();
    }

    @Test
    void closingTwiceIsHarmless() {
        ProcessRef pid = runtime.spawn((m, c) -> null);
        ShutdownReport first = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(first.stopped()).isEqualTo(1);

        runtime.close();
        ShutdownReport second = runtime.shutdown(Duration.ofSeconds(5));

        assertThat(second.stopped()).isZero();
        assertThat(second.killed()).isZero();
        assertThat(second.orphaned()).isZero();
        assertThat(runtime.isClosed()).isTrue();
        assertThat(pid.exitReason()).contains(ExitReason.SHUTDOWN);
        await().untilAsserted(() -> assertThat(events(BeamEvent.ProcessExited.class)).hasSize(1));
    }

    @Test
    void closingFromInsideAProcessDoesNotWaitForTheCallerItself() throws Exception {
        ProcessRef other = runtime.spawn((m, c) -> null);
        CompletableFuture<ShutdownReport> report = new CompletableFuture<>();
        ProcessRef closer = runtime.spawn(ctx -> {
            report.complete(ctx.runtime().shutdown(Duration.ofSeconds(5)));
        });

        ShutdownReport r = report.get(10, TimeUnit.SECONDS);

        assertThat(r.took()).isLessThan(Duration.ofSeconds(2));
        assertThat(r.killed()).isZero();
        assertThat(r.orphaned()).isZero();
        assertThat(other.exitReason()).contains(ExitReason.SHUTDOWN);
        await().atMost(Duration.ofSeconds(2)).until(() -> !closer.isAlive());
        assertThat(runtime.snapshot().activeThreads()).isZero();
    }

    @Test
    void aConcurrentCloseWaitsForTheShutdownInProgress() throws Exception {
        CountDownLatch cleaningUp = new CountDownLatch(1);
        CountDownLatch finishCleanup = new CountDownLatch(1);
        ProcessRef slow = runtime.spawn((m, ctx) -> {
            if (m instanceof Signal.Exit) {
                cleaningUp.countDown();
                finishCleanup.await();
                ctx.exit(ExitReason.SHUTDOWN);
            }
            return null;
        }, SpawnOptions.defaults().withTrapExits(true));
        CompletableFuture<ShutdownReport> first = new CompletableFuture<>();
        CompletableFuture<Boolean> slowAliveWhenSecondReturned = new CompletableFuture<>();
        try {
            Thread.ofVirtual().start(() -> first.complete(runtime.shutdown(Duration.ofSeconds(5))));
            assertThat(cleaningUp.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runtime.isClosed()).isTrue();

            Thread.ofVirtual().start(() -> {
                runtime.close();
                slowAliveWhenSecondReturned.complete(slow.isAlive());
            });
            // While the process is still cleaning up, neither close returns.
            await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                    .until(() -> !first.isDone() && !slowAliveWhenSecondReturned.isDone());
        } finally {
            finishCleanup.countDown();
        }
        assertThat(first.get(5, TimeUnit.SECONDS).stopped()).isEqualTo(1);
        assertThat(slowAliveWhenSecondReturned.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(runtime.processCount()).isZero();
    }
}
