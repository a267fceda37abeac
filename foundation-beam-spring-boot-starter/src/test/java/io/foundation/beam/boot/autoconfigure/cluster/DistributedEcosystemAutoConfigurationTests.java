package io.foundation.beam.boot.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.DistributedEcosystemDescriptor;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.endpoint.EcosystemsEndpointAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.health.BeamClusterHealthContributorAutoConfiguration;
import io.foundation.beam.boot.health.ClusterHealthIndicator;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.boot.autoconfigure.metrics.BeamClusterMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A distributed ecosystem from properties ({@code foundation.beam.ecosystems.<name>.distribution.*}) on a one-node
 * cluster with itself as the only Raft voter: it takes work, the {@code ecosystems} endpoint's cluster section and the
 * cluster's health show its coordinator and epoch; settings that cannot work fail the startup naming the property.
 */
class DistributedEcosystemAutoConfigurationTests {

    @TempDir
    Path logs;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    BeamClusterAutoConfiguration.class, BeamClusterHealthContributorAutoConfiguration.class,
                    EcosystemsEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, BeamClusterMetricsAutoConfiguration.class))
            .withUserConfiguration(OrdersWorker.class)
            .withPropertyValues("management.endpoints.web.exposure.include=ecosystems");

    @Worker(ecosystem = "orders")
    static class OrdersWorker {
        @HandleMessage
        String handle(String order) {
            return "shipped " + order;
        }
    }

    private ApplicationContextRunner clusterOfOne() {
        int port = ClusterTestSupport.freePort();
        return runner.withPropertyValues("foundation.beam.runtime.name=node-a", "foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                "foundation.beam.cluster.initial-members=127.0.0.1:" + port,
                "foundation.beam.cluster.join-timeout=200ms", "foundation.beam.cluster.raft.members=node-a",
                "foundation.beam.cluster.raft.log-directory=" + logs.resolve("node-a"));
    }

    @Test
    void aDistributedEcosystemFromPropertiesTakesWorkAndShowsItsCoordinator() {
        clusterOfOne().withPropertyValues("foundation.beam.ecosystems.orders.workers=3",
                "foundation.beam.ecosystems.orders.distribution.policy=cluster-wide",
                "foundation.beam.ecosystems.orders.distribution.placement=least-loaded").run(context -> {
                    assertThat(context).hasNotFailed();
                    Ecosystem orders = context.getBean(EcosystemRegistry.class).find("orders").orElseThrow();
                    assertThat(orders.config().distribution()).isEqualTo(Distribution.clusterWide()
                            .withPlacement(Distribution.Placement.LEAST_LOADED));
                    assertThat(orders.submit("o-1").get(30, TimeUnit.SECONDS)).isEqualTo("shipped o-1");
                    EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
                    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                        DistributedEcosystemDescriptor d = endpoint.ecosystems().cluster().ecosystems().get(0);
                        assertThat(d.name()).isEqualTo("orders");
                        assertThat(d.policy()).isEqualTo("cluster-wide");
                        assertThat(d.coordinatorNode()).isEqualTo("node-a");
                        assertThat(d.epoch()).isPositive();
                        assertThat(d.workersByNode()).isEqualTo(Map.of("node-a", 3));
                        assertThat(d.available()).isTrue();
                    });
                    Health health = context.getBean(ClusterHealthIndicator.class).health();
                    assertThat(health.getDetails()).containsKey("ecosystems");
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> ecosystems = (Map<String, Map<String, Object>>) health
                            .getDetails().get("ecosystems");
                    assertThat(ecosystems.get("orders")).containsEntry("coordinator", "node-a")
                            .containsEntry("available", true).containsKey("epoch");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("foundation.beam.ecosystem.distributed.epoch").tag("ecosystem", "orders")
                            .gauge().value()).isPositive();
                    assertThat(meters.get("foundation.beam.ecosystem.distributed.coordinator")
                            .tag("ecosystem", "orders").gauge().value()).isEqualTo(1.0);
                    assertThat(meters.get("foundation.beam.ecosystem.distributed.available")
                            .tag("ecosystem", "orders").gauge().value()).isEqualTo(1.0);
                    assertThat(meters.get("foundation.beam.ecosystem.distributed.pending")
                            .tag("ecosystem", "orders").gauge().value()).isZero();
                    assertThat(meters.get("foundation.beam.ecosystem.distributed.workers").tag("ecosystem", "orders")
                            .tag("node", "node-a").gauge().value()).isEqualTo(3.0);
                });
    }

    @Test
    void placementForALocalOnlyEcosystemFailsTheStartupNamingTheProperty() {
        runner.withPropertyValues("foundation.beam.ecosystems.orders.distribution.placement=random").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "foundation.beam.ecosystems.orders.distribution.placement").hasMessageContaining("cluster-wide");
        });
    }

    @Test
    void nodesWithoutExplicitNodesFailTheStartupNamingTheProperty() {
        runner.withPropertyValues("foundation.beam.ecosystems.orders.distribution.policy=cluster-wide",
                "foundation.beam.ecosystems.orders.distribution.nodes=a,b").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "foundation.beam.ecosystems.orders.distribution.nodes");
                });
    }

    @Test
    void aDistributedEcosystemWithoutTheClusterFailsTheStartupSayingWhatToEnable() {
        runner.withPropertyValues("foundation.beam.ecosystems.orders.distribution.policy=cluster-wide")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("ecosystem 'orders' is distributed (policy cluster-wide)")
                            .hasMessageContaining("foundation.beam.cluster.enabled=true");
                });
    }
}
