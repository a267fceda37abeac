package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.ecosystem.HandlerObservation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer observations of message handling, opt-in with
 * {@code foundation.beam.observations.enabled=true}: every message handled by a {@code @Worker} or
 * {@code @Coordinator} bean is observed as {@code foundation.beam.message} through the application's
 * {@link ObservationRegistry} (so it becomes a timer, and a span where tracing is set up).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "foundation.beam.observations.enabled")
@ConditionalOnBooleanProperty(name = "foundation.beam.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class BeamObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(HandlerObservation.class)
    HandlerObservation foundationBeamHandlerObservation(ObservationRegistry registry) {
        return new ObservedHandlers(registry);
    }
}
