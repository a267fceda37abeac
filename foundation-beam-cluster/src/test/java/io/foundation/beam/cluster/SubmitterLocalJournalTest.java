package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.cluster.testing.ThreeVoters;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.WorkRefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A distributed ecosystem whose journal is submitter-local, on three real nodes in this JVM: no Raft commit per item
 * (the journal of the cluster never holds them), work from every node completes on its submitter, survives its
 * coordinator's node, and a refusal stays a refusal.
 */
@Timeout(120)
class SubmitterLocalJournalTest extends ThreeVoters {


    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    private EcosystemConfig orders() {
        return EcosystemConfig.builder("orders").workers(6, () -> (work, ctx) -> {
            String w = (String) work;
            executions.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
            if (w.startsWith("refuse")) {
                throw new WorkRefusedException("no stock for " + w);
            }
            return w + "@" + ctx.process().runtime().name();
        }).distribution(Distribution.clusterWide().withJournal(Distribution.Journal.SUBMITTER_LOCAL)).build();
    }

    @Test
    void workFromEveryNodeCompletesWithoutTheReplicatedJournalAndSurvivesTheCoordinatorsNode() throws Exception {
        List<BeamCluster> nodes = formCluster("submitter-local");
        List<Ecosystem> ecosystems = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ecosystems.add(Ecosystems.spawnEcosystem(joined.runtime(i), orders()));
        }
        // submitted before any coordinator is known: held, then sent to the first one
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            futures.add(ecosystems.get(i % 3).submit("w" + i));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat((String) futures.get(i).get(30, TimeUnit.SECONDS)).startsWith("w" + i + "@");
        }
        assertThat(executions).hasSize(150);
        assertThat(nodes.get(0).distributedEcosystems().get(0).pendingItems()).isZero();
        assertThat(((DefaultBeamCluster) nodes.get(0)).workJournal().orElseThrow().counters("orders").accepted())
                .as("no item went through the replicated journal").isZero();
        assertThatThrownBy(() -> ecosystems.get(2).submit("refuse-1").get(30, TimeUnit.SECONDS)).cause()
                .isExactlyInstanceOf(WorkRefusedException.class).hasMessage("no stock for refuse-1");

        // the coordinator's node leaves with work in flight: the others' submitters send what they hold to the next
        String coordinator = nodes.get(0).distributedEcosystems().get(0).coordinator().orElseThrow().name();
        int leader = VOTERS.indexOf(coordinator);
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(leader));
        List<CompletableFuture<Object>> more = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            more.add(ecosystems.get(survivors.get(i % 2)).submit("x" + i));
        }
        nodes.get(leader).close();
        joined.runtime(leader).close();
        for (int i = 200; i < 300; i++) {
            more.add(ecosystems.get(survivors.get(i % 2)).submit("x" + i));
        }
        for (int i = 0; i < more.size(); i++) {
            assertThat((String) more.get(i).get(60, TimeUnit.SECONDS)).startsWith("x" + i + "@");
        }
        assertThat(nodes.get(survivors.get(0)).distributedEcosystems().get(0).coordinator().orElseThrow().name())
                .isNotEqualTo(coordinator);
        // stopping a node's part fails its unfinished futures, saying the work is dropped with it
        Ecosystem last = ecosystems.get(survivors.get(0));
        last.shutdown(Duration.ZERO);
        assertThatThrownBy(() -> last.submit("late")).isInstanceOf(EcosystemStoppedException.class);
        long duplicates = executions.values().stream().filter(n -> n.get() > 1).count();
        System.out.println("SubmitterLocalJournalTest: coordinator " + coordinator + " left; duplicate executions "
                + duplicates);
    }
}
