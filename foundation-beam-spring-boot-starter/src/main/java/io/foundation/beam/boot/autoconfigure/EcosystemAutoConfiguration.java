package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.ecosystem.DefaultEcosystemRegistry;
import io.foundation.beam.boot.ecosystem.EcosystemBeanDefinitionRegistrar;
import io.foundation.beam.boot.ecosystem.HandlerObservation;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the ecosystems declared by {@code @Worker} and {@code @Coordinator} beans: finds them, makes
 * them prototype-scoped, registers an {@code Ecosystem} bean per enabled ecosystem (qualified by its name), and an
 * {@link EcosystemRegistry} that builds their configurations from the annotations and
 * {@code foundation.beam.ecosystems.*}, starts them after the context's refresh (before a web server takes
 * traffic) and stops them when the context closes (after the server has drained).
 */
@AutoConfiguration(after = BeamAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "foundation.beam.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BeamProperties.class)
public final class EcosystemAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static EcosystemBeanDefinitionRegistrar foundationBeamEcosystemBeanDefinitionRegistrar() {
        return new EcosystemBeanDefinitionRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean(EcosystemRegistry.class)
    DefaultEcosystemRegistry ecosystemRegistry(BeamRuntime runtime, BeamProperties properties,
            EcosystemBeanDefinitionRegistrar registrar, ConfigurableListableBeanFactory beanFactory,
            Environment environment, ObjectProvider<HandlerObservation> observation) {
        HandlerObservation observed = observation.getIfAvailable();
        if (observed == null && properties.getObservations().isEnabled()) {
            throw new BeamConfigurationException("foundation.beam.observations.enabled is true, but the application "
                    + "has no ObservationRegistry bean to observe message handling with (Micrometer Observation and "
                    + "its auto-configuration are missing).", "Add spring-boot-starter-actuator (or define an "
                    + "ObservationRegistry bean), or set foundation.beam.observations.enabled=false.");
        }
        EcosystemConfigFactory configs = new EcosystemConfigFactory(properties, environment);
        configs.checkPropertyNames(registrar.declaredEcosystems());
        BeamProperties.Shutdown shutdown = properties.getShutdown();
        Duration drain = shutdown.isAwaitTermination() ? shutdown.getAwaitTerminationPeriod() : Duration.ZERO;
        if (drain == null || drain.isNegative()) {
            throw new BeamConfigurationException("foundation.beam.shutdown.await-termination-period is " + drain
                    + ", but the ecosystems need a drain period of zero or more.",
                    "Set foundation.beam.shutdown.await-termination-period to a positive duration such as 10s, or "
                            + "set foundation.beam.shutdown.await-termination=false.");
        }
        return new DefaultEcosystemRegistry(runtime, registrar, configs, beanFactory, environment,
                observed != null ? observed : HandlerObservation.NONE, drain);
    }
}
