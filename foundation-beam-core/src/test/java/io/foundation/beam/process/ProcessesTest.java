package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability 1: spawn, spawnLink, spawnMonitor; handler and receive-loop styles; blocking code. */
class ProcessesTest extends RuntimeTestSupport {

    @Test
    void pidsAreUniqueAndPrintable() {
        Set<String> printed = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ProcessRef pid = runtime.spawn((m, c) -> null);
            printed.add(pid.toString());
            ids.add(pid.id());
        }
        assertThat(printed).hasSize(1000).allMatch(s -> s.matches("<test\\.\\d+>"));
        assertThat(ids).hasSize(1000);
    }

    @Test
    void handlerStyleRunsInitThenOneMessageAtATimeThenTerminate() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(new ProcessHandler() {
            private int inFlight;

            @Override
            public void init(ProcessContext context) {
                calls.add("init");
            }

            @Override
            public Object handle(Object message, ProcessContext context) throws Exception {
                inFlight++;
                assertThat(inFlight).isEqualTo(1);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // blocking inside a handler is allowed
                calls.add("handle " + message);
                inFlight--;
                if (message.equals("stop")) {
                    context.exit(ExitReason.NORMAL);
                }
                return null;
            }

            @Override
            public void terminate(ExitReason reason, ProcessContext context) {
                terminated.complete(reason);
            }
        });
        for (int i = 0; i < 20; i++) {
            pid.send(i);
        }
        pid.send("stop");
        assertThat(terminated.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(calls.get(0)).isEqualTo("init");
        assertThat(calls).hasSize(22).endsWith("handle stop");
        await().until(() -> !pid.isAlive());
        assertThat(pid.exitReason()).contains(ExitReason.NORMAL);
    }

    @Test
    void receiveLoopStyleEndsNormallyWhenTheBodyReturns() throws Exception {
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            List<Object> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(ctx.receive());
            }
            got.complete(received);
        });
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        pid.send("a");
        pid.send("b");
        pid.send("c");
        assertThat(got.get(5, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void blockingProcessesDoNotStallOthers() throws Exception {
        // Far more blocked processes than carrier threads: the others still run.
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 200; i++) {
            runtime.spawn(ctx -> release.await());
        }
        CompletableFuture<Object> echo = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn((m, c) -> echo.complete(m));
        pid.send("still running");
        assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("still running");
        release.countDown();
    }

    @Test
    void spawnLinkLinksTheChildToTheParent() throws Exception {
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef parent = runtime.spawn(ctx -> {
            child.complete(ctx.spawnLink(c -> c.receive()));
            ctx.receive();
        });
        ProcessRef kid = child.get(5, TimeUnit.SECONDS);
        CompletableFuture<ExitReason> parentExit = runtime.exitFuture(parent);
        assertThat(runtime.info(kid).orElseThrow().links()).containsExactly(parent);
        runtime.exit(kid, ExitReason.crashed(new IllegalStateException("boom")));
        assertThat(parentExit.get(5, TimeUnit.SECONDS)).isInstanceOf(ExitReason.Crashed.class);
    }

    @Test
    void spawnMonitorDeliversDownWithTheReason() throws Exception {
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<MonitoredProcess> spawned = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            MonitoredProcess mp = ctx.spawnMonitor(c -> {
                throw new IllegalArgumentException("child failed");
            });
            spawned.complete(mp);
            down.complete(ctx.receive(Signal.Down.class));
        });
        Signal.Down d = down.get(5, TimeUnit.SECONDS);
        assertThat(d.monitor()).isEqualTo(spawned.get().monitor());
        assertThat(d.process()).isEqualTo(spawned.get().process());
        assertThat(d.reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("child failed"));
    }

    @Test
    void crashingHandlerIsReportedWithItsException() throws Exception {
        ProcessRef pid = runtime.spawn((m, c) -> {
            throw new IllegalStateException("bad message " + m);
        });
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        pid.send("x");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("bad message x"));
        await().untilAsserted(() -> assertThat(events(BeamEvent.HandlerFailed.class))
                .anySatisfy(e -> assertThat(e.error()).hasMessage("bad message x")));
    }

    @Test
    void awaitInitFailsTheSpawnWithTheInitError() {
        assertThatThrownBy(() -> runtime.spawn(new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                throw new IllegalStateException("no database");
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        }, SpawnOptions.defaults().withAwaitInit(true)))
                .isInstanceOf(ProcessInitException.class)
                .hasMessageContaining("failed to initialise")
                .hasRootCauseMessage("no database");
    }

    @Test
    void contextCannotBeUsedFromAnotherThread() throws Exception {
        CompletableFuture<ProcessContext> leaked = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            leaked.complete(ctx);
            ctx.receive();
        });
        ProcessContext ctx = leaked.get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ctx.receive(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not that process's thread");
    }

    @Test
    void badInputIsRejectedClearly() {
        ProcessRef pid = runtime.spawn((m, c) -> null);
        assertThatThrownBy(() -> pid.send(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
        assertThatThrownBy(() -> runtime.call(pid, "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> runtime.spawn(ctx -> { }, SpawnOptions.defaults()
                .withHibernateAfter(Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hibernateAfter");
        runtime.close();
        assertThatThrownBy(() -> runtime.spawn((m, c) -> null))
                .isInstanceOf(RuntimeClosedException.class).hasMessageContaining("'test'");
    }
}
