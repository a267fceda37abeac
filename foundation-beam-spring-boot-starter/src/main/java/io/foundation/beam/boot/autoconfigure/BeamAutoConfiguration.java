package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.telemetry.BeamEventListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Foundation BEAM process runtime: a {@link BeamRuntime} bean built from
 * {@code foundation.beam.runtime.*}, with every {@link BeamEventListener} bean as a telemetry listener, and closed
 * when the context closes (after the ecosystems have stopped). Backs off to a user-defined {@link BeamRuntime}. Also
 * republishes every telemetry event as a Spring application event unless {@code foundation.beam.events.enabled} is
 * false.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "foundation.beam.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BeamProperties.class)
public final class BeamAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BeamRuntime beamRuntime(BeamProperties properties, ObjectProvider<BeamEventListener> listeners) {
        BeamProperties.RuntimeProperties runtime = properties.getRuntime();
        BeamRuntime.Builder builder = BeamRuntime.builder()
                .name(runtime.getName())
                .shutdownTimeout(runtime.getShutdownTimeout())
                .orphanGracePeriod(runtime.getOrphanGracePeriod())
                .housekeepingInterval(runtime.getHousekeepingInterval())
                .messagesPerActivation(runtime.getMessagesPerActivation());
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "foundation.beam.events.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(ApplicationEventPublishingListener.class)
    ApplicationEventPublishingListener foundationBeamApplicationEventPublisher(ApplicationEventPublisher publisher) {
        return new ApplicationEventPublishingListener(publisher);
    }
}
