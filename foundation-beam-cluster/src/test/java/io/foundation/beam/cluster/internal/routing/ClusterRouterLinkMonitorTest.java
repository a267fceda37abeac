package io.foundation.beam.cluster.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links, monitors, exit signals and exit futures across nodes, through the public API, as they behave on one node:
 * a normal exit is ignored by a linked process unless it traps exits, an abnormal one ends it, a trapping process
 * sees {@link Signal.Exit}; a monitor gets its Down with the target's reason; noproc for a target that does not exist.
 */
class ClusterRouterLinkMonitorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestCluster cluster;
    private BeamRuntime a;
    private BeamRuntime b;

    @BeforeEach
    void nodes() {
        cluster = new TestCluster("a", "b");
        a = cluster.runtime("a");
        b = cluster.runtime("b");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A process on b that ends normally on "stop", crashes on "crash", exits with a custom reason on "custom". */
    private ProcessRef waiterOnB() {
        return b.spawn(ctx -> {
            Object m = ctx.receive();
            if ("crash".equals(m)) {
                throw new IllegalStateException("crashed on b");
            }
            if ("custom".equals(m)) {
                ctx.exit(ExitReason.custom("out_of_stock"));
            }
        });
    }

    private ProcessRef onA(ProcessRef onB) {
        return cluster.pid("a", "b", onB);
    }

    /** Asserts that {@code cause} is the {@link RemoteException} of an exception of that class and message. */
    private static void assertRemote(Throwable cause, Class<? extends Throwable> type, String message) {
        assertThat(cause).isInstanceOfSatisfying(RemoteException.class, r -> {
            assertThat(r.originalClassName()).isEqualTo(type.getName());
            assertThat(r.originalMessage()).isEqualTo(message);
            assertThat(r).hasMessage(type.getName() + ": " + message);
        });
    }

    @Test
    void aTrappingProcessSeesTheExitOfItsLinkedRemoteProcessWithItsReasonNormalIncluded() throws Exception {
        ProcessRef crasher = waiterOnB();
        ProcessRef stopper = waiterOnB();
        CompletableFuture<Signal.Exit> crashed = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> stopped = new CompletableFuture<>();
        CompletableFuture<Boolean> linked = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(onA(crasher));
            ctx.link(onA(stopper));
            linked.complete(true);
            for (int i = 0; i < 2; i++) {
                Signal.Exit e = (Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow();
                (e.from().equals(onA(crasher)) ? crashed : stopped).complete(e);
            }
        });
        linked.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.info(crasher).orElseThrow().links().size() == 1
                && b.info(stopper).orElseThrow().links().size() == 1);
        crasher.send("crash");
        stopper.send("stop");
        assertThat(crashed.get(10, TimeUnit.SECONDS).reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertRemote(c.cause(), IllegalStateException.class, "crashed on b"));
        assertThat(stopped.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aNormalRemoteExitLeavesANonTrappingLinkedProcessAliveAndAnAbnormalOneEndsIt() throws Exception {
        ProcessRef stopper = waiterOnB();
        ProcessRef custom = waiterOnB();
        CompletableFuture<Boolean> linked = new CompletableFuture<>();
        ProcessRef survivor = a.spawn(ctx -> {
            ctx.link(onA(stopper));
            linked.complete(true);
            ctx.receive();
        });
        linked.get(10, TimeUnit.SECONDS);
        CompletableFuture<Boolean> linked2 = new CompletableFuture<>();
        ProcessRef victim = a.spawn(ctx -> {
            ctx.link(onA(custom));
            linked2.complete(true);
            ctx.receive();
        });
        linked2.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.info(custom).orElseThrow().links().size() == 1
                && b.info(stopper).orElseThrow().links().size() == 1);
        stopper.send("stop");
        custom.send("custom");
        assertThat(a.exitFuture(victim).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.custom("out_of_stock"));
        await().atMost(WAIT).until(() -> a.info(survivor).orElseThrow().links().isEmpty());
        assertThat(survivor.isAlive()).isTrue();
    }

    @Test
    void aLocalProcessThatCrashesTakesItsLinkedRemoteProcessDownAndATrappingOneSeesIt() throws Exception {
        ProcessRef onB = waiterOnB();
        CompletableFuture<Signal.Exit> trapped = new CompletableFuture<>();
        ProcessRef trapper = b.spawn(ctx -> {
            ctx.trapExits(true);
            trapped.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        CompletableFuture<ExitReason> onBExit = b.exitFuture(onB);
        ProcessRef linker = a.spawn(ctx -> {
            ctx.link(onA(onB));
            ctx.link(onA(trapper));
            ctx.receive();
            throw new IllegalStateException("crashed on a");
        });
        await().atMost(WAIT).until(() -> b.info(onB).orElseThrow().links().size() == 1
                && b.info(trapper).orElseThrow().links().size() == 1);
        linker.send("go");
        assertThat(onBExit.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertRemote(c.cause(), IllegalStateException.class, "crashed on a"));
        Signal.Exit exit = trapped.get(10, TimeUnit.SECONDS);
        assertThat(exit.from()).isEqualTo(cluster.pid("b", "a", linker));
        Throwable cause = ((ExitReason.Crashed) exit.reason()).cause();
        assertRemote(cause, IllegalStateException.class, "crashed on a");
        assertThat(cause.getStackTrace()).isNotEmpty()
                .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(ClusterRouterLinkMonitorTest.class.getName()));
    }

    @Test
    void unlinkRemovesBothSides() throws Exception {
        ProcessRef onB = waiterOnB();
        CompletableFuture<Optional<Object>> afterUnlink = new CompletableFuture<>();
        CompletableFuture<Boolean> unlinked = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(onA(onB));
            ctx.unlink(onA(onB));
            unlinked.complete(true);
            afterUnlink.complete(ctx.receive(m -> m instanceof Signal.Exit, Duration.ofMillis(300)));
        });
        unlinked.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> b.info(onB).orElseThrow().links().isEmpty());
        onB.send("crash");
        assertThat(afterUnlink.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aLinkOrAMonitorToAnEndedOrUnknownRemoteProcessGetsNoproc() throws Exception {
        ProcessRef gone = waiterOnB();
        ProcessRef remoteGone = onA(gone);
        gone.send("stop");
        b.exitFuture(gone).get(10, TimeUnit.SECONDS);
        ProcessRef unknown = cluster.router("a").pid("b", 999_999);
        CompletableFuture<Signal.Exit> exit = new CompletableFuture<>();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Signal.Down> unknownDown = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(remoteGone);
            exit.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
            ctx.monitor(remoteGone);
            down.complete((Signal.Down) ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow());
            ctx.monitor(unknown);
            unknownDown.complete((Signal.Down) ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow());
        });
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(remoteGone, ExitReason.NOPROC));
        assertThat(down.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.NOPROC);
        assertThat(unknownDown.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.NOPROC);
        ProcessRef linker = a.spawn(ctx -> {
            ctx.link(unknown); // a non-trapping linker ends with noproc, as on one node
            ctx.receive();
        });
        assertThat(a.exitFuture(linker).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOPROC);
        assertThat(a.exitFuture(unknown).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOPROC);
        assertThat(a.exitFuture(remoteGone).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL); // as locally
    }

    @Test
    void aMonitorGetsItsDownWithTheTargetsReasonOnceAndDemonitorStopsTheWatchOnTheOtherNode() throws Exception {
        ProcessRef first = waiterOnB();
        ProcessRef second = waiterOnB();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Boolean> demonitored = new CompletableFuture<>();
        CompletableFuture<Optional<Object>> afterDemonitor = new CompletableFuture<>();
        CompletableFuture<Boolean> monitoring = new CompletableFuture<>();
        ProcessRef echo = onA(b.spawn((message, ctx) -> message));
        a.spawn(ctx -> {
            MonitorRef m1 = ctx.monitor(onA(first));
            MonitorRef m2 = ctx.monitor(onA(second));
            ctx.call(echo, "sync"); // after the monitors on the way to b: they are in place when it answers
            monitoring.complete(true);
            down.complete((Signal.Down) ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow());
            demonitored.complete(ctx.demonitor(m2));
            afterDemonitor.complete(ctx.receive(m -> m instanceof Signal.Down, Duration.ofMillis(300)));
        });
        monitoring.get(10, TimeUnit.SECONDS);
        first.send("custom");
        Signal.Down d = down.get(10, TimeUnit.SECONDS);
        assertThat(d.process()).isEqualTo(onA(first));
        assertThat(d.reason()).isEqualTo(ExitReason.custom("out_of_stock"));
        assertThat(onA(first).isAlive()).isFalse();
        assertThat(onA(first).exitReason()).contains(ExitReason.custom("out_of_stock"));
        assertThat(demonitored.get(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ExitReason> secondEnded = b.exitFuture(second);
        second.send("crash");
        secondEnded.get(10, TimeUnit.SECONDS);
        assertThat(afterDemonitor.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void exitSignalsAndKillCrossToTheOtherNodeAndExitFuturesCompleteWithTheReason() throws Exception {
        CompletableFuture<Signal.Exit> trapped = new CompletableFuture<>();
        ProcessRef trapper = b.spawn(ctx -> {
            ctx.trapExits(true);
            trapped.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
            while (true) {
                ctx.receive(); // a trapped exit is a message: only the kill ends this process
            }
        });
        ProcessRef plain = waiterOnB();
        CompletableFuture<ExitReason> trapperEnd = a.exitFuture(onA(trapper));
        CompletableFuture<ExitReason> plainEnd = a.exitFuture(onA(plain));
        ProcessRef sender = a.spawn(ctx -> {
            ctx.exit(onA(trapper), ExitReason.shutdown("drained"));
            ctx.exit(onA(plain), ExitReason.custom("bad_order"));
            ctx.receive();
        });
        Signal.Exit exit = trapped.get(10, TimeUnit.SECONDS);
        assertThat(exit.reason()).isEqualTo(ExitReason.shutdown("drained"));
        assertThat(exit.from()).isEqualTo(cluster.pid("b", "a", sender));
        assertThat(plainEnd.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.custom("bad_order"));
        a.exit(onA(trapper), ExitReason.NORMAL); // trapped, from the runtime itself
        a.kill(onA(trapper));
        assertThat(trapperEnd.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aReasonWhoseTermCannotCrossArrivesAsItsTextAndACauseChainKeepsItsClassesAndMessages() throws Exception {
        record Odd(int n) {
        }
        CompletableFuture<List<Signal.Exit>> trapped = new CompletableFuture<>();
        ProcessRef trapper = b.spawn(ctx -> {
            ctx.trapExits(true);
            List<Signal.Exit> got = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                got.add((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
            }
            trapped.complete(got);
        });
        a.exit(onA(trapper), ExitReason.custom(new Odd(7)));
        a.exit(onA(trapper), ExitReason.crashed(new IllegalStateException("outer",
                new java.io.UncheckedIOException("inner", new java.io.IOException("root")))));
        List<Signal.Exit> got = trapped.get(10, TimeUnit.SECONDS);
        assertThat(got.get(0).reason()).isEqualTo(ExitReason.custom(Odd.class.getName() + ": Odd[n=7]"));
        assertThat(got.get(0).from()).hasToString("<a.0>"); // the runtime a itself, as a prints it
        Throwable cause = ((ExitReason.Crashed) got.get(1).reason()).cause();
        assertRemote(cause, IllegalStateException.class, "outer");
        assertThat(cause.getStackTrace()).isNotEmpty();
        assertRemote(cause.getCause(), java.io.UncheckedIOException.class, "inner");
        assertRemote(cause.getCause().getCause(), java.io.IOException.class, "root");
        assertThat(cause.getCause().getCause()).hasNoCause();
    }

    @Test
    void aRemoteExceptionThatCrossesAgainKeepsItsOriginalClassMessageStackAndCauses() throws Exception {
        CompletableFuture<Signal.Exit> onB = new CompletableFuture<>();
        ProcessRef trapperOnB = b.spawn(ctx -> {
            ctx.trapExits(true);
            onB.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        CompletableFuture<Signal.Exit> backOnA = new CompletableFuture<>();
        ProcessRef trapperOnA = a.spawn(ctx -> {
            ctx.trapExits(true);
            backOnA.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        IllegalStateException original = new IllegalStateException("outer", new java.io.IOException("root"));
        a.exit(onA(trapperOnB), ExitReason.crashed(original));
        ExitReason onBReason = onB.get(10, TimeUnit.SECONDS).reason();
        b.exit(cluster.pid("b", "a", trapperOnA), onBReason); // b sends on the RemoteException it received
        Throwable cause = ((ExitReason.Crashed) backOnA.get(10, TimeUnit.SECONDS).reason()).cause();
        assertRemote(cause, IllegalStateException.class, "outer");
        assertThat(cause.getStackTrace()).containsExactly(original.getStackTrace());
        assertRemote(cause.getCause(), java.io.IOException.class, "root");
        assertThat(cause.getCause().getStackTrace()).containsExactly(original.getCause().getStackTrace());
    }
}
