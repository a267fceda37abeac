package io.foundation.beam.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.health.EcosystemHealthIndicator;
import io.foundation.beam.boot.health.EcosystemHealthStatusMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health contributor: created per ecosystem, disabled by property, backs off, joins readiness only. */
class EcosystemHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    EcosystemHealthContributorAutoConfiguration.class))
            .withUserConfiguration(OrdersWorker.class, PaymentsWorker.class);

    /** The health endpoint's own auto-configuration, with the probes (on by default in Boot 4). */
    private final ApplicationContextRunner withEndpoint = runner.withConfiguration(AutoConfigurations.of(
            ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
            HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
            EndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
            AvailabilityProbesAutoConfiguration.class));

    @Worker(ecosystem = "orders")
    static class OrdersWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Worker(ecosystem = "payments")
    static class PaymentsWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Test
    void registersOneIndicatorPerEcosystemUnderEcosystems() {
        runner.run(context -> {
            assertThat(context).hasBean("ecosystemsHealthContributor")
                    .hasSingleBean(EcosystemHealthStatusMapper.class);
            CompositeHealthContributor composite = context.getBean("ecosystemsHealthContributor",
                    CompositeHealthContributor.class);
            assertThat(composite.stream().map(e -> e.name())).containsExactly("orders", "payments");
            HealthContributor orders = composite.getContributor("orders");
            assertThat(orders).isInstanceOf(EcosystemHealthIndicator.class);
            Health health = ((HealthIndicator) orders).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "HEALTHY");
        });
    }

    @Test
    void isSwitchedOffByManagementHealthEcosystemsEnabled() {
        runner.withPropertyValues("management.health.ecosystems.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean("ecosystemsHealthContributor"));
    }

    @Test
    void isAbsentWhenFoundationBeamIsDisabled() {
        runner.withPropertyValues("foundation.beam.enabled=false").run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean("ecosystemsHealthContributor"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMapper {
        @Bean
        EcosystemHealthStatusMapper strictMapper() {
            return health -> Status.OUT_OF_SERVICE;
        }
    }

    @Test
    void usesTheApplicationsStatusMapper() {
        runner.withUserConfiguration(UserMapper.class).run(context -> {
            CompositeHealthContributor composite = context.getBean("ecosystemsHealthContributor",
                    CompositeHealthContributor.class);
            assertThat(((HealthIndicator) composite.getContributor("orders")).health().getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserContributor {
        @Bean
        HealthIndicator ecosystemsHealthContributor() {
            return () -> Health.up().withDetail("mine", true).build();
        }
    }

    @Test
    void backsOffToAUserContributorOfThatName() {
        runner.withUserConfiguration(UserContributor.class).run(context -> assertThat(
                context.getBean("ecosystemsHealthContributor")).isInstanceOf(HealthIndicator.class)
                .isNotInstanceOf(CompositeHealthContributor.class));
    }

    @Test
    void joinsTheReadinessGroupButNeverLiveness() {
        withEndpoint.run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("ecosystems")).isTrue();
            assertThat(groups.get("readiness").isMember("ecosystems/orders")).isTrue();
            assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
            assertThat(groups.get("readiness").isMember("diskSpace")).isFalse();
            assertThat(groups.get("liveness").isMember("ecosystems")).isFalse();
            assertThat(groups.get("liveness").isMember("ecosystems/orders")).isFalse();
            assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
        });
    }

    @Test
    void leavesAReadinessGroupThatTheApplicationConfiguresAlone() {
        withEndpoint.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
                .run(context -> {
                    HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                    assertThat(groups.get("readiness").isMember("ecosystems/orders")).isFalse();
                    assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
                });
    }

    @Test
    void startsWithGroupValidationOnWhenTheContributorIsSwitchedOff() {
        withEndpoint.withPropertyValues("management.health.ecosystems.enabled=false",
                "management.endpoint.health.validate-group-membership=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(HealthEndpointGroups.class).get("readiness")).isNotNull();
                });
    }
}
