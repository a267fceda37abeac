package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.endpoint.EcosystemsEndpointAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.health.EcosystemHealthContributorAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.metrics.BeamMetricsAutoConfiguration;
import io.foundation.beam.boot.ecosystem.HandlerObservation;
import io.foundation.beam.boot.metrics.BeamMetricNames;
import io.foundation.beam.boot.metrics.BeamMetrics;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.telemetry.BeamEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The optional integrations: the starter works without Actuator and Micrometer; meters, application events and
 * observations are each created, switched off by their property, or backed off.
 */
class ObservabilityAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    BeamObservationAutoConfiguration.class, EcosystemHealthContributorAutoConfiguration.class,
                    EcosystemsEndpointAutoConfiguration.class, BeamMetricsAutoConfiguration.class))
            .withUserConfiguration(EchoWorker.class);

    @Worker(ecosystem = "echo")
    static class EchoWorker {
        @HandleMessage
        String echo(String message) {
            return message;
        }
    }

    @Test
    void worksWithoutActuatorHealthAndMicrometerOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.",
                "org.springframework.boot.health.", "io.micrometer."))
                .withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("ecosystemsHealthContributor")
                            .doesNotHaveBean(EcosystemsEndpoint.class).doesNotHaveBean(BeamMetrics.class)
                            .doesNotHaveBean(HandlerObservation.class);
                    Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
                    assertThat(echo.submit("hi").get(5, TimeUnit.SECONDS)).isEqualTo("hi");
                });
    }

    @Test
    void observationsWithoutAnObservationRegistryFailTheStartupNamingTheProperty() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer."))
                .withPropertyValues("foundation.beam.observations.enabled=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new BeamConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("foundation.beam.observations.enabled is true")
                            .contains("no ObservationRegistry bean");
                    assertThat(analysis.getAction()).contains("spring-boot-starter-actuator")
                            .contains("foundation.beam.observations.enabled=false");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void registersTheMetersWhenThereIsAMeterRegistry() {
        runner.withUserConfiguration(Meters.class).run(context -> {
            assertThat(context).hasSingleBean(BeamMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
            echo.submit("hi").get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get(BeamMetricNames.MESSAGES_PROCESSED)
                    .tag(BeamMetricNames.TAG_ECOSYSTEM, "echo").tag(BeamMetricNames.TAG_OUTCOME, "succeeded")
                    .counter().count() == 1);
            assertThat(registry.get(BeamMetricNames.PROCESSES).tag(BeamMetricNames.TAG_ECOSYSTEM, "echo")
                    .tag(BeamMetricNames.TAG_ROLE, "worker").gauge().value()).isEqualTo(1);
        });
        runner.run(context -> assertThat(context).doesNotHaveBean(BeamMetrics.class));
    }

    @Test
    void recordsEachMessageTakenWhenAnEcosystemHasMessageAnalytics() {
        runner.withUserConfiguration(Meters.class)
                .withPropertyValues("foundation.beam.ecosystems.echo.message-analytics=true").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
                    List<CompletableFuture<Object>> results = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        results.add(echo.submit("message " + i));
                    }
                    assertThat(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                            .succeedsWithin(Duration.ofSeconds(5));
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        EcosystemMessageStats stats = echo.messageStats().orElseThrow();
                        assertThat(stats.workers().messages()).isEqualTo(25);
                        for (String role : List.of("worker", "coordinator")) {
                            long messages = role.equals("worker") ? stats.workers().messages()
                                    : stats.coordinator().messages();
                            long bytes = role.equals("worker") ? stats.workers().estimatedBytes()
                                    : stats.coordinator().estimatedBytes();
                            Timer wait = registry.get(BeamMetricNames.MESSAGE_QUEUE_WAIT)
                                    .tag(BeamMetricNames.TAG_ECOSYSTEM, "echo").tag(BeamMetricNames.TAG_ROLE, role)
                                    .timer();
                            DistributionSummary size = registry.get(BeamMetricNames.MESSAGE_SIZE)
                                    .tag(BeamMetricNames.TAG_ECOSYSTEM, "echo").tag(BeamMetricNames.TAG_ROLE, role)
                                    .summary();
                            assertThat(wait.count()).as(role).isEqualTo(messages);
                            assertThat(size.count()).as(role).isEqualTo(messages);
                            assertThat(size.totalAmount()).as(role).isEqualTo((double) bytes);
                        }
                    });
                });
        runner.withUserConfiguration(Meters.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
            assertThat(echo.submit("hi")).succeedsWithin(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get(BeamMetricNames.MESSAGES_PROCESSED)
                    .tag(BeamMetricNames.TAG_ECOSYSTEM, "echo").tag(BeamMetricNames.TAG_OUTCOME, "succeeded")
                    .counter().count() == 1);
            assertThat(echo.messageStats()).isEmpty();
            assertThat(registry.find(BeamMetricNames.MESSAGE_QUEUE_WAIT).meters()).isEmpty();
            assertThat(registry.find(BeamMetricNames.MESSAGE_SIZE).meters()).isEmpty();
        });
    }

    @Test
    void bootsDistributionPropertiesGiveTheMessageMetersBucketsAndPercentiles() {
        runner.withConfiguration(AutoConfigurations.of(
                org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration.class,
                org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration.class,
                org.springframework.boot.micrometer.metrics.autoconfigure.export.simple
                        .SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("foundation.beam.ecosystems.echo.message-analytics=true",
                        "management.metrics.distribution.slo.foundation.beam.message.queue.wait=1ms,100ms",
                        "management.metrics.distribution.slo.foundation.beam.message.size=64,1024,16384",
                        "management.metrics.distribution.percentiles.foundation.beam.message=0.5,0.99")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
                    assertThat(echo.submit("hi")).succeedsWithin(Duration.ofSeconds(5));
                    await().atMost(Duration.ofSeconds(5)).until(() -> registry.find(BeamMetricNames.MESSAGE_SIZE)
                            .tag(BeamMetricNames.TAG_ROLE, "worker").summary() != null);
                    HistogramSnapshot waits = registry.get(BeamMetricNames.MESSAGE_QUEUE_WAIT)
                            .tag(BeamMetricNames.TAG_ROLE, "worker").timer().takeSnapshot();
                    // SimpleMeterRegistry shows SLO buckets and percentiles; percentiles-histogram (aggregable
                    // buckets) needs a registry that supports them, such as Prometheus.
                    assertThat(waits.histogramCounts()).extracting(c -> c.bucket(TimeUnit.MILLISECONDS))
                            .containsExactly(1.0, 100.0);
                    assertThat(waits.percentileValues()).extracting(v -> v.percentile()).containsExactly(0.5, 0.99);
                    HistogramSnapshot sizes = registry.get(BeamMetricNames.MESSAGE_SIZE)
                            .tag(BeamMetricNames.TAG_ROLE, "worker").summary().takeSnapshot();
                    assertThat(sizes.histogramCounts()).extracting(c -> c.bucket()).containsExactly(64.0, 1024.0,
                            16384.0);
                    assertThat(sizes.percentileValues()).hasSize(2);
                });
    }

    /** Collects the telemetry republished as application events. */
    static class Collector {
        final List<BeamEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(BeamEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        @Bean
        Collector collector() {
            return new Collector();
        }
    }

    @Test
    void publishesTelemetryAsApplicationEvents() {
        runner.withUserConfiguration(Listening.class).run(context -> {
            Collector collector = context.getBean(Collector.class);
            assertThat(collector.events).anySatisfy(e -> assertThat(e)
                    .isInstanceOfSatisfying(BeamEvent.EcosystemStarted.class,
                            s -> assertThat(s.ecosystem()).isEqualTo("echo")));
            context.getBean(EcosystemRegistry.class).get("echo").submit("hi").get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> collector.events.stream()
                    .anyMatch(BeamEvent.WorkProcessed.class::isInstance));
        });
    }

    @Test
    void publishesNoApplicationEventWhenSwitchedOff() {
        runner.withUserConfiguration(Listening.class).withPropertyValues("foundation.beam.events.enabled=false")
                .run(context -> {
                    context.getBean(EcosystemRegistry.class).get("echo").submit("hi").get(5, TimeUnit.SECONDS);
                    assertThat(context).doesNotHaveBean(ApplicationEventPublishingListener.class);
                    assertThat(context.getBean(Collector.class).events).isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    @Test
    void observesMessageHandlingWhenEnabled() {
        runner.withUserConfiguration(Observations.class).withPropertyValues("foundation.beam.observations.enabled=true")
                .run(context -> {
                    context.getBean(EcosystemRegistry.class).get("echo").submit("hi").get(5, TimeUnit.SECONDS);
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("foundation.beam.message").that()
                            .hasBeenStarted().hasBeenStopped()
                            .hasLowCardinalityKeyValue("ecosystem", "echo")
                            .hasLowCardinalityKeyValue("role", "worker")
                            .hasLowCardinalityKeyValue("message.type", "String");
                });
    }

    @Test
    void observesNothingByDefault() {
        runner.withUserConfiguration(Observations.class).run(context -> {
            context.getBean(EcosystemRegistry.class).get("echo").submit("hi").get(5, TimeUnit.SECONDS);
            assertThat(context).doesNotHaveBean(HandlerObservation.class);
            TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                    .doesNotHaveAnyObservation();
        });
    }
}
