package io.foundation.beam.boot.autoconfigure.metrics;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.metrics.BeamMetrics;
import io.foundation.beam.ecosystem.Ecosystem;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Foundation BEAM's Micrometer meters ({@link BeamMetrics}, names in
 * {@code BeamMetricNames}): a telemetry listener of the {@link BeamRuntime} bean that registers the meters in the
 * application's {@link MeterRegistry}. Backs off to a user-defined {@link BeamMetrics}. The declared ecosystems'
 * state gauges and counters are registered once the context's singletons exist, before the ecosystems start.
 */
@AutoConfiguration(after = { BeamAutoConfiguration.class, EcosystemAutoConfiguration.class }, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, BeamRuntime.class })
public final class BeamMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BeamMetrics foundationBeamMetrics(MeterRegistry registry, ObjectProvider<EcosystemRegistry> ecosystems) {
        return new BeamMetrics(registry, () -> {
            EcosystemRegistry found = ecosystems.getIfAvailable();
            return found != null ? found.ecosystems() : List.<Ecosystem>of();
        });
    }

    /**
     * Binds the declared ecosystems' state gauges and counters once the context's singletons exist (the
     * {@link EcosystemRegistry} among them, which {@link BeamMetrics} cannot depend on directly: the runtime it
     * listens to comes first), before the ecosystems start in their {@code SmartLifecycle} phase.
     */
    @Bean
    SmartInitializingSingleton foundationBeamMetricsBinding(ObjectProvider<BeamMetrics> metrics) {
        return () -> metrics.ifAvailable(BeamMetrics::bindDeclaredEcosystems);
    }
}
