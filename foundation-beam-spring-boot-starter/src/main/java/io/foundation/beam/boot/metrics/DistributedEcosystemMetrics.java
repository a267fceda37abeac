package io.foundation.beam.boot.metrics;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterStatus;
import io.foundation.beam.cluster.DistributedEcosystemStatus;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The meters of the distributed ecosystems (those whose {@link Distribution} is not local-only):
 * {@value BeamMetricNames#DISTRIBUTED_PENDING}, {@value BeamMetricNames#DISTRIBUTED_EPOCH},
 * {@value BeamMetricNames#DISTRIBUTED_COORDINATOR}, {@value BeamMetricNames#DISTRIBUTED_AVAILABLE} by ecosystem, and
 * {@value BeamMetricNames#DISTRIBUTED_WORKERS} by ecosystem and node. Registered once, for the ecosystems configured
 * when the application starts and, for the workers, the nodes the policy selects among the Raft voters (a fixed set);
 * each gauge reads {@link BeamCluster#distributedEcosystems()} when it is scraped, and is NaN while the ecosystem has
 * not started on this node.
 */
public final class DistributedEcosystemMetrics {

    private DistributedEcosystemMetrics() {
    }

    /**
     * Registers the gauges.
     *
     * @param cluster this node
     * @param registry where the meters go
     * @param configs the application's ecosystem configurations (the local-only ones are skipped)
     * @return how many ecosystems got meters
     */
    public static int bind(BeamCluster cluster, MeterRegistry registry, Collection<EcosystemConfig> configs) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(registry, "registry");
        List<String> voters = cluster.status().raft().map(ClusterStatus.RaftStatus::voters).orElse(List.of());
        String self = cluster.self().name();
        int bound = 0;
        for (EcosystemConfig config : configs) {
            if (!config.distribution().isDistributed()) {
                continue;
            }
            String name = config.name();
            gauge(registry, BeamMetricNames.DISTRIBUTED_PENDING, cluster, name, s -> s.pendingItems(),
                    "Accepted items of the distributed ecosystem not yet completed, in this node's journal replica");
            gauge(registry, BeamMetricNames.DISTRIBUTED_EPOCH, cluster, name, s -> s.epoch(),
                    "Epoch (Raft term) of the distributed ecosystem's coordinator; a rise is a failover");
            gauge(registry, BeamMetricNames.DISTRIBUTED_COORDINATOR, cluster, name,
                    s -> s.coordinator().filter(n -> n.name().equals(self)).isPresent() ? 1 : 0,
                    "1 when the distributed ecosystem's coordinator runs on this node");
            gauge(registry, BeamMetricNames.DISTRIBUTED_AVAILABLE, cluster, name, s -> s.available() ? 1 : 0,
                    "1 when this node can submit to the distributed ecosystem (it sees a majority of the voters)");
            for (String node : voters) {
                if (config.distribution().selects(node)) {
                    Gauge.builder(BeamMetricNames.DISTRIBUTED_WORKERS, cluster,
                            c -> find(c, name).map(s -> (double) s.workersByNode().getOrDefault(node, 0))
                                    .orElse(Double.NaN))
                            .tag(BeamMetricNames.TAG_ECOSYSTEM, name).tag(BeamMetricNames.TAG_NODE, node)
                            .description("Workers of the distributed ecosystem on each node, as this node sees it")
                            .register(registry);
                }
            }
            bound++;
        }
        return bound;
    }

    private static void gauge(MeterRegistry registry, String meter, BeamCluster cluster, String ecosystem,
            ToDoubleFunction<DistributedEcosystemStatus> value, String description) {
        Gauge.builder(meter, cluster, c -> find(c, ecosystem).map(value::applyAsDouble).orElse(Double.NaN))
                .tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem).description(description).register(registry);
    }

    private static Optional<DistributedEcosystemStatus> find(BeamCluster cluster, String ecosystem) {
        return cluster.distributedEcosystems().stream().filter(s -> s.ecosystem().equals(ecosystem)).findFirst();
    }
}
