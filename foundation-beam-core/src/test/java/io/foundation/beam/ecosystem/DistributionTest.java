package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.process.Kernel;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An ecosystem's {@link Distribution}: its rules, each node's share of the workers, and the core's refusal to spawn a
 * distributed ecosystem in a runtime that is in no cluster (the cluster module proves the rest).
 */
class DistributionTest {

    private static EcosystemConfig.Builder valid() {
        return EcosystemConfig.builder("orders").workers(6, () -> (work, ctx) -> work);
    }

    private static EcosystemConfigException rejected(Runnable configure) {
        EcosystemConfigException e = catchThrowableOfType(EcosystemConfigException.class, configure::run);
        assertThat(e).as("an EcosystemConfigException").isNotNull();
        return e;
    }

    @Test
    void localOnlyIsTheDefault() {
        assertThat(valid().build().distribution()).isEqualTo(Distribution.localOnly());
        assertThat(Distribution.localOnly().isDistributed()).isFalse();
        assertThat(Distribution.clusterWide().isDistributed()).isTrue();
        assertThat(valid().distribution(Distribution.clusterWide()).build().toBuilder().build().distribution())
                .isEqualTo(Distribution.clusterWide());
    }

    @Test
    void eachRuleNamesItsField() {
        assertThat(rejected(() -> Distribution.explicitNodes(List.of())).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_NODES);
        assertThat(rejected(() -> Distribution.explicitNodes("a", "a")).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_NODES);
        assertThat(rejected(() -> new Distribution(Distribution.Policy.CLUSTER_WIDE, List.of("a"),
                Distribution.Placement.RANDOM, 0, Distribution.Journal.REPLICATED)).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_NODES);
        assertThat(rejected(() -> Distribution.clusterWide().withJournal(null)).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_JOURNAL);
        assertThat(Distribution.clusterWide().journal()).as("the default").isEqualTo(Distribution.Journal.REPLICATED);
        assertThat(EcosystemConfig.parse("distribution.journal", Distribution.Journal.class, "submitter-local"))
                .isEqualTo(Distribution.Journal.SUBMITTER_LOCAL);
        assertThat(rejected(() -> Distribution.clusterWide().withWorkersPerNode(-1)).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_WORKERS_PER_NODE);
        assertThat(rejected(() -> Distribution.clusterWide().withPlacement(null)).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION_PLACEMENT);
        assertThat(rejected(() -> valid().distribution(null).build()).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION);
        assertThat(EcosystemConfig.parse("distribution.policy", Distribution.Policy.class, "explicit-nodes"))
                .isEqualTo(Distribution.Policy.EXPLICIT_NODES);
        EcosystemConfigException policy = rejected(() -> EcosystemConfig.parse("distribution.policy",
                Distribution.Policy.class, "everywhere"));
        assertThat(policy).hasMessage("invalid ecosystem configuration: distribution.policy: must be one of "
                + "local_only, cluster_wide, explicit_nodes, got 'everywhere'");
    }

    @Test
    void aDistributedEcosystemNeedsTheDefaultCoordinatorAndTreeTopology() {
        EcosystemConfigException ring = rejected(() -> valid().topology(Topology.RING)
                .distribution(Distribution.clusterWide()).build());
        assertThat(ring.fieldId()).contains(EcosystemConfig.Field.DISTRIBUTION);
        assertThat(ring).hasMessageContaining("local-only unless the ecosystem has the default coordinator and "
                + "topology tree, got CLUSTER_WIDE");
        assertThat(rejected(() -> valid().coordinator(() -> new Coordinator() { })
                .distribution(Distribution.explicitNodes("a")).build()).fieldId())
                .contains(EcosystemConfig.Field.DISTRIBUTION);
        // local-only keeps every topology and custom coordinators
        assertThat(valid().topology(Topology.MESH).build().topology()).isEqualTo(Topology.MESH);
    }

    @Test
    void aTotalIsSplitOverTheSelectedNodesInTheirOrder() {
        Distribution d = Distribution.clusterWide();
        List<String> nodes = List.of("a", "b", "c", "d");
        assertThat(nodes.stream().map(n -> d.share(6, nodes, n))).containsExactly(2, 2, 1, 1);
        assertThat(nodes.stream().map(n -> d.share(2, nodes, n))).as("at least one each").containsExactly(1, 1, 1, 1);
        assertThat(d.withWorkersPerNode(3).share(6, nodes, "d")).isEqualTo(3);
        assertThatThrownBy(() -> d.share(6, nodes, "e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'e' is not among the selected nodes [a, b, c, d]");
        assertThat(Distribution.explicitNodes("b").selects("b")).isTrue();
        assertThat(Distribution.explicitNodes("b").selects("a")).isFalse();
    }

    @Test
    void aRuntimeInNoClusterRefusesADistributedEcosystemAndSaysWhatToAdd() {
        try (BeamRuntime runtime = BeamRuntime.builder().name("solo").build()) {
            EcosystemConfigException e = rejected(() -> Ecosystems.spawnEcosystem(runtime,
                    valid().distribution(Distribution.clusterWide()).build()));
            assertThat(e.fieldId()).contains(EcosystemConfig.Field.DISTRIBUTION_POLICY);
            assertThat(e).hasMessageContaining("ecosystem 'orders' is distributed (policy cluster-wide), but runtime "
                    + "'solo' is in no cluster").hasMessageContaining("foundation-beam-cluster")
                    .hasMessageContaining("foundation.beam.cluster.enabled=true");
            // nothing was started: a local ecosystem of that name still starts
            assertThat(Ecosystems.spawnEcosystem(runtime, valid().build()).isRunning()).isTrue();
        }
    }

    @Test
    void aDistributedEcosystemGoesToTheInstalledProviderOnce() {
        try (BeamRuntime runtime = BeamRuntime.builder().name("n1").build()) {
            AtomicReference<EcosystemConfig> asked = new AtomicReference<>();
            Ecosystem local = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("share")
                    .workers(1, () -> (work, ctx) -> work).build());
            Kernel.of(runtime).useDistributedEcosystems(config -> {
                asked.set(config);
                return local;
            });
            EcosystemConfig config = valid().distribution(Distribution.clusterWide()).build();
            assertThat(Ecosystems.spawnEcosystem(runtime, config)).isSameAs(local);
            assertThat(asked).hasValue(config);
            assertThatThrownBy(() -> Kernel.of(runtime).useDistributedEcosystems(c -> local))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("runtime 'n1' has a provider");
        }
    }
}
