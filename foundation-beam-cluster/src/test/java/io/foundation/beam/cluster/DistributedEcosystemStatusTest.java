package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ThreeVoters;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.WorkRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BeamCluster#distributedEcosystems()}: every node reports the same coordinator, epoch and split of workers;
 * and a worker's {@link WorkRefusedException} reaches a submitter on another node as that exception.
 */
@Timeout(60)
class DistributedEcosystemStatusTest extends ThreeVoters {


    @Test
    void everyNodeSeesTheSameCoordinatorEpochAndSplitAndARefusalStaysARefusal() throws Exception {
        List<BeamCluster> nodes = formCluster("eco-status");
        assertThat(nodes.get(0).distributedEcosystems()).isEmpty();
        List<Ecosystem> ecosystems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ecosystems.add(Ecosystems.spawnEcosystem(joined.runtime(i), EcosystemConfig.builder("orders")
                    .workers(7, () -> (work, ctx) -> {
                        if (((String) work).startsWith("refuse")) {
                            throw new WorkRefusedException("out of stock: " + work);
                        }
                        return work;
                    }).distribution(Distribution.clusterWide()).build()));
            ecosystems.get(i).submit("warm-up").get(30, TimeUnit.SECONDS);
        }
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            List<DistributedEcosystemStatus> seen = nodes.stream().map(n -> n.distributedEcosystems().get(0))
                    .toList();
            DistributedEcosystemStatus first = seen.get(0);
            assertThat(first.ecosystem()).isEqualTo("orders");
            assertThat(first.policy()).isEqualTo("cluster-wide");
            assertThat(first.coordinator()).isPresent();
            assertThat(first.epoch()).isPositive();
            assertThat(first.available()).isTrue();
            assertThat(first.workersByNode()).isEqualTo(Map.of("a", 3, "b", 2, "c", 2));
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.coordinator()).isEqualTo(first.coordinator());
                assertThat(s.epoch()).isEqualTo(first.epoch());
                assertThat(s.workersByNode()).isEqualTo(first.workersByNode());
            });
        });
        // a worker's refusal on whichever node ran it reaches the submitter as a refusal, as on one node
        for (int i = 0; i < 6; i++) {
            CompletableFuture<Object> refused = ecosystems.get(i % 3).submit("refuse-" + i);
            int n = i;
            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).cause()
                    .isExactlyInstanceOf(WorkRefusedException.class).hasMessage("out of stock: refuse-" + n);
        }
        assertThat(nodes.get(0).status().raft().orElseThrow().leader())
                .contains(nodes.get(0).distributedEcosystems().get(0).coordinator().orElseThrow().name());
        nodes.get(1).close();
        assertThat(nodes.get(1).distributedEcosystems()).as("closed").isEmpty();
    }
}
