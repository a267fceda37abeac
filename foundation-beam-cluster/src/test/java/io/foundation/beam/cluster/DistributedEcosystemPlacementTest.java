package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ThreeVoters;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemUnavailableException;
import io.foundation.beam.ecosystem.Ecosystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Placement and the minority's refusal, on three nodes in this JVM: least-loaded sends less work to the node whose
 * workers are slow, random reaches every node, and a node left without a majority refuses at once and reports
 * itself CRITICAL (so the starter's readiness is DOWN for the ecosystem).
 */
@Timeout(120)
class DistributedEcosystemPlacementTest extends ThreeVoters {


    private final Map<String, AtomicInteger> ranOn = new ConcurrentHashMap<>();

    /** Workers on node a take 20 ms a piece; on b and c, none. */
    private List<Ecosystem> spawn(String prefix, Distribution.Placement placement) {
        formCluster(prefix);
        List<Ecosystem> ecosystems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ecosystems.add(Ecosystems.spawnEcosystem(joined.runtime(i), EcosystemConfig.builder("orders")
                    .workers(6, () -> (work, ctx) -> {
                        String node = ctx.process().runtime().name();
                        ranOn.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
                        if (node.equals("a")) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // slow work, not a wait
                        }
                        return work;
                    }).distribution(Distribution.clusterWide().withPlacement(placement)).build()));
        }
        await().atMost(LocalNodes.WAIT).until(() -> ecosystems.stream().allMatch(e -> e.health().status()
                == EcosystemHealth.Status.HEALTHY));
        return ecosystems;
    }

    private void submitAndAwait(List<Ecosystem> ecosystems, int count) throws Exception {
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(ecosystems.get(1 + i % 2).submit("w" + i));
        }
        for (CompletableFuture<Object> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void leastLoadedSendsLessToTheSlowNode() throws Exception {
        List<Ecosystem> ecosystems = spawn("placement-least", Distribution.Placement.LEAST_LOADED);
        submitAndAwait(ecosystems, 600);
        int slow = ranOn.getOrDefault("a", new AtomicInteger()).get();
        int fast = Math.min(ranOn.get("b").get(), ranOn.get("c").get());
        System.out.println("DistributedEcosystemPlacementTest: least-loaded ran " + ranOn);
        assertThat(slow).as("items on the slow node a, against the fewer of b and c: %s", ranOn)
                .isLessThan(fast / 2);
    }

    @Test
    void randomReachesEveryNodeAndAMinorityRefusesAtOnceAndIsCritical() throws Exception {
        List<Ecosystem> ecosystems = spawn("placement-random", Distribution.Placement.RANDOM);
        submitAndAwait(ecosystems, 300);
        assertThat(ranOn.keySet()).containsExactlyInAnyOrder("a", "b", "c");

        // b and c leave: a sees 1 of the 3 voters
        joined.nodes().get(1).close();
        joined.nodes().get(2).close();
        Ecosystem alone = ecosystems.get(0);
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(alone.health().status())
                .isEqualTo(EcosystemHealth.Status.CRITICAL));
        assertThat(alone.health().reasons()).anySatisfy(r -> assertThat(r).contains("no majority")
                .contains("sees 1 of 3 Raft voters"));
        assertThatThrownBy(() -> alone.submit("late")).isInstanceOf(EcosystemUnavailableException.class)
                .hasMessageContaining("node 'a' sees 1 of the Raft voters [a, b, c]")
                .hasMessageContaining("Nothing was accepted");
    }
}
