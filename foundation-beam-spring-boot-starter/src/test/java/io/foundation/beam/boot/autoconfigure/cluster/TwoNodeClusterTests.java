package io.foundation.beam.boot.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.health.BeamClusterHealthContributorAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.metrics.BeamClusterMetricsAutoConfiguration;
import io.foundation.beam.boot.metrics.BeamMetricNames;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import io.foundation.beam.telemetry.BeamEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Two applications in one JVM, nodes {@code alpha} and {@code beta} on 127.0.0.1: each sees the other as a member,
 * the health of each shows both, and when {@code beta} closes {@code alpha} sees it down in its health, its meters,
 * its log and its application events. Also: the {@code cluster} contributor is in the readiness group only, and is
 * switched off by its property.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoNodeClusterTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, BeamClusterAutoConfiguration.class,
                    BeamClusterHealthContributorAutoConfiguration.class, BeamClusterMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    EndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                    AvailabilityProbesAutoConfiguration.class))
            .withUserConfiguration(NodeEvents.class);

    private ApplicationContextRunner node(String name, int port, int... members) {
        StringBuilder initial = new StringBuilder();
        for (int member : members) {
            initial.append(initial.isEmpty() ? "" : ",").append("127.0.0.1:").append(member);
        }
        return runner.withPropertyValues("foundation.beam.runtime.name=" + name, "foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                "foundation.beam.cluster.initial-members=" + initial, "foundation.beam.cluster.join-timeout=200ms");
    }

    /** Records the node events published as application events. */
    @Configuration(proxyBeanMethods = false)
    static class NodeEvents {

        final List<NodeEvent> events = new CopyOnWriteArrayList<>();
        final List<BeamEvent> telemetry = new CopyOnWriteArrayList<>();

        @EventListener
        void on(NodeEvent event) {
            events.add(event);
        }

        @EventListener
        void on(BeamEvent event) {
            telemetry.add(event);
        }
    }

    private static Health health(AssertableApplicationContext context) {
        return context.getBean("clusterHealthIndicator", HealthIndicator.class).health();
    }

    private static double count(AssertableApplicationContext context, String event) {
        return context.getBean(MeterRegistry.class).get(BeamMetricNames.CLUSTER_NODE_EVENTS)
                .tag(BeamMetricNames.TAG_EVENT, event).counter().count();
    }

    private static double nodes(AssertableApplicationContext context) {
        return context.getBean(MeterRegistry.class).get(BeamMetricNames.CLUSTER_NODES).gauge().value();
    }

    @Test
    void eachSeesTheOtherAndTheSurvivorSeesTheOtherLeave(CapturedOutput output) {
        int alphaPort = ClusterTestSupport.freePort();
        int betaPort = ClusterTestSupport.freePort();
        node("alpha", alphaPort, alphaPort, betaPort).run(alpha -> {
            assertThat(alpha).hasNotFailed();
            BeamCluster alphaCluster = alpha.getBean(BeamCluster.class);
            assertThat(health(alpha).getDetails()).containsEntry("node", "alpha")
                    .containsEntry("members", List.of("alpha")).containsEntry("memberCount", 1);
            assertThat(nodes(alpha)).isEqualTo(1.0);
            assertThat(count(alpha, "up")).isZero();
            assertThat(count(alpha, "down")).isZero();

            node("beta", betaPort, alphaPort, betaPort).run(beta -> {
                assertThat(beta).hasNotFailed();
                BeamCluster betaCluster = beta.getBean(BeamCluster.class);
                await().atMost(WAIT).until(() -> names(alphaCluster.nodes()).equals(List.of("beta"))
                        && names(betaCluster.nodes()).equals(List.of("alpha")));
                for (AssertableApplicationContext context : List.of(alpha, beta)) {
                    Health health = health(context);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("members", List.of("alpha", "beta"))
                            .containsEntry("memberCount", 2);
                    assertThat(nodes(context)).isEqualTo(2.0);
                }
                assertThat(health(beta).getDetails()).containsEntry("node", "beta");
                await().atMost(WAIT).until(() -> count(alpha, "up") == 1.0);
                assertThat(output).containsPattern("INFO .*io\\.foundation\\.beam\\.cluster .*Cluster node beta is up "
                        + "\\(seen from node alpha\\); members up now: \\[alpha, beta\\]");
            });

            await().atMost(WAIT).until(() -> alphaCluster.nodes().isEmpty() && count(alpha, "down") == 1.0);
            assertThat(nodes(alpha)).isEqualTo(1.0);
            assertThat(count(alpha, "up")).isEqualTo(1.0);
            assertThat(health(alpha).getDetails()).containsEntry("members", List.of("alpha"));
            await().atMost(WAIT).until(() -> output.getAll().contains("Cluster node beta is down"));
            assertThat(output).containsPattern("WARN .*io\\.foundation\\.beam\\.cluster .*Cluster node beta is down "
                    + "\\(seen from node alpha\\): links and monitors to its processes fired with noconnection; "
                    + "members up now: \\[alpha\\]");
            assertThat(output).doesNotContain("Cluster node alpha is down");
            List<NodeEvent> events = alpha.getBean(NodeEvents.class).events;
            assertThat(events).extracting(e -> e.getClass().getSimpleName() + " " + e.node().name())
                    .containsExactly("NodeUp beta", "NodeDown beta");
            assertThat(events.get(0)).isInstanceOf(NodeUp.class);
            assertThat(events.get(1)).isInstanceOf(NodeDown.class);
            // the runtime's telemetry had them too, but they are published once, as the cluster's events; other
            // telemetry events are published
            alpha.getBean(BeamRuntime.class).spawn(ctx -> { });
            assertThat(alpha.getBean(NodeEvents.class).telemetry)
                    .hasAtLeastOneElementOfType(BeamEvent.ProcessSpawned.class)
                    .noneMatch(e -> e instanceof BeamEvent.NodeUp || e instanceof BeamEvent.NodeDown);
        });
    }

    @Test
    void theContributorIsInReadinessOnlyAndHasASwitch() {
        int port = ClusterTestSupport.freePort();
        node("gamma", port, port).run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("cluster")).isTrue();
            assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
            assertThat(groups.get("liveness").isMember("cluster")).isFalse();
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
        });
        node("gamma", port, port).withPropertyValues("management.health.cluster.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("clusterHealthIndicator"));
    }

    private static List<String> names(Set<Node> nodes) {
        return nodes.stream().map(Node::name).sorted().toList();
    }
}
