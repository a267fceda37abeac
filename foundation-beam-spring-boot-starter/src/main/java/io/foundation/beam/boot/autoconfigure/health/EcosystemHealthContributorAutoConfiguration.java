package io.foundation.beam.boot.autoconfigure.health;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.health.EcosystemHealthIndicator;
import io.foundation.beam.boot.health.EcosystemHealthStatusMapper;
import io.foundation.beam.ecosystem.Ecosystem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the ecosystems' health: a composite contributor {@code ecosystems} with one
 * {@link EcosystemHealthIndicator} per ecosystem ({@code /actuator/health/ecosystems/<name>}), its status given by an
 * {@link EcosystemHealthStatusMapper} bean (default: DOWN only when critical), and the {@code ecosystems}
 * contributor in the {@code readiness} group (never in {@code liveness}) unless the application configures that
 * group's members. Switched off with {@code management.health.ecosystems.enabled=false}. Backs off to a user bean
 * named {@code ecosystemsHealthContributor}.
 */
@AutoConfiguration(after = EcosystemAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnBean(EcosystemRegistry.class)
public final class EcosystemHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnEnabledHealthIndicator("ecosystems")
    @ConditionalOnMissingBean
    EcosystemHealthStatusMapper ecosystemHealthStatusMapper() {
        return EcosystemHealthStatusMapper.DEFAULT;
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("ecosystems")
    @ConditionalOnMissingBean(name = "ecosystemsHealthContributor")
    CompositeHealthContributor ecosystemsHealthContributor(EcosystemRegistry registry,
            EcosystemHealthStatusMapper mapper) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (Ecosystem ecosystem : registry.ecosystems()) {
            indicators.put(ecosystem.name(), new EcosystemHealthIndicator(ecosystem, mapper));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    /** The readiness group, when the health endpoint's groups are there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    @ConditionalOnEnabledHealthIndicator("ecosystems")
    static class ReadinessGroupConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "ecosystemReadinessGroupPostProcessor")
        static ReadinessGroupPostProcessor ecosystemReadinessGroupPostProcessor(Environment environment) {
            return new ReadinessGroupPostProcessor(environment);
        }
    }
}
