package io.foundation.beam.boot.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.observer.ObserverEndpoint;
import io.foundation.beam.boot.actuate.observer.ObserverSampler;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.ClusterTestSupport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The observer's auto-configuration: when it exists, its access, its settings and their failures, backing off. */
class ObserverEndpointAutoConfigurationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    EndpointAutoConfiguration.class, ObserverEndpointAutoConfiguration.class))
            .withUserConfiguration(OrdersWorker.class)
            .withPropertyValues("management.endpoints.web.exposure.include=observer");

    @Worker(ecosystem = "orders", workers = 2)
    static class OrdersWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Test
    void isCreatedWhenExposedAndAccessibleAndNotOtherwise() {
        runner.run(context -> assertThat(context).hasSingleBean(ObserverEndpoint.class)
                .hasSingleBean(ObserverSampler.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(ObserverEndpoint.class)
                        .doesNotHaveBean(ObserverSampler.class));
        runner.withPropertyValues("management.endpoint.observer.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(ObserverEndpoint.class)
                        .doesNotHaveBean(ObserverSampler.class));
        runner.withClassLoader(new FilteredClassLoader("tools.jackson.databind"))
                .run(context -> assertThat(context).doesNotHaveBean(ObserverSampler.class));
    }

    @Test
    void thePageMayActOnlyWithUnrestrictedAccess() {
        runner.run(context -> {
            assertThat(context.getBean(ObserverSampler.class).writable()).isFalse();
            assertThat(context.getBean(ObserverEndpoint.class).page()).contains("\"write\":false");
        });
        runner.withPropertyValues("management.endpoint.observer.access=UNRESTRICTED").run(context -> {
            assertThat(context.getBean(ObserverSampler.class).writable()).isTrue();
            assertThat(context.getBean(ObserverEndpoint.class).page()).contains("\"write\":true");
        });
        // Boot's ceiling wins over the endpoint's own property
        runner.withPropertyValues("management.endpoint.observer.access=UNRESTRICTED",
                "management.endpoints.access.max-permitted=READ_ONLY")
                .run(context -> assertThat(context.getBean(ObserverSampler.class).writable()).isFalse());
    }

    @Test
    void takesItsSettingsFromTheProperties() {
        runner.withPropertyValues("foundation.beam.observer.interval=250ms", "foundation.beam.observer.top=50")
                .run(context -> {
                    ObserverSampler sampler = context.getBean(ObserverSampler.class);
                    assertThat(sampler.interval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(sampler.top()).isEqualTo(50);
                    assertThat(context.getBean(ObserverEndpoint.class).page()).contains("\"intervalMillis\":250")
                            .contains("\"top\":50");
                });
    }

    @Test
    void failsTheStartupNamingAnInvalidSetting() {
        assertInvalid("foundation.beam.observer.top=0", "foundation.beam.observer.top", "1 to 100");
        assertInvalid("foundation.beam.observer.top=101", "foundation.beam.observer.top", "1 to 100");
        assertInvalid("foundation.beam.observer.interval=10ms", "foundation.beam.observer.interval",
                "a duration from 100ms to 1m");
        assertInvalid("foundation.beam.observer.heartbeat=500ms", "foundation.beam.observer.heartbeat",
                "at least 1s");
    }

    private void assertInvalid(String property, String name, String requirement) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof BeamConfigurationException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(BeamConfigurationException.class);
            BeamConfigurationException e = (BeamConfigurationException) failure;
            assertThat(e.description()).contains("The observer has").contains(name).contains(requirement);
            assertThat(e.action()).startsWith("Set " + name + " to " + requirement);
        });
    }

    @Test
    void showsTheClusterWhenTheRuntimeIsInOne() {
        int port = ClusterTestSupport.freePort();
        runner.withConfiguration(AutoConfigurations.of(BeamClusterAutoConfiguration.class))
                .withPropertyValues("foundation.beam.runtime.name=node-a", "foundation.beam.cluster.enabled=true",
                        "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                        "foundation.beam.cluster.initial-members=127.0.0.1:" + port,
                        "foundation.beam.cluster.join-timeout=200ms")
                .run(context -> {
                    JsonNode cluster = JSON.readTree(context.getBean(ObserverSampler.class).sampleJson())
                            .get("cluster");
                    assertThat(cluster.get("node").asString()).isEqualTo("node-a");
                    assertThat(cluster.get("members")).hasSize(1);
                    assertThat(cluster.get("members").get(0).get("name").asString()).isEqualTo("node-a");
                    assertThat(cluster.get("members").get(0).get("self").asBoolean()).isTrue();
                });
        runner.run(context -> assertThat(JSON.readTree(context.getBean(ObserverSampler.class).sampleJson())
                .get("cluster").isNull()).isTrue());
    }

    @Test
    void failsTheStartupClearlyForARuntimeItCannotSample() {
        runner.withBean(BeamRuntime.class, () -> (BeamRuntime) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BeamRuntime.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                })).run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (!(failure instanceof BeamConfigurationException) && failure.getCause() != null) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).isInstanceOf(BeamConfigurationException.class)
                            .hasMessageContaining("cannot sample the application's BeamRuntime bean");
                    assertThat(((BeamConfigurationException) failure).action())
                            .contains("management.endpoint.observer.access=none");
                });
    }

    @Test
    void backsOffToAUserDefinedSampler() {
        runner.withUserConfiguration(OwnSampler.class).run(context -> {
            assertThat(context).hasSingleBean(ObserverSampler.class);
            assertThat(context.getBean(ObserverSampler.class).top()).isEqualTo(7);
            assertThat(context).hasSingleBean(ObserverEndpoint.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSampler {
        @Bean(destroyMethod = "close")
        ObserverSampler ownSampler(BeamRuntime runtime, EcosystemRegistry registry) {
            return new ObserverSampler(runtime, registry, new ObserverSampler.Settings(Duration.ofSeconds(1), 7,
                    Duration.ofSeconds(15)), () -> null, () -> false, String::valueOf, Clock.systemUTC());
        }
    }
}
