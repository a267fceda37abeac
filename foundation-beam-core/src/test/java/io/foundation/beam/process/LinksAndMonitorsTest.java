package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability 5: links, monitors, exit signals, trapExits, exit/2 and kill. */
class LinksAndMonitorsTest extends RuntimeTestSupport {

    private ProcessRef waiter() {
        return runtime.spawn(ctx -> {
            ctx.receive();
        });
    }

    @Test
    void abnormalExitPropagatesAlongLinksWithTheSameReason() throws Exception {
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef a = runtime.spawn(ctx -> {
            ProcessRef b = ctx.spawnLink(c -> {
                c.receive();
                throw new IllegalStateException("b failed");
            });
            child.complete(b);
            ctx.receive();
        });
        ProcessRef b = child.get(5, TimeUnit.SECONDS);
        CompletableFuture<ExitReason> aExit = runtime.exitFuture(a);
        b.send("go");
        assertThat(aExit.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("b failed"));
    }

    @Test
    void normalExitDoesNotKillLinkedProcesses() throws Exception {
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef a = runtime.spawn(ctx -> {
            child.complete(ctx.spawnLink(c -> c.receive()));
            ctx.receive(String.class);
        });
        ProcessRef b = child.get(5, TimeUnit.SECONDS);
        CompletableFuture<ExitReason> bExit = runtime.exitFuture(b);
        b.send("finish");
        assertThat(bExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        // a is still alive and responsive
        CompletableFuture<ExitReason> aExit = runtime.exitFuture(a);
        a.send("done");
        assertThat(aExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void trappingExitsTurnsSignalsIntoMessages() throws Exception {
        CompletableFuture<Signal.Exit> got = new CompletableFuture<>();
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef a = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            child.complete(ctx.spawnLink(c -> {
                c.receive();
                throw new IllegalStateException("child crash");
            }));
            got.complete(ctx.receive(Signal.Exit.class));
            ctx.receive();
        });
        ProcessRef b = child.get(5, TimeUnit.SECONDS);
        b.send("go");
        Signal.Exit exit = got.get(5, TimeUnit.SECONDS);
        assertThat(exit.from()).isEqualTo(b);
        assertThat(exit.reason()).isInstanceOf(ExitReason.Crashed.class);
        assertThat(a.isAlive()).isTrue();
    }

    @Test
    void exitSignalWithShutdownStopsANonTrappingProcessAndTrappersReceiveIt() throws Exception {
        ProcessRef plain = waiter();
        CompletableFuture<ExitReason> plainExit = runtime.exitFuture(plain);
        runtime.exit(plain, ExitReason.SHUTDOWN);
        assertThat(plainExit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);

        CompletableFuture<Signal.Exit> trapped = new CompletableFuture<>();
        ProcessRef trapper = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            trapped.complete(ctx.receive(Signal.Exit.class));
        }, SpawnOptions.defaults().withTrapExits(true));
        runtime.exit(trapper, ExitReason.SHUTDOWN);
        assertThat(trapped.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(trapped.get().from().toString()).isEqualTo("<test.0>");
    }

    @Test
    void normalExitSignalFromAnotherProcessIsIgnored() throws Exception {
        ProcessRef target = runtime.spawn((m, c) -> m);
        runtime.exit(target, ExitReason.NORMAL);
        assertThat(runtime.call(target, "still here")).isEqualTo("still here");
    }

    @Test
    void killCannotBeTrappedAndIsReportedAtOnce() throws Exception {
        CountDownLatch trapping = new CountDownLatch(1);
        ProcessRef trapper = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            trapping.countDown();
            while (true) {
                ctx.receive();
            }
        });
        assertThat(trapping.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.kill(trapper);
        assertThat(trapper.isAlive()).isFalse();
        assertThat(trapper.exitReason()).contains(ExitReason.KILLED);
    }

    @Test
    void killedProcessPropagatesKilledToLinks() throws Exception {
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> got = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.trapExits(true);
            child.complete(ctx.spawnLink(c -> c.receive()));
            got.complete(ctx.receive(Signal.Exit.class));
        });
        runtime.kill(child.get(5, TimeUnit.SECONDS));
        assertThat(got.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void killInterruptsABlockedHandlerAndStopsDelivery() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        ProcessRef busy = runtime.spawn((m, c) -> {
            inside.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return null;
        });
        busy.send("work");
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.kill(busy);
        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(busy.trySend("more")).isEqualTo(io.foundation.beam.mailbox.SendResult.NO_SUCH_PROCESS);
    }

    @Test
    void monitorOfAnEndedProcessFiresAtOnceWithNoproc() throws Exception {
        ProcessRef gone = runtime.spawn(ctx -> { });
        runtime.exitFuture(gone).get(5, TimeUnit.SECONDS);
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            MonitorRef ref = ctx.monitor(gone);
            Signal.Down d = ctx.receive(Signal.Down.class);
            assertThat(d.monitor()).isEqualTo(ref);
            down.complete(d);
        });
        assertThat(down.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.NOPROC); // OTP; the pid keeps its own
        assertThat(gone.exitReason()).contains(ExitReason.NORMAL);
    }

    @Test
    void demonitorRemovesTheMonitorAndItsPendingDown() throws Exception {
        ProcessRef target = waiter();
        CompletableFuture<Object> result = new CompletableFuture<>();
        CountDownLatch monitored = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        runtime.spawn(ctx -> {
            MonitorRef ref = ctx.monitor(target);
            monitored.countDown();
            killed.await();
            ctx.demonitor(ref); // the Down is already on its way: it is removed too
            result.complete(ctx.receive(Signal.Down.class, Duration.ofMillis(100)).isPresent());
        });
        assertThat(monitored.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.kill(target);
        killed.countDown();
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(false);
    }

    @Test
    void unlinkStopsPropagation() throws Exception {
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        ProcessRef a = runtime.spawn(ctx -> {
            ProcessRef b = ctx.spawnLink(c -> c.receive());
            ctx.unlink(b);
            child.complete(b);
            ctx.receive(String.class);
        });
        runtime.exit(child.get(5, TimeUnit.SECONDS), ExitReason.crashed(new RuntimeException("x")));
        await().until(() -> !child.get().isAlive());
        assertThat(runtime.info(a).orElseThrow().links()).isEmpty();
        assertThat(a.isAlive()).isTrue();
        a.send("bye");
    }
}
