package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.supervision.ChildInfo;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.ChildStatus;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.RestartType;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Exit reasons that carry a term ({@code {shutdown, Term}} and an application's own term) and {@code noproc}, the
 * reason a monitor or a link to a process that has already ended gets (issue 18).
 */
class ExitReasonTest extends RuntimeTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** The order worker's own reason, as an application would define one. */
    private record BadOrder(String orderId) {
    }

    private ProcessRef waiter() {
        return runtime.spawn(ctx -> {
            ctx.receive();
        });
    }

    private ProcessRef ended() throws Exception {
        ProcessRef gone = runtime.spawn(ctx -> ctx.exit(ExitReason.custom("gone")));
        runtime.exitFuture(gone).get(5, TimeUnit.SECONDS);
        return gone;
    }

    @Test
    void aShutdownWithATermIsAShutdownAndNotAbnormal() {
        ExitReason drained = ExitReason.shutdown("drained");
        assertThat(drained).isInstanceOf(ExitReason.Shutdown.class).isEqualTo(ExitReason.shutdown("drained"))
                .hasSameHashCodeAs(ExitReason.shutdown("drained")).isNotEqualTo(ExitReason.SHUTDOWN)
                .hasToString("{shutdown, drained}");
        assertThat(drained.isAbnormal()).isFalse();
        assertThat(((ExitReason.Shutdown) drained).term()).isEqualTo("drained");
        assertThat(((ExitReason.Shutdown) drained).hasTerm()).isTrue();
        assertThat(ExitReason.SHUTDOWN).isEqualTo(new ExitReason.Shutdown()).hasToString("shutdown");
        assertThat(((ExitReason.Shutdown) ExitReason.SHUTDOWN).hasTerm()).isFalse();
        assertThatThrownBy(() -> ExitReason.shutdown(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("term");
    }

    @Test
    void aCustomTermIsAbnormalAndShownAsTheTerm() {
        ExitReason bad = ExitReason.custom(new BadOrder("ord-7"));
        assertThat(bad).isInstanceOf(ExitReason.Custom.class).isEqualTo(ExitReason.custom(new BadOrder("ord-7")))
                .isNotEqualTo(ExitReason.custom(new BadOrder("ord-8"))).hasToString("BadOrder[orderId=ord-7]");
        assertThat(bad.isAbnormal()).isTrue();
        assertThatThrownBy(() -> ExitReason.custom(ExitReason.NORMAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normal");
        assertThatThrownBy(() -> ExitReason.custom(new IllegalStateException("boom")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ExitReason.crashed");
        assertThatThrownBy(() -> ExitReason.custom(null)).isInstanceOf(NullPointerException.class);
        assertThat(ExitReason.NOPROC).isEqualTo(new ExitReason.NoProc()).hasToString("noproc");
        assertThat(ExitReason.NOPROC.isAbnormal()).isTrue();
        assertThat(ExitReason.NOCONNECTION).isEqualTo(new ExitReason.NoConnection()).hasToString("noconnection");
        assertThat(ExitReason.NOCONNECTION.isAbnormal()).isTrue();
    }

    @Test
    void monitoringAnEndedProcessGivesOneDownWithNoprocAtOnce() throws Exception {
        ProcessRef gone = ended();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Boolean> second = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            MonitorRef ref = ctx.monitor(gone);
            Signal.Down d = ctx.receive(Signal.Down.class);
            assertThat(d.monitor()).isEqualTo(ref);
            down.complete(d);
            second.complete(ctx.receive(Signal.Down.class, Duration.ofMillis(50)).isPresent());
        });
        Signal.Down d = down.get(5, TimeUnit.SECONDS);
        assertThat(d.process()).isEqualTo(gone);
        assertThat(d.reason()).isEqualTo(ExitReason.NOPROC);
        assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(gone.exitReason()).contains(ExitReason.custom("gone")); // its own reason stays on the pid
        assertThat(runtime.exitFuture(gone).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.custom("gone"));
    }

    @Test
    void linkingToAnEndedProcessWhileTrappingExitsGivesAnExitMessageWithNoproc() throws Exception {
        ProcessRef gone = ended();
        CompletableFuture<Signal.Exit> exit = new CompletableFuture<>();
        ProcessRef trapper = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(gone);
            exit.complete(ctx.receive(Signal.Exit.class));
            ctx.receive();
        });
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(gone, ExitReason.NOPROC));
        assertThat(trapper.isAlive()).isTrue();
        assertThat(runtime.info(trapper).orElseThrow().links()).isEmpty();
    }

    @Test
    void linkingToAnEndedProcessWithoutTrappingExitsEndsTheCallerWithNoproc() throws Exception {
        ProcessRef gone = ended();
        AtomicBoolean linkReturned = new AtomicBoolean();
        ProcessRef linker = runtime.spawn(ctx -> {
            ctx.link(gone);
            linkReturned.set(true);
            ctx.receive();
        });
        assertThat(runtime.exitFuture(linker).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOPROC);
        assertThat(linkReturned).isFalse();
    }

    @Test
    void anExitSignalWithAShutdownTermEndsAProcessAndItsLinksSeeTheTerm() throws Exception {
        ExitReason drained = ExitReason.shutdown("drained");
        CompletableFuture<ProcessRef> linkedWorker = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> seen = new CompletableFuture<>();
        ProcessRef trapper = runtime.spawn(ctx -> {
            ctx.trapExits(true);
            linkedWorker.complete(ctx.spawnLink(c -> {
                c.receive();
            }));
            seen.complete(ctx.receive(Signal.Exit.class));
            ctx.receive();
        });
        ProcessRef worker = linkedWorker.get(5, TimeUnit.SECONDS);
        CompletableFuture<ProcessRef> plainLinked = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.link(worker);
            plainLinked.complete(ctx.self());
            ctx.receive();
        });
        ProcessRef plain = plainLinked.get(5, TimeUnit.SECONDS);
        CompletableFuture<ExitReason> plainExit = runtime.exitFuture(plain);

        runtime.exit(worker, drained);

        assertThat(runtime.exitFuture(worker).get(5, TimeUnit.SECONDS)).isEqualTo(drained);
        assertThat(worker.exitReason()).contains(drained);
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(worker, drained));
        assertThat(trapper.isAlive()).isTrue();
        // only 'normal' leaves a non-trapping linked process alive: it ends with the same shutdown and term
        assertThat(plainExit.get(5, TimeUnit.SECONDS)).isEqualTo(drained);
        assertThat(events(BeamEvent.ProcessExited.class)).anySatisfy(e -> {
            assertThat(e.process()).isEqualTo(worker);
            assertThat(e.reason()).hasToString("{shutdown, drained}");
        });
    }

    @Test
    void aCustomTermTravelsToMonitorsAndLinks() throws Exception {
        ExitReason bad = ExitReason.custom(new BadOrder("ord-7"));
        ProcessRef target = waiter();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Boolean> monitoring = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.monitor(target);
            monitoring.complete(true);
            down.complete(ctx.receive(Signal.Down.class));
        });
        CompletableFuture<ProcessRef> plainLinked = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.link(target);
            plainLinked.complete(ctx.self());
            ctx.receive();
        });
        CompletableFuture<ExitReason> plainExit = runtime.exitFuture(plainLinked.get(5, TimeUnit.SECONDS));
        monitoring.get(5, TimeUnit.SECONDS);

        runtime.exit(target, bad);

        assertThat(down.get(5, TimeUnit.SECONDS).reason()).isEqualTo(bad);
        assertThat(plainExit.get(5, TimeUnit.SECONDS)).isEqualTo(bad);
        assertThat(target.exitReason()).contains(bad);
    }

    @Test
    void aCallToAProcessThatEndedWithATermFailsNamingItsOwnReasonNotNoproc() throws Exception {
        ProcessRef gone = ended();
        assertThatThrownBy(() -> runtime.call(gone, "anyone?")).isInstanceOfSatisfying(ProcessExitedException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(ExitReason.custom("gone"));
                    assertThat(e).hasMessageContaining("exited with reason gone").hasNoCause();
                });
    }

    @Test
    void aTransientChildIsNotRestartedAfterAShutdownWithATermButIsAfterACustomTerm() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(10, Duration.ofSeconds(5))
                .withChild(ChildSpec.bodyWorker("drains", () -> ctx -> {
                    ctx.receive();
                    ctx.exit(ExitReason.shutdown("drained"));
                }).withRestart(RestartType.TRANSIENT))
                .withChild(ChildSpec.bodyWorker("rejects", () -> ctx -> {
                    ctx.receive();
                    ctx.exit(ExitReason.custom(new BadOrder("ord-7")));
                }).withRestart(RestartType.TRANSIENT)));

        ProcessRef drains = child(sup, "drains").process().orElseThrow();
        drains.send("stop");
        await().atMost(WAIT).until(() -> child(sup, "drains").status() == ChildStatus.TERMINATED);
        assertThat(drains.exitReason()).contains(ExitReason.shutdown("drained"));
        assertThat(child(sup, "drains").restarts()).isZero();

        ProcessRef rejects = child(sup, "rejects").process().orElseThrow();
        rejects.send("stop");
        await().atMost(WAIT).until(() -> child(sup, "rejects").restarts() == 1);
        assertThat(rejects.exitReason()).contains(ExitReason.custom(new BadOrder("ord-7")));
        assertThat(child(sup, "rejects").process()).isPresent().get().isNotEqualTo(rejects);
        assertThat(events(BeamEvent.ChildRestarted.class)).singleElement().satisfies(r -> {
            assertThat(r.childId()).isEqualTo("rejects");
            assertThat(r.reason()).isEqualTo(ExitReason.custom(new BadOrder("ord-7")));
        });
        assertThat(child(sup, "drains").restarts()).isZero();
        assertThat(sup.process().isAlive()).isTrue();
    }

    private static ChildInfo child(Supervisor sup, String id) {
        return sup.children().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }
}
