package io.foundation.beam.boot.autoconfigure.cluster;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.logging.ClusterEventLogger;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the cluster, when {@code foundation.beam.cluster.enabled} is true (default false): a
 * {@link BeamCluster} bean, the application's {@link BeamRuntime} bean joined to the cluster that
 * {@code foundation.beam.cluster.*} describes, under the runtime's name ({@code foundation.beam.runtime.name}). It
 * joins while the context refreshes, before the ecosystems start, and leaves when the context closes: after the
 * ecosystems have stopped (their {@code SmartLifecycle} stops before any bean is destroyed) and before the runtime
 * closes (the cluster bean depends on the runtime bean, so it is destroyed first). Backs off to a user-defined
 * {@link BeamCluster}.
 *
 * <p>Every {@code BehaviourFactory} bean is registered with the cluster under its bean name (once every singleton
 * exists), so that other nodes can spawn it by that name.
 *
 * <p>With it: node up and down logged under {@code io.foundation.beam.cluster} ({@link ClusterEventLogger}, unless
 * {@code foundation.beam.logging.enabled} is false), and every {@code NodeUp} and {@code NodeDown} republished as a
 * Spring application event (unless {@code foundation.beam.events.enabled} is false). The health contributor and the
 * meters have auto-configurations of their own.
 *
 * <p>Failures name the property to change: a value {@link ClusterConfig}'s builder refuses, a node name already in the
 * cluster, a port taken; and {@code enabled=true} without {@code foundation-beam-cluster} on the class path.
 */
@AutoConfiguration(after = {BeamAutoConfiguration.class, SslAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "foundation.beam.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("foundation.beam.cluster.enabled")
@EnableConfigurationProperties(BeamProperties.class)
public final class BeamClusterAutoConfiguration {

    /** The cluster, with the cluster module on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BeamCluster.class)
    @ConditionalOnBean(BeamRuntime.class)
    static class ClusterConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        BeamCluster beamCluster(BeamRuntime runtime, BeamProperties properties, Environment environment,
                ObjectProvider<SslBundles> sslBundles) {
            ClusterConfig config = ClusterConfigFactory.create(runtime.name(), properties.getCluster(), environment,
                    sslBundles.getIfAvailable());
            return ClusterConfigFactory.join(runtime, config, environment);
        }

        @Bean
        ClusterBehaviourRegistrar foundationBeamClusterBehaviours(BeamCluster cluster,
                ListableBeanFactory beanFactory) {
            return new ClusterBehaviourRegistrar(cluster, beanFactory);
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "foundation.beam.logging.enabled", matchIfMissing = true)
        @ConditionalOnMissingBean
        ClusterEventLogger foundationBeamClusterEventLogger(BeamCluster cluster) {
            return ClusterEventLogger.attach(cluster);
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "foundation.beam.events.enabled", matchIfMissing = true)
        @ConditionalOnMissingBean
        NodeEventPublishingListener foundationBeamNodeEventPublisher(BeamCluster cluster,
                ApplicationEventPublisher publisher) {
            return NodeEventPublishingListener.attach(cluster, publisher);
        }
    }

    /**
     * {@code foundation.beam.cluster.enabled=true} without the cluster module: fails the startup before any bean is
     * created, saying which dependency to add.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.foundation.beam.cluster.BeamCluster")
    static class ClusterModuleMissingConfiguration {

        @Bean
        static BeanFactoryPostProcessor foundationBeamClusterModuleMissing() {
            return beanFactory -> {
                throw new BeamConfigurationException("foundation.beam.cluster.enabled is true, but the cluster module "
                        + "is not on the class path (there is no class io.foundation.beam.cluster.BeamCluster), so "
                        + "this runtime cannot join a cluster.",
                        "Add the dependency io.foundation.beam:foundation-beam-cluster (the version of "
                                + "foundation-beam-spring-boot-starter) to the application, or set "
                                + "foundation.beam.cluster.enabled=false.");
            };
        }
    }
}
