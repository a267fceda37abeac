package io.foundation.beam.boot.autoconfigure.endpoint;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsAccessEnvironmentPostProcessor;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@code ecosystems} Actuator endpoint ({@link EcosystemsEndpoint}), when Actuator is on the
 * class path and the endpoint is available (exposed and accessible: {@code management.endpoints.web.exposure.include}
 * must name it for HTTP). Its access is Boot's: read-only by default, so its write operations exist only with
 * {@code management.endpoint.ecosystems.access=unrestricted} (or the deprecated
 * {@code foundation.beam.management.write-enabled=true}, see {@link EcosystemsAccessEnvironmentPostProcessor}). With
 * the cluster module on the class path and a {@code BeamCluster} bean, its list shows the cluster
 * ({@link ClusterView}). Backs off to a user-defined {@link EcosystemsEndpoint}.
 */
@AutoConfiguration(after = EcosystemAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(EcosystemRegistry.class)
public final class EcosystemsEndpointAutoConfiguration {

    private static final String CLUSTER_CLASS = "io.foundation.beam.cluster.BeamCluster";

    @Bean
    @ConditionalOnAvailableEndpoint(EcosystemsEndpoint.class)
    @ConditionalOnMissingBean
    EcosystemsEndpoint ecosystemsEndpoint(EcosystemRegistry registry, ApplicationContext context) {
        // ClusterView refers to the cluster module: load it only when that module is on the class path
        if (ClassUtils.isPresent(CLUSTER_CLASS, context.getClassLoader())) {
            return new EcosystemsEndpoint(registry, ClusterView.of(context));
        }
        return new EcosystemsEndpoint(registry);
    }
}
