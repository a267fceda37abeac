package io.foundation.beam.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each topology's rule on its own, over a worker table of plain processes that record what they receive: which
 * worker operations it allows, and a ring's token.
 */
class TopologyRuleTest {

    private BeamRuntime runtime;
    private final List<BlockingQueue<Object>> inboxes = new ArrayList<>();

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("rules").build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A rule over {@code count} recording workers, all started. */
    private TopologyRule rule(Topology topology, int count) {
        EcosystemConfig config = EcosystemConfig.builder("rules").topology(topology)
                .workers(count, () -> (Worker) (work, ctx) -> work).build();
        Kernel kernel = Kernel.of(runtime);
        WorkerTable workers = new WorkerTable(config, kernel, new EcosystemAnalytics(runtime, false),
                ConcurrentHashMap.newKeySet());
        for (int i = 0; i < count; i++) {
            BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
            inboxes.add(inbox);
            workers.started(i, runtime.spawn((message, ctx) -> {
                inbox.add(message);
                return null;
            }));
        }
        return TopologyRule.of(config, kernel, workers);
    }

    private Object next(int worker) throws InterruptedException {
        return inboxes.get(worker).poll(5, TimeUnit.SECONDS);
    }

    @Test
    void eachTopologyOffersOnlyItsOwnWorkerOperations() {
        TopologyRule tree = rule(Topology.TREE, 2);
        TopologyRule mesh = rule(Topology.MESH, 2);
        TopologyRule ring = rule(Topology.RING, 2);
        assertThat(tree).isInstanceOf(TreeRule.class);
        assertThat(mesh.mesh("peers()")).isSameAs(mesh);
        assertThat(ring.ring("successor()")).isSameAs(ring);
        assertThatThrownBy(() -> tree.mesh("peers()")).isInstanceOf(IllegalStateException.class)
                .hasMessage("peers() needs topology MESH, but ecosystem 'rules' is TREE"
                        + " (workers talk only to the coordinator)");
        assertThatThrownBy(() -> tree.ring("successor()")).hasMessageContaining("needs topology RING");
        assertThatThrownBy(() -> mesh.ring("passToken()"))
                .hasMessage("passToken() needs topology RING, but ecosystem 'rules' is MESH");
        assertThatThrownBy(() -> ring.mesh("sendToPeer()"))
                .hasMessage("sendToPeer() needs topology MESH, but ecosystem 'rules' is RING");
    }

    @Test
    void aMeshWorkersPeersAreTheOtherLiveWorkers() throws Exception {
        MeshRule mesh = rule(Topology.MESH, 3).mesh("peers()");
        List<ProcessRef> peers = mesh.peers(1);
        assertThat(peers).hasSize(2);
        mesh.sendToPeer(2, "direct");
        assertThat(next(2)).isEqualTo("direct");
        assertThat(mesh.broadcastToPeers(0, "all")).isEqualTo(2);
        assertThat(next(1)).isEqualTo("all");
        assertThat(next(2)).isEqualTo("all");
        assertThatThrownBy(() -> mesh.sendToPeer(3, "nobody")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRingTokenLostWithItsHolderComesBackOneGenerationLaterWithItsLastPayload() throws Exception {
        RingRule ring = rule(Topology.RING, 3).ring("test");
        ring.firstCoordinatorStarted();
        RingToken first = (RingToken) next(0);
        assertThat(first).isEqualTo(new RingToken(1, 0, null));

        assertThat(ring.tokenArrived(first.withPayload("carried"), 0)).isTrue();
        ring.workerDown(1); // not the holder: nothing happens
        ring.workerDown(0);
        assertThat(next(1)).isEqualTo(new RingToken(2, 0, "carried"));
        assertThat(ring.tokenArrived(first, 2)).as("a stale generation").isFalse();
    }

    @Test
    void treeAndMeshTakeARingTokenAsAnApplicationMessage() {
        assertThat(rule(Topology.TREE, 1).tokenArrived(new RingToken(0, 0, null), 0)).isTrue();
        assertThat(rule(Topology.MESH, 1).tokenArrived(new RingToken(0, 0, null), 0)).isTrue();
    }
}
