package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.CallRequest;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seam for processes on other nodes ({@link RemoteRouter}): with a router installed, every operation of the
 * public API on a reference to a process of another node goes to the router, and what the router reports comes back
 * as the same signals a local process would give. Two runtimes in one JVM stand for two nodes
 * ({@link LoopbackRouter}).
 */
class RemoteSeamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private BeamRuntime a;
    private BeamRuntime b;
    private LoopbackRouter router;

    @BeforeEach
    void nodes() {
        a = BeamRuntime.builder().name("a").build();
        b = BeamRuntime.builder().name("b").build();
        router = LoopbackRouter.connect(a, b);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** A process on b that waits for "stop" (ends normally) or "crash". */
    private ProcessRef waiterOnB() {
        return b.spawn(ctx -> {
            Object m = ctx.receive();
            if ("crash".equals(m)) {
                throw new IllegalStateException("crashed on b");
            }
        });
    }

    @Test
    void aCallFromAProcessReachesTheProcessOnTheOtherNodeAndReturnsItsReply() throws Exception {
        ProcessRef doubler = b.spawn((message, ctx) -> (Integer) message * 2);
        ProcessRef remote = router.remote(doubler);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        a.spawn(ctx -> answer.complete(ctx.call(remote, 21)));
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(a.call(remote, 5)).isEqualTo(10);
        assertThat(a.callAsync(remote, 6, WAIT).get(10, TimeUnit.SECONDS)).isEqualTo(12);
    }

    @Test
    void aLinkedRemoteProcessThatCrashesSendsItsExitSignalWithItsReason() throws Exception {
        ProcessRef onB = waiterOnB();
        ProcessRef remote = router.remote(onB);
        CompletableFuture<Signal.Exit> got = new CompletableFuture<>();
        CompletableFuture<Boolean> linked = new CompletableFuture<>();
        ProcessRef onA = a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(remote);
            linked.complete(true);
            got.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        linked.get(10, TimeUnit.SECONDS);
        assertThat(a.info(onA).orElseThrow().links()).containsExactly(remote);
        assertThat(b.info(onB).orElseThrow().links()).hasSize(1);
        onB.send("crash");
        Signal.Exit exit = got.get(10, TimeUnit.SECONDS);
        assertThat(exit.from()).isEqualTo(remote);
        assertThat(exit.reason()).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("crashed on b"));
    }

    @Test
    void aLocalProcessThatCrashesTakesItsLinkedRemoteProcessDownWithIt() throws Exception {
        ProcessRef onB = waiterOnB();
        ProcessRef remote = router.remote(onB);
        CompletableFuture<ExitReason> onBExit = b.exitFuture(onB);
        ProcessRef onA = a.spawn(ctx -> {
            ctx.link(remote);
            ctx.receive();
            throw new IllegalStateException("crashed on a");
        });
        await().atMost(WAIT).until(() -> b.info(onB).orElseThrow().links().size() == 1);
        onA.send("go");
        assertThat(onBExit.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("crashed on a"));
    }

    @Test
    void unlinkRemovesBothSidesSoTheEndOfEitherIsNoLongerSignalled() throws Exception {
        ProcessRef onB = waiterOnB();
        ProcessRef remote = router.remote(onB);
        CompletableFuture<Optional<Object>> afterUnlink = new CompletableFuture<>();
        CompletableFuture<Boolean> unlinked = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(remote);
            ctx.unlink(remote);
            unlinked.complete(true);
            afterUnlink.complete(ctx.receive(m -> m instanceof Signal.Exit, Duration.ofMillis(300)));
        });
        unlinked.get(10, TimeUnit.SECONDS);
        assertThat(b.info(onB).orElseThrow().links()).isEmpty();
        onB.send("crash");
        assertThat(afterUnlink.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aMonitorOfARemoteProcessGetsItsDownOnceAndDemonitorStopsTheWatch() throws Exception {
        ProcessRef first = waiterOnB();
        ProcessRef second = waiterOnB();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<MonitorRef> secondMonitor = new CompletableFuture<>();
        CompletableFuture<Optional<Object>> afterDemonitor = new CompletableFuture<>();
        a.spawn(ctx -> {
            MonitorRef m1 = ctx.monitor(router.remote(first));
            MonitorRef m2 = ctx.monitor(router.remote(second));
            secondMonitor.complete(m2);
            down.complete((Signal.Down) ctx.receive(m -> m instanceof Signal.Down d && d.monitor() == m1, WAIT)
                    .orElseThrow());
            assertThat(ctx.demonitor(m2)).isTrue();
            afterDemonitor.complete(ctx.receive(m -> m instanceof Signal.Down, Duration.ofMillis(300)));
        });
        secondMonitor.get(10, TimeUnit.SECONDS);
        first.send("stop");
        Signal.Down d = down.get(10, TimeUnit.SECONDS);
        assertThat(d.process()).isEqualTo(router.remote(first));
        assertThat(d.reason()).isEqualTo(ExitReason.NORMAL);
        await().atMost(WAIT).until(() -> router.watchCount() == 0); // the demonitor reached the router
        second.send("crash");
        assertThat(afterDemonitor.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aMonitorOfARemoteProcessThatHasEndedFiresAtOnceWithNoproc() throws Exception {
        ProcessRef gone = waiterOnB();
        CompletableFuture<ExitReason> ended = b.exitFuture(gone);
        gone.send("stop");
        ended.get(10, TimeUnit.SECONDS);
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.monitor(router.remote(gone));
            down.complete((Signal.Down) ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow());
        });
        assertThat(down.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.NOPROC);
    }

    @Test
    void exitKillAndExitFutureOnARemoteProcessGoThroughTheRouter() throws Exception {
        CompletableFuture<Signal.Exit> trapped = new CompletableFuture<>();
        ProcessRef trapper = b.spawn(ctx -> {
            ctx.trapExits(true);
            trapped.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
            ctx.receive();
        });
        ProcessRef remote = router.remote(trapper);
        CompletableFuture<ExitReason> viaRouter = a.exitFuture(remote);
        ProcessRef sender = a.spawn(ctx -> {
            ctx.exit(remote, ExitReason.SHUTDOWN);
            ctx.receive();
        });
        Signal.Exit exit = trapped.get(10, TimeUnit.SECONDS);
        assertThat(exit.reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(exit.from()).isEqualTo(new LoopbackRouter.RemoteRef("a", sender));
        a.kill(remote);
        assertThat(viaRouter.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void theRuntimesOwnMessagesToARemoteProcessGoThroughTheRouter() throws Exception {
        CompletableFuture<Object> got = new CompletableFuture<>();
        ProcessRef onB = b.spawn((message, ctx) -> got.complete(message));
        assertThat(Kernel.of(a).sendInternal(router.remote(onB), "internal").isAccepted()).isTrue();
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("internal");
    }

    @Test
    void aRemoteProcessLinkingToALocalOneThatHasEndedHearsNoprocAtOnce() throws Exception {
        ProcessRef gone = a.spawn(ctx -> {
        });
        a.exitFuture(gone).get(10, TimeUnit.SECONDS);
        CompletableFuture<Signal.Exit> got = new CompletableFuture<>();
        b.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(router.peer().remote(gone));
            got.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(router.peer().remote(gone),
                ExitReason.NOPROC));
    }

    @Test
    void aRemoteProcessThatDoesNotTrapExitsEndsWithNoprocWhenItLinksToALocalOneThatHasEnded() throws Exception {
        ProcessRef gone = a.spawn(ctx -> {
        });
        a.exitFuture(gone).get(10, TimeUnit.SECONDS);
        ProcessRef linker = b.spawn(ctx -> {
            ctx.link(router.peer().remote(gone)); // across nodes the noproc is an exit signal, as in OTP
            ctx.receive();
        });
        assertThat(b.exitFuture(linker).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOPROC);
    }

    @Test
    void aCallCarriedFromAnotherNodeShowsTheRemoteCallerToTheCalleeAndFailsAsALocalCall() throws Exception {
        ProcessRef callee = b.spawn(ctx -> {
            CallRequest request = (CallRequest) ctx.receive(m -> m instanceof CallRequest, WAIT).orElseThrow();
            request.reply(request.caller().orElseThrow());
        });
        ProcessRef remoteCaller = router.peer().remote(a.spawn(ctx -> ctx.receive()));
        assertThat(Kernel.of(b).callFrom(remoteCaller, callee, "who", WAIT).get(10, TimeUnit.SECONDS))
                .isEqualTo(remoteCaller);
        b.exitFuture(callee).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> Kernel.of(b).callFrom(remoteCaller, callee, "who", WAIT).join())
                .hasCauseInstanceOf(ProcessExitedException.class);
        assertThatThrownBy(() -> Kernel.of(b).callFrom(remoteCaller, remoteCaller, "who", WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutARouterAReferenceThatIsNotALocalProcessIsStillRefused() {
        try (BeamRuntime alone = BeamRuntime.builder().name("alone").build()) {
            ProcessRef foreign = new LoopbackRouter.RemoteRef("b", b.spawn((m, c) -> null));
            assertThatThrownBy(() -> alone.call(foreign, "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a process of runtime 'alone'");
            assertThatThrownBy(() -> alone.exit(foreign, ExitReason.SHUTDOWN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Kernel.of(a).useRemoteRouter(router))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already routes");
        }
    }
}
