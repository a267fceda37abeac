package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tree, mesh and ring have real routing semantics. */
class TopologyTest {

    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("topo").build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void treeWorkersTalkOnlyToTheCoordinator() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("tree")
                .workers(2, () -> (message, ctx) -> {
                    assertThat(ctx.coordinator()).isNotNull();
                    return ctx.peers();
                }).build());
        assertThatThrownBy(() -> eco.submit("who are my peers?").get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WorkFailedException.class).rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs topology MESH").hasMessageContaining("talk only to the coordinator");
    }

    @Test
    void meshWorkersAddressEveryPeerDirectlyAndBroadcast() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("mesh")
                .topology(Topology.MESH)
                .workers(4, () -> (message, ctx) -> {
                    if (message.equals("gossip")) {
                        assertThat(ctx.peers()).hasSize(3).doesNotContain(ctx.process().self());
                        ctx.sendToPeer((ctx.index() + 1) % 4, "direct from " + ctx.index());
                        return ctx.broadcastToPeers("hello from " + ctx.index());
                    }
                    received.add(ctx.index() + " got " + message);
                    return null;
                }).build());
        assertThat(eco.submit("gossip").get(5, TimeUnit.SECONDS)).isEqualTo(3);
        await().until(() -> received.size() == 4);
        assertThat(received).anyMatch(s -> s.contains("direct from"));
        assertThat(received.stream().filter(s -> s.contains("hello from")).count()).isEqualTo(3);
    }

    @Test
    void ringPassesTheTokenAroundInIndexOrder() {
        List<Integer> path = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("ring")
                .topology(Topology.RING)
                .workers(4, () -> (message, ctx) -> {
                    if (message instanceof RingToken token && !stop.get()) {
                        path.add(ctx.index());
                        if (path.size() < 8) {
                            ctx.passToken(token);
                        }
                    }
                    return null;
                }).build());
        await().until(() -> path.size() == 8);
        assertThat(path).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(eco.workers()).hasSize(4);
    }

    @Test
    void ringRelinksAroundADeadWorkerAndRegeneratesALostToken() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<ProcessRef> holder = new CompletableFuture<>();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("ring2")
                .topology(Topology.RING)
                .workers(4, () -> (message, ctx) -> {
                    if (message instanceof RingToken token) {
                        log.add(ctx.index() + "@" + token.generation());
                        if (ctx.index() == 1 && token.generation() == 1) {
                            holder.complete(ctx.process().self()); // keep it: worker 1 will die holding it
                        } else if (log.size() < 6) {
                            ctx.passToken(token.withPayload("carried"));
                        }
                    }
                    return null;
                }).build());
        ProcessRef one = holder.get(5, TimeUnit.SECONDS);
        runtime.kill(one); // STANDARD fault tolerance: worker 1 stays dead; the ring re-links around it
        await().until(() -> log.size() == 6);
        assertThat(log).containsExactly("0@1", "1@1", "2@2", "3@2", "0@2", "2@2");
        assertThat(eco.info().workers().get(1).alive()).isFalse();
    }

    @Test
    void ringApisAreRefusedOutsideARing() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("mesh2")
                .topology(Topology.MESH)
                .workers(1, () -> (message, ctx) -> ctx.successor()).build());
        assertThatThrownBy(() -> eco.submit("x").get(5, TimeUnit.SECONDS)).cause().rootCause()
                .hasMessageContaining("needs topology RING");
        assertThat(Duration.ZERO).isZero();
    }
}
