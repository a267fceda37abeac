package io.foundation.beam.cluster.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that goes down (cut off from the others): every link, monitor, pending call and exit future to its processes
 * fires with {@code noconnection} at once, on both sides; node monitors get {@link NodeDown}; nothing hangs, even
 * when the loss races with the links and monitors being made.
 */
class ClusterRouterNodeDownTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(60);

    private TestCluster cluster;
    private BeamRuntime a;
    private BeamRuntime b;

    @BeforeEach
    void nodes() {
        cluster = new TestCluster("a", "b", "c");
        a = cluster.runtime("a");
        b = cluster.runtime("b");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private ProcessRef onA(ProcessRef onB) {
        return cluster.pid("a", "b", onB);
    }

    private ProcessRef waiterOnB() {
        return b.spawn(ctx -> ctx.receive(m -> false, LONG));
    }

    @Test
    void linksMonitorsCallsAndExitFuturesToALostNodeFireWithNoconnectionOnBothSides() throws Exception {
        ProcessRef target = onA(waiterOnB());
        ProcessRef silent = onA(waiterOnB());
        ProcessRef echo = onA(b.spawn((message, ctx) -> message));
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        CompletableFuture<Throwable> callFailure = new CompletableFuture<>();
        a.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(target);
            ctx.monitor(target);
            ctx.call(echo, "sync");
            ready.complete(true);
            try {
                ctx.call(silent, "never answered", LONG);
            } catch (ProcessExitedException e) {
                callFailure.complete(e);
            }
            List<Object> got = new ArrayList<>();
            got.add(ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
            got.add(ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow());
            seen.complete(got);
        });
        ProcessRef nonTrapping = a.spawn(ctx -> {
            ctx.link(target);
            ctx.receive();
        });
        CompletableFuture<ExitReason> exitFuture = a.exitFuture(target);
        CompletableFuture<Signal.Exit> onBSide = new CompletableFuture<>();
        ProcessRef aProcess = a.spawn(ctx -> ctx.receive());
        ProcessRef aProcessOnB = cluster.pid("b", "a", aProcess);
        b.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(aProcessOnB);
            ctx.monitor(aProcessOnB);
            onBSide.complete((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow());
        });
        ready.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> cluster.router("a").inboundWatchCount() == 1
                && a.info(nonTrapping).orElseThrow().links().size() == 1
                && a.info(aProcess).orElseThrow().links().size() == 1);

        cluster.network.disconnect("b");

        Throwable failure = callFailure.get(10, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOfSatisfying(ProcessExitedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION);
            assertThat(e.process()).isEqualTo(silent);
        });
        List<Object> got = seen.get(10, TimeUnit.SECONDS);
        assertThat(got.get(0)).isEqualTo(new Signal.Exit(target, ExitReason.NOCONNECTION));
        assertThat(((Signal.Down) got.get(1)).reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(a.exitFuture(nonTrapping).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(exitFuture.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(onBSide.get(10, TimeUnit.SECONDS)).isEqualTo(new Signal.Exit(aProcessOnB,
                ExitReason.NOCONNECTION));
        assertThat(cluster.router("a").inboundWatchCount()).isZero(); // b's watch on aProcess is cancelled
        assertThat(a.exitFuture(aProcess).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOCONNECTION); // b's link
        assertThat(cluster.router("a").outboundCount()).isZero();
        assertThat(target.isAlive()).isFalse();
        assertThat(a.exitFuture(target).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NOCONNECTION);
    }

    @Test
    void monitorNodeDeliversNodeDownOncePerMonitorAndAtOnceForANodeThatIsNotUp() throws Exception {
        Node nodeB = cluster.router("b").self();
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        cluster.router("a").addNodeListener(events::add);
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        CompletableFuture<Boolean> monitoring = new CompletableFuture<>();
        ProcessRef watcher = a.spawn(ctx -> {
            ClusterRouter router = cluster.router("a");
            router.monitorNode(ctx.self(), "b");
            router.monitorNode(ctx.self(), "b");
            long removed = router.monitorNode(ctx.self(), "b");
            assertThat(router.demonitorNode("b", removed)).isTrue();
            assertThat(router.demonitorNode("b", removed)).isFalse();
            monitoring.complete(true);
            List<Object> messages = new ArrayList<>();
            messages.add(ctx.receive(m -> m instanceof NodeDown, WAIT).orElseThrow());
            messages.add(ctx.receive(m -> m instanceof NodeDown, WAIT).orElseThrow());
            messages.add(ctx.receive(m -> m instanceof NodeDown, Duration.ofMillis(200)));
            router.monitorNode(ctx.self(), "b"); // not up now: at once
            messages.add(ctx.receive(m -> m instanceof NodeDown, WAIT).orElseThrow());
            router.monitorNode(ctx.self(), "never-was");
            messages.add(ctx.receive(m -> m instanceof NodeDown, WAIT).orElseThrow());
            got.complete(messages);
        });
        monitoring.get(10, TimeUnit.SECONDS);
        cluster.network.disconnect("b");
        List<Object> messages = got.get(10, TimeUnit.SECONDS);
        assertThat(messages).containsExactly(new NodeDown(nodeB), new NodeDown(nodeB), Optional.empty(),
                new NodeDown(nodeB), new NodeDown(new Node("never-was", 0L)));
        assertThat(a.exitFuture(watcher).get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(events).containsExactly(new NodeDown(nodeB));

        cluster.join("b"); // a new incarnation of b
        await().atMost(WAIT).until(() -> events.size() == 2);
        Node newB = cluster.router("b").self();
        assertThat(events.get(1)).isEqualTo(new NodeUp(newB));
        assertThat(newB.incarnation()).isNotEqualTo(nodeB.incarnation());
    }

    @Test
    void aPidOfAPreviousIncarnationNeverReachesTheNewNodesProcesses() throws Exception {
        ProcessRef old = onA(waiterOnB());
        long oldIncarnation = cluster.router("b").self().incarnation();
        cluster.network.disconnect("b");
        cluster.join("b");
        BeamRuntime newB = cluster.runtime("b");
        CompletableFuture<Object> got = new CompletableFuture<>();
        ProcessRef fresh = newB.spawn((message, ctx) -> got.complete(message));
        assertThat(fresh.id()).isEqualTo(old.id()); // the same number on the new node: the pid must not reach it
        assertThat(old.trySend("to the old one")).isEqualTo(SendResult.NO_SUCH_PROCESS);
        assertThat(old.exitReason()).contains(ExitReason.NOCONNECTION);
        ProcessRef oldSeenByNewB = cluster.router("b").fromWire(new WirePid("b", oldIncarnation, old.id()));
        assertThat(oldSeenByNewB).isNotSameAs(fresh).isInstanceOf(RemotePid.class);
        assertThat(oldSeenByNewB.isAlive()).isFalse();
        cluster.pid("a", "b", fresh).send("to the new one");
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("to the new one");
    }

    @Test
    void whenTheNodeIsLostWhileLinksMonitorsAndCallsAreBeingMadeEveryOneFiresAndNothingHangs() throws Exception {
        int processes = 200;
        ProcessRef target = onA(waiterOnB());
        List<CompletableFuture<List<Object>>> outcomes = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            CompletableFuture<List<Object>> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            a.spawn(ctx -> {
                ctx.trapExits(true);
                List<Object> seen = new ArrayList<>();
                ctx.link(target);
                ctx.monitor(target);
                CompletableFuture<ExitReason> ended = ctx.runtime().exitFuture(target);
                try {
                    ctx.call(target, "never answered", LONG);
                    seen.add("answered?");
                } catch (ProcessExitedException e) {
                    seen.add(e.reason());
                }
                seen.add(((Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit, WAIT).orElseThrow()).reason());
                seen.add(((Signal.Down) ctx.receive(m -> m instanceof Signal.Down, WAIT).orElseThrow()).reason());
                seen.add(ended.get(10, TimeUnit.SECONDS));
                outcome.complete(seen);
            });
            if (i == processes / 2) {
                cluster.network.disconnect("b");
            }
        }
        for (CompletableFuture<List<Object>> outcome : outcomes) {
            assertThat(outcome.get(20, TimeUnit.SECONDS)).containsOnly(ExitReason.NOCONNECTION).hasSize(4);
        }
        assertThat(cluster.router("a").outboundCount()).isZero();
    }
}
