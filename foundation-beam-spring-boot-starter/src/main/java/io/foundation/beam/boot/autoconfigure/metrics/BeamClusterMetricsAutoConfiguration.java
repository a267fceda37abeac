package io.foundation.beam.boot.autoconfigure.metrics;

import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.metrics.BeamMetricNames;
import io.foundation.beam.boot.metrics.ClusterMetrics;
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
@AutoConfiguration(after = BeamClusterAutoConfiguration.class, afterName = {
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
}
