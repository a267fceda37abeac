package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.RuntimeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capability 9: introspection (ProcessInfo, process count, snapshots, orphans). */
class IntrospectionTest extends RuntimeTestSupport {

    /** Runs before the support's close: a test must not leave a process behind that ignores the shutdown signal. */
    @AfterEach
    void noProcessIgnoresTheShutdownSignal() {
        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).as("processes that ignored the shutdown signal and had to be killed").isZero();
    }

    private ProcessInfo info(ProcessRef pid) {
        return runtime.info(pid).orElseThrow(() -> new AssertionError("no info for " + pid));
    }

    /** A handler that blocks in every message until {@code release} opens, after signalling {@code entered}. */
    private ProcessRef blockingHandler(CountDownLatch entered, CountDownLatch release) {
        return runtime.spawn((m, c) -> {
            entered.countDown();
            release.await();
            return null;
        });
    }

    @Test
    void statusIsRunningInTheHandlerWaitingWhenIdleAndTheInfoIsGoneAfterDeath() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn((m, c) -> {
            if ("block".equals(m)) {
                entered.countDown();
                release.await();
            } else if ("stop".equals(m)) {
                c.exit(ExitReason.NORMAL);
            }
            return null;
        });
        try {
            assertThat(info(pid).status()).isEqualTo(ProcessStatus.WAITING);
            assertThat(info(pid).process()).isEqualTo(pid);

            pid.send("block");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(info(pid).status()).isEqualTo(ProcessStatus.RUNNING);
        } finally {
            release.countDown();
        }
        await().until(() -> info(pid).status() == ProcessStatus.WAITING);

        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        pid.send("stop");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(runtime.info(pid)).isEmpty();
        assertThat(pid.isAlive()).isFalse();
        assertThat(runtime.snapshot().processes()).extracting(ProcessInfo::process).doesNotContain(pid);
    }

    @Test
    void aReceiveLoopIsRunningBetweenReceivesAndWaitingInReceive() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn(ctx -> {
            for (;;) {
                Object m = ctx.receive();
                if ("block".equals(m)) {
                    entered.countDown();
                    release.await();
                }
            }
        });
        try {
            await().until(() -> info(pid).status() == ProcessStatus.WAITING);
            pid.send("block");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(info(pid).status()).isEqualTo(ProcessStatus.RUNNING);
        } finally {
            release.countDown();
        }
        await().until(() -> info(pid).status() == ProcessStatus.WAITING);
        assertThat(info(pid).messagesProcessed()).isEqualTo(1);
    }

    @Test
    void statusIsExitingWhileTheTerminateHookRuns() throws Exception {
        CountDownLatch inTerminate = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn(new ProcessHandler() {
            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }

            @Override
            public void terminate(ExitReason reason, ProcessContext context) throws Exception {
                inTerminate.countDown();
                release.await();
            }
        });
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        try {
            runtime.exit(pid, ExitReason.SHUTDOWN);
            assertThat(inTerminate.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(info(pid).status()).isEqualTo(ProcessStatus.EXITING);
            assertThat(pid.isAlive()).isTrue();
        } finally {
            release.countDown();
        }
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(runtime.info(pid)).isEmpty();
    }

    @Test
    void mailboxLengthCountsQueuedMessagesAndMessagesProcessedCountsHandledOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = blockingHandler(entered, release);
        try {
            assertThat(info(pid).mailboxLength()).isZero();
            assertThat(info(pid).messagesProcessed()).isZero();

            pid.send("first");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            // The first message is being handled, no longer queued.
            assertThat(info(pid).mailboxLength()).isZero();
            assertThat(info(pid).messagesProcessed()).isEqualTo(1);

            int k = 7;
            for (int i = 0; i < k; i++) {
                pid.send(i);
            }
            assertThat(info(pid).mailboxLength()).isEqualTo(k);
            assertThat(info(pid).messagesProcessed()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        await().until(() -> info(pid).messagesProcessed() == 8);
        assertThat(info(pid).mailboxLength()).isZero();
    }

    @Test
    void mailboxLengthIncludesMessagesSavedBySelectiveReceive() throws Exception {
        CountDownLatch skipped = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn(ctx -> {
            ctx.receive(Integer.class); // skips the strings queued before it
            skipped.countDown();
            release.await();
            ctx.receive();
        });
        try {
            pid.send("a");
            pid.send("b");
            pid.send(1);
            assertThat(skipped.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(info(pid).mailboxLength()).isEqualTo(2);
            assertThat(info(pid).messagesProcessed()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        await().until(() -> !pid.isAlive());
    }

    @Test
    void memoryBytesIsPositiveAndGrowsWithTheBacklog() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef idle = runtime.spawn((m, c) -> null);
        ProcessRef busy = blockingHandler(entered, release);
        try {
            assertThat(info(idle).memoryBytes()).isPositive();

            busy.send("hold");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            long empty = info(busy).memoryBytes();
            assertThat(empty).isPositive();
            for (int i = 0; i < 100; i++) {
                busy.send(i);
            }
            long with100 = info(busy).memoryBytes();
            for (int i = 0; i < 900; i++) {
                busy.send(i);
            }
            long with1000 = info(busy).memoryBytes();
            assertThat(with100).isGreaterThan(empty);
            assertThat(with1000).isGreaterThan(with100);
            // It is a per-message figure: growth is (roughly) proportional to the backlog.
            assertThat(with1000 - empty).isGreaterThanOrEqualTo(9 * (with100 - empty));
        } finally {
            release.countDown();
        }
        await().until(() -> info(busy).mailboxLength() == 0);
    }

    @Test
    void linksMonitorsAndMonitoredByReflectWhatProcessesDid() throws Exception {
        record Setup(ProcessRef linkTo, ProcessRef monitor) {
        }
        LinkedBlockingQueue<Object> acks = new LinkedBlockingQueue<>();
        ProcessRef b = runtime.spawn(ctx -> {
            ctx.receive();
        });
        ProcessRef c = runtime.spawn(ctx -> {
            ctx.receive();
        });
        ProcessRef a = runtime.spawn(ctx -> {
            Setup setup = ctx.receive(Setup.class);
            ctx.link(setup.linkTo());
            MonitorRef ref = ctx.monitor(setup.monitor());
            ctx.trapExits(true);
            acks.add("set up");
            ctx.receive("undo"::equals, Duration.ofSeconds(10));
            ctx.unlink(setup.linkTo());
            ctx.demonitor(ref);
            ctx.trapExits(false);
            acks.add("undone");
            ctx.receive();
        });
        assertThat(info(a).links()).isEmpty();
        assertThat(info(a).trapExits()).isFalse();

        a.send(new Setup(b, c));
        assertThat(acks.poll(5, TimeUnit.SECONDS)).isEqualTo("set up");

        assertThat(info(a).links()).containsExactly(b);
        assertThat(info(b).links()).containsExactly(a);
        assertThat(info(c).links()).isEmpty();
        assertThat(info(a).monitors()).containsExactly(c);
        assertThat(info(c).monitoredBy()).containsExactly(a);
        assertThat(info(a).monitoredBy()).isEmpty();
        assertThat(info(b).monitors()).isEmpty();
        assertThat(info(b).monitoredBy()).isEmpty();
        assertThat(info(a).trapExits()).isTrue();
        assertThat(info(b).trapExits()).isFalse();

        a.send("undo");
        assertThat(acks.poll(5, TimeUnit.SECONDS)).isEqualTo("undone");
        assertThat(info(a).links()).isEmpty();
        assertThat(info(b).links()).isEmpty();
        assertThat(info(a).monitors()).isEmpty();
        assertThat(info(c).monitoredBy()).isEmpty();
        assertThat(info(a).trapExits()).isFalse();
    }

    @Test
    void entriesDisappearWhenTheOtherSideEnds() throws Exception {
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> exitSignal = new CompletableFuture<>();
        LinkedBlockingQueue<ProcessRef> children = new LinkedBlockingQueue<>();
        ProcessRef parent = runtime.spawn(ctx -> {
            ProcessRef linked = ctx.spawnLink(c -> c.receive());
            ProcessRef monitored = ctx.spawnMonitor(c -> c.receive()).process();
            children.add(linked);
            children.add(monitored);
            for (;;) {
                Object m = ctx.receive();
                if (m instanceof Signal.Down d) {
                    down.complete(d);
                } else if (m instanceof Signal.Exit e) {
                    if (ExitReason.SHUTDOWN.equals(e.reason())) {
                        return; // the runtime is closing
                    }
                    exitSignal.complete(e);
                }
            }
        }, SpawnOptions.defaults().withTrapExits(true));
        ProcessRef linked = children.poll(5, TimeUnit.SECONDS);
        ProcessRef monitored = children.poll(5, TimeUnit.SECONDS);
        assertThat(info(parent).trapExits()).as("withTrapExits at birth").isTrue();
        assertThat(info(parent).links()).containsExactly(linked);
        assertThat(info(parent).monitors()).containsExactly(monitored);
        assertThat(info(monitored).monitoredBy()).containsExactly(parent);

        runtime.kill(monitored);
        assertThat(down.get(5, TimeUnit.SECONDS).process()).isEqualTo(monitored);
        await().until(() -> info(parent).monitors().isEmpty());

        runtime.kill(linked);
        assertThat(exitSignal.get(5, TimeUnit.SECONDS).from()).isEqualTo(linked);
        await().until(() -> info(parent).links().isEmpty());
        assertThat(parent.isAlive()).isTrue();
    }

    @Test
    void processCountAndSnapshotReflectTheLiveProcesses() throws Exception {
        assertThat(runtime.processCount()).isZero();
        RuntimeSnapshot empty = runtime.snapshot();
        assertThat(empty.runtime()).isEqualTo("test");
        assertThat(empty.processCount()).isZero();
        assertThat(empty.processes()).isEmpty();

        ProcessHandler handler = (m, c) -> null;
        ProcessRef a = runtime.spawn(handler);
        ProcessRef b = runtime.spawn(ctx -> ctx.receive());
        ProcessRef c = runtime.spawn(handler, SpawnOptions.defaults().withName("named"));
        assertThat(runtime.processCount()).isEqualTo(3);
        RuntimeSnapshot three = runtime.snapshot();
        assertThat(three.processCount()).isEqualTo(3);
        assertThat(three.processes()).extracting(ProcessInfo::process).containsExactlyInAnyOrder(a, b, c);
        assertThat(three.processes()).filteredOn(i -> i.process().equals(c)).singleElement()
                .satisfies(i -> assertThat(i.registeredName()).contains("named"));
        assertThat(info(a).behavior()).isEqualTo(handler.getClass().getName());
        assertThat(three.orphanCount()).isZero();

        CompletableFuture<ExitReason> bExit = runtime.exitFuture(b);
        b.send("done");
        assertThat(bExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        runtime.kill(a);
        assertThat(runtime.processCount()).isEqualTo(1);
        RuntimeSnapshot one = runtime.snapshot();
        assertThat(one.processCount()).isEqualTo(1);
        assertThat(one.processes()).extracting(ProcessInfo::process).containsExactly(c);
    }

    @Test
    void aKilledProcessWhoseThreadIgnoresInterruptionIsCountedAsAnOrphanUntilItsThreadReturns() throws Exception {
        List<BeamEvent> seen = new CopyOnWriteArrayList<>();
        try (BeamRuntime rt = BeamRuntime.builder().name("orphans").listener(seen::add)
                .orphanGracePeriod(Duration.ofMillis(50)).housekeepingInterval(Duration.ofMillis(5)).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger interrupts = new AtomicInteger();
            ProcessRef stubborn = rt.spawn((m, ctx) -> {
                started.countDown();
                for (;;) {
                    try {
                        release.await();
                        return null;
                    } catch (InterruptedException ignored) {
                        interrupts.incrementAndGet();
                    }
                }
            });
            try {
                stubborn.send("go");
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<ExitReason> exit = rt.exitFuture(stubborn);

                rt.kill(stubborn);

                // Dead at once, whatever its thread does.
                assertThat(stubborn.isAlive()).isFalse();
                assertThat(stubborn.exitReason()).contains(ExitReason.KILLED);
                assertThat(exit.getNow(null)).isEqualTo(ExitReason.KILLED);
                assertThat(rt.processCount()).isZero();
                await().until(() -> interrupts.get() >= 1);

                // After the grace period it is an orphan: still visible, flagged, and its thread counted.
                await().until(() -> rt.snapshot().orphanCount() == 1);
                RuntimeSnapshot snap = rt.snapshot();
                assertThat(snap.activeThreads()).isEqualTo(1);
                assertThat(snap.processCount()).isZero();
                assertThat(snap.processes()).singleElement().satisfies(i -> {
                    assertThat(i.process()).isEqualTo(stubborn);
                    assertThat(i.orphaned()).isTrue();
                });
                ProcessInfo orphan = rt.info(stubborn).orElseThrow();
                assertThat(orphan.orphaned()).isTrue();
                assertThat(orphan.status()).isEqualTo(ProcessStatus.DEAD);
                assertThat(stubborn.exitReason()).contains(ExitReason.KILLED);
                assertThat(stubborn.isAlive()).isFalse();
                await().until(() -> seen.stream().anyMatch(
                        e -> e instanceof BeamEvent.ProcessOrphaned o && o.process().equals(stubborn)));
            } finally {
                release.countDown();
            }

            // Its thread returns: no orphan any more, no thread, no info.
            await().until(() -> rt.snapshot().orphanCount() == 0);
            await().until(() -> rt.snapshot().activeThreads() == 0);
            assertThat(rt.info(stubborn)).isEmpty();
            assertThat(rt.snapshot().processes()).isEmpty();
            assertThat(stubborn.exitReason()).contains(ExitReason.KILLED);
        }
    }

    @Test
    void aKilledProcessWhoseThreadStopsOnTheInterruptIsNoOrphan() throws Exception {
        List<BeamEvent> seen = new CopyOnWriteArrayList<>();
        try (BeamRuntime rt = BeamRuntime.builder().name("orphans").listener(seen::add)
                .orphanGracePeriod(Duration.ofMillis(50)).housekeepingInterval(Duration.ofMillis(5)).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            ProcessRef pid = rt.spawn((m, ctx) -> {
                started.countDown();
                never.await();
                return null;
            });
            try {
                pid.send("go");
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
                rt.kill(pid);
                await().until(() -> rt.snapshot().activeThreads() == 0);
                // For several grace periods, it is no orphan.
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                        .until(() -> rt.snapshot().orphanCount() == 0);
                assertThat(rt.info(pid)).isEmpty();
                assertThat(seen).noneMatch(e -> e instanceof BeamEvent.ProcessOrphaned);
            } finally {
                never.countDown();
            }
        }
    }
}
