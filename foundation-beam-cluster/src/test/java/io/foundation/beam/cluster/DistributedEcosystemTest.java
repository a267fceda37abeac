package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.ThreeVoters;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.WorkFailedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Distributed ecosystems through the public API, on three real nodes in this JVM (127.0.0.1, Raft voters a, b, c):
 * submissions from every node complete on their submitter's node, workers on every node run them, a failure reaches
 * the submitter, and a lost coordinator's node does not lose accepted work.
 */
@Timeout(120)
class DistributedEcosystemTest extends ThreeVoters {


    /** Executions per work value, on every node (the test's own count of duplicates). */
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    private EcosystemConfig orders(Distribution distribution) {
        return EcosystemConfig.builder("orders").workers(6, () -> (work, ctx) -> {
            String w = (String) work;
            executions.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
            if (w.startsWith("fail")) {
                throw new IllegalStateException("no stock for " + w);
            }
            return w + "@" + ctx.process().runtime().name();
        }).maxAttempts(1).distribution(distribution).build();
    }

    @Test
    void workSubmittedOnEveryNodeRunsOnEveryNodeAndCompletesOnItsSubmitter() throws Exception {
        List<BeamCluster> nodes = formCluster("distributed");
        List<Ecosystem> ecosystems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ecosystems.add(Ecosystems.spawnEcosystem(joined.runtime(i), orders(Distribution.clusterWide())));
        }
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(ecosystems)
                .allSatisfy(e -> assertThat(e.workers()).hasSize(2)));
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(ecosystems)
                .allSatisfy(e -> assertThat(e.health().status()).isEqualTo(EcosystemHealth.Status.HEALTHY)));

        Map<String, CompletableFuture<Object>> futures = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String work = "w" + i + "-from-" + VOTERS.get(i % 3);
            futures.put(work, ecosystems.get(i % 3).submit(work));
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<Object>> e : futures.entrySet()) {
            String result = (String) e.getValue().get(30, TimeUnit.SECONDS);
            assertThat(result).startsWith(e.getKey() + "@");
            perNode.merge(result.substring(result.indexOf('@') + 1), 1, Integer::sum);
        }
        assertThat(perNode.keySet()).as("round robin over the three nodes' agents").containsExactlyInAnyOrder(
                "a", "b", "c");
        assertThat(executions).hasSize(300).allSatisfy((w, n) -> assertThat(n.get()).as(w).isEqualTo(1));

        CompletableFuture<Object> failing = ecosystems.get(1).submit("fail-1");
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(WorkFailedException.class)
                .hasMessageContaining("no stock for fail-1");
        System.out.println("DistributedEcosystemTest: work per node " + perNode);
    }

    @Test
    void acceptedWorkSurvivesTheCoordinatorsNode() throws Exception {
        List<BeamCluster> nodes = formCluster("distributed");
        List<Ecosystem> ecosystems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ecosystems.add(Ecosystems.spawnEcosystem(joined.runtime(i), orders(Distribution.clusterWide())));
        }
        int leader = -1;
        await().atMost(LocalNodes.WAIT).until(() -> ecosystems.stream().allMatch(e -> {
            try {
                return e.coordinator() != null;
            } catch (IllegalStateException notYet) {
                return false;
            }
        }));
        String coordinatorNode = ecosystems.get(0).coordinator().toString();
        for (int i = 0; i < 3; i++) {
            if (coordinatorNode.startsWith("<" + VOTERS.get(i) + ".")) {
                leader = i;
            }
        }
        assertThat(leader).as("coordinator %s on a voter", coordinatorNode).isNotNegative();
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(leader));
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(ecosystems.get(survivors.get(i % 2)).submit("x" + i));
        }
        CompletableFuture.allOf(futures.subList(0, 10).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        nodes.get(leader).close(); // the coordinator's node leaves; its runtime stays (its share keeps its work)
        joined.runtime(leader).close();
        for (int i = 200; i < 300; i++) {
            futures.add(ecosystems.get(survivors.get(i % 2)).submit("x" + i));
        }
        for (CompletableFuture<Object> f : futures) {
            assertThat((String) f.get(60, TimeUnit.SECONDS)).startsWith("x");
        }
        String newCoordinator = ecosystems.get(survivors.get(0)).coordinator().toString();
        assertThat(newCoordinator).doesNotStartWith("<" + VOTERS.get(leader) + ".");
        long duplicates = executions.values().stream().filter(n -> n.get() > 1).count();
        System.out.println("DistributedEcosystemTest: coordinator " + coordinatorNode + " -> " + newCoordinator
                + ", duplicate executions " + duplicates);
    }

    @Test
    void aClusterWithoutRaftVotersRefusesADistributedEcosystemAndSaysWhy() {
        joined = new JoinedNodes("noraft", FreePorts.pick(1));
        joined.join("solo", 0);
        BeamRuntime runtime = joined.runtime(0);
        assertThatThrownBy(() -> Ecosystems.spawnEcosystem(runtime, orders(Distribution.clusterWide())))
                .isInstanceOf(EcosystemConfigException.class)
                .hasMessageContaining("cluster node 'solo' has no Raft voters")
                .hasMessageContaining("foundation.beam.cluster.raft.members");
    }
}
