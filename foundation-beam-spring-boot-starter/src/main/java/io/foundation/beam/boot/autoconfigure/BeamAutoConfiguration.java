package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import java.time.Duration;
import io.foundation.beam.telemetry.BeamEventListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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
    BeamRuntime beamRuntime(BeamProperties properties, ObjectProvider<BeamEventListener> listeners,
            Environment environment) {
        BeamProperties.RuntimeProperties runtime = properties.getRuntime();
        check(runtime, environment);
        BeamRuntime.Builder builder = BeamRuntime.builder()
                .name(runtime.getName())
                .shutdownTimeout(runtime.getShutdownTimeout())
                .orphanGracePeriod(runtime.getOrphanGracePeriod())
                .housekeepingInterval(runtime.getHousekeepingInterval())
                .messagesPerActivation(runtime.getMessagesPerActivation());
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    /**
     * Checks the runtime's properties with the rules of {@link BeamRuntime.Builder}, so that a bad value fails with a
     * failure analysis naming the property rather than with the builder's stack trace.
     *
     * @throws BeamConfigurationException naming the first invalid property, its value and origin, and what it accepts
     */
    static void check(BeamProperties.RuntimeProperties runtime, Environment environment) {
        String name = runtime.getName();
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw invalid(environment, "name", name == null ? "" : "'" + name + "'",
                    "a name of letters, digits, '.', '-' and '_', such as beam (it prefixes process ids: <beam.42>)");
        }
        Duration shutdownTimeout = runtime.getShutdownTimeout();
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw invalid(environment, "shutdown-timeout", shutdownTimeout, "zero or a positive duration such as 5s");
        }
        Duration grace = runtime.getOrphanGracePeriod();
        if (grace == null || grace.isNegative()) {
            throw invalid(environment, "orphan-grace-period", grace, "zero or a positive duration such as 1s");
        }
        Duration housekeeping = runtime.getHousekeepingInterval();
        if (housekeeping == null || housekeeping.isNegative() || housekeeping.isZero()) {
            throw invalid(environment, "housekeeping-interval", housekeeping, "a positive duration such as 100ms");
        }
        if (runtime.getMessagesPerActivation() < 1) {
            throw invalid(environment, "messages-per-activation", runtime.getMessagesPerActivation(),
                    "at least 1, such as 256");
        }
    }

    private static BeamConfigurationException invalid(Environment environment, String key, Object value,
            String requirement) {
        return invalidProperty(environment, "The Foundation BEAM runtime", "foundation.beam.runtime." + key, value,
                requirement);
    }

    /**
     * @param subject what the property configures, e.g. "The Foundation BEAM runtime"
     * @param property the property's full name
     * @return the failure naming the property, its value and origin, and what it accepts
     */
    static BeamConfigurationException invalidProperty(Environment environment, String subject, String property,
            Object value, String requirement) {
        String key = property.substring(property.lastIndexOf('.') + 1);
        String shown = value instanceof Duration d ? EcosystemConfigFactory.print(d) : String.valueOf(value);
        return new BeamConfigurationException(subject + " has " + key + " = " + shown + ", but it must be "
                + requirement + ".\n    Source: property " + property + " = " + shown
                + EcosystemConfigFactory.origin(environment, property), "Set " + property + " to " + requirement + ".");
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "foundation.beam.events.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(ApplicationEventPublishingListener.class)
    ApplicationEventPublishingListener foundationBeamApplicationEventPublisher(ApplicationEventPublisher publisher) {
        return new ApplicationEventPublishingListener(publisher);
    }
}
