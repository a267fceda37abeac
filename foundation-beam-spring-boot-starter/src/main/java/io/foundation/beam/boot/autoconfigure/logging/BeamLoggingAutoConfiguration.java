package io.foundation.beam.boot.autoconfigure.logging;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.Ticker;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.logging.BeamEventLogger;
import io.foundation.beam.ecosystem.Ecosystem;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the logging of the runtime's failures ({@link BeamEventLogger}): a telemetry listener of the
 * {@link BeamRuntime} bean that logs crashes, restarts (rate-limited by {@code foundation.beam.logging.rate-limit.*}),
 * supervisors that gave up and orphaned threads. Off with {@code foundation.beam.logging.enabled=false}; backs off to
 * a user-defined {@link BeamEventLogger}. An invalid {@code foundation.beam.logging.rate-limit.*} fails the startup
 * with a failure analysis naming the property.
 */
@AutoConfiguration(after = BeamAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "foundation.beam.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "foundation.beam.logging.enabled", matchIfMissing = true)
@ConditionalOnBean(BeamRuntime.class)
@EnableConfigurationProperties(BeamProperties.class)
public final class BeamLoggingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BeamEventLogger foundationBeamEventLogger(BeamProperties properties,
            ObjectProvider<EcosystemRegistry> ecosystems) {
        BeamProperties.RateLimit limit = properties.getLogging().getRateLimit();
        if (limit.getLines() < 1) {
            throw new BeamConfigurationException("foundation.beam.logging.rate-limit.lines is " + limit.getLines()
                    + ", but it must be at least 1 (the crash and restart lines logged per ecosystem in one interval).",
                    "Set foundation.beam.logging.rate-limit.lines to 1 or more, or turn the logging off with "
                            + "foundation.beam.logging.enabled=false.");
        }
        Duration interval = limit.getInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new BeamConfigurationException("foundation.beam.logging.rate-limit.interval is " + interval
                    + ", but it must be a positive duration.",
                    "Set foundation.beam.logging.rate-limit.interval to a positive duration such as 1m.");
        }
        return new BeamEventLogger(() -> {
            EcosystemRegistry found = ecosystems.getIfAvailable();
            return found != null ? found.ecosystems() : List.<Ecosystem>of();
        }, limit.getLines(), interval, Ticker.system());
    }
}
