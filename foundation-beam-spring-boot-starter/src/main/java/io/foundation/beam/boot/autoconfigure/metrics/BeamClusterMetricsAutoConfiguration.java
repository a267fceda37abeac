package io.foundation.beam.boot.autoconfigure.metrics;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.metrics.BeamMetricNames;
import io.foundation.beam.boot.metrics.ClusterMetrics;
import io.foundation.beam.boot.metrics.DistributedEcosystemMetrics;
import io.foundation.beam.cluster.BeamCluster;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the cluster's Micrometer meters ({@link ClusterMetrics}: {@value BeamMetricNames#CLUSTER_NODES}
 * and {@value BeamMetricNames#CLUSTER_NODE_EVENTS}), when the application has a {@link BeamCluster} bean and a
 * {@link MeterRegistry}. Backs off to a user-defined {@link ClusterMetrics}.
 */
@AutoConfiguration(after = {BeamClusterAutoConfiguration.class, EcosystemAutoConfiguration.class}, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple"
                + ".SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, BeamCluster.class })
@ConditionalOnBean({ MeterRegistry.class, BeamCluster.class })
public final class BeamClusterMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClusterMetrics foundationBeamClusterMetrics(BeamCluster cluster, MeterRegistry registry) {
        return ClusterMetrics.bind(cluster, registry);
    }

    /**
     * The distributed ecosystems' gauges ({@link DistributedEcosystemMetrics}), for the ecosystems the application
     * declares whose distribution is not local-only.
     *
     * @param cluster this node
     * @param registry where the meters go
     * @param ecosystems the application's ecosystems, if the starter's ecosystem support is on
     * @return a marker bean (the gauges live in the registry)
     */
    @Bean
    @ConditionalOnBean(EcosystemRegistry.class)
    DistributedEcosystemMeters foundationBeamDistributedEcosystemMeters(BeamCluster cluster, MeterRegistry registry,
            EcosystemRegistry ecosystems) {
        return new DistributedEcosystemMeters(DistributedEcosystemMetrics.bind(cluster, registry,
                ecosystems.ecosystems().stream().map(e -> e.config()).toList()));
    }

    /**
     * The distributed ecosystems' gauges are registered.
     *
     * @param ecosystems how many distributed ecosystems got meters
     */
    public record DistributedEcosystemMeters(int ecosystems) {
    }
}
