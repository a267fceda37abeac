package io.foundation.beam.boot.autoconfigure.health;

import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.health.ClusterHealthIndicator;
import io.foundation.beam.cluster.BeamCluster;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the cluster's health: a {@link ClusterHealthIndicator} named {@code cluster}
 * ({@code /actuator/health/cluster}: this node, the members up, their count), in the {@code readiness} group (never
 * in {@code liveness}) unless the application configures that group's members. Switched off with
 * {@code management.health.cluster.enabled=false}. Backs off to a user bean named {@code clusterHealthIndicator} or
 * {@code clusterHealthContributor}.
 */
@AutoConfiguration(after = BeamClusterAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint"
                + ".AvailabilityProbesAutoConfiguration",
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class, BeamCluster.class })
@ConditionalOnBean(BeamCluster.class)
@ConditionalOnEnabledHealthIndicator("cluster")
public final class BeamClusterHealthContributorAutoConfiguration {

    static final String CONTRIBUTOR = "cluster";

    @Bean
    @ConditionalOnMissingBean(name = { "clusterHealthIndicator", "clusterHealthContributor" })
    ClusterHealthIndicator clusterHealthIndicator(BeamCluster cluster) {
        return new ClusterHealthIndicator(cluster);
    }

    /** The readiness group, when the health endpoint's groups are there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    static class ReadinessGroupConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "clusterReadinessGroupPostProcessor")
        static ReadinessGroupPostProcessor clusterReadinessGroupPostProcessor(Environment environment) {
            return new ReadinessGroupPostProcessor(environment, CONTRIBUTOR);
        }
    }
}
