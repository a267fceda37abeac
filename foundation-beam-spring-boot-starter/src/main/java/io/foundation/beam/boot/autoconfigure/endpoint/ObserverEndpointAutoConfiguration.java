package io.foundation.beam.boot.autoconfigure.endpoint;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.ClusterDescriptor;
import io.foundation.beam.boot.actuate.observer.ObserverEndpoint;
import io.foundation.beam.boot.actuate.observer.ObserverSampler;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@code observer} Actuator endpoint ({@link ObserverEndpoint}) and its shared
 * {@link ObserverSampler}, when Actuator and Jackson are on the class path and the endpoint is available (exposed and
 * accessible: {@code management.endpoints.web.exposure.include} must name it). Its access is Boot's: read-only by
 * default, so the page's actions exist only with {@code management.endpoint.observer.access=unrestricted}. The
 * sampler is configured by {@code foundation.beam.observer.*}; a value out of range fails the startup naming the
 * property. The live stream is served next to the endpoint by {@link ObserverManagementContextConfiguration} (Spring
 * MVC). Backs off to a user-defined sampler or endpoint.
 */
@AutoConfiguration(after = EcosystemAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "tools.jackson.databind.json.JsonMapper"})
@ConditionalOnBean(EcosystemRegistry.class)
public final class ObserverEndpointAutoConfiguration {

    private static final String CLUSTER_CLASS = "io.foundation.beam.cluster.BeamCluster";
    private static final EndpointId OBSERVER = EndpointId.of("observer");

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnAvailableEndpoint(ObserverEndpoint.class)
    @ConditionalOnMissingBean
    ObserverSampler foundationBeamObserverSampler(BeamRuntime runtime, EcosystemRegistry registry,
            BeamProperties properties, Environment environment, ObjectProvider<EndpointAccessResolver> access,
            ObjectProvider<JsonMapper> jsonMapper, ApplicationContext context) {
        ObserverSampler.Settings settings = settings(properties.getObserver(), environment);
        Supplier<ClusterDescriptor> cluster = ClassUtils.isPresent(CLUSTER_CLASS, context.getClassLoader())
                ? ClusterView.of(context) : () -> null;
        JsonMapper json = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
        try {
            return new ObserverSampler(runtime, registry, settings, cluster, () -> writable(access),
                    json::writeValueAsString, Clock.systemUTC());
        } catch (IllegalArgumentException foreignRuntime) {
            throw new BeamConfigurationException("The observer endpoint cannot sample the application's BeamRuntime "
                    + "bean (" + runtime.getClass().getName() + "): " + foreignRuntime.getMessage() + ".",
                    "Build the BeamRuntime bean with BeamRuntime.builder(), or turn the observer off with "
                    + "management.endpoint.observer.access=none.", foreignRuntime);
        }
    }

    @Bean
    @ConditionalOnAvailableEndpoint(ObserverEndpoint.class)
    @ConditionalOnMissingBean
    ObserverEndpoint observerEndpoint(ObserverSampler sampler, BeamRuntime runtime, EcosystemRegistry registry) {
        return new ObserverEndpoint(sampler, runtime, registry);
    }

    /** Whether the endpoint's access, as Boot resolves it (its property, the default, the maximum), allows writes. */
    private static boolean writable(ObjectProvider<EndpointAccessResolver> resolver) {
        EndpointAccessResolver r = resolver.getIfAvailable();
        return r != null && r.accessFor(OBSERVER, Access.READ_ONLY) == Access.UNRESTRICTED;
    }

    static ObserverSampler.Settings settings(BeamProperties.Observer observer, Environment environment) {
        observer.check(environment);
        return new ObserverSampler.Settings(observer.getInterval(), observer.getTop(), observer.getHeartbeat());
    }
}
