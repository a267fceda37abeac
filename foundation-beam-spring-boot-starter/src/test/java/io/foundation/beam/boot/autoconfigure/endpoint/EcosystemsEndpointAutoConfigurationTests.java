package io.foundation.beam.boot.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsAccessEnvironmentPostProcessor;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.ClusterTestSupport;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.FaultTolerance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.core.env.StandardEnvironment;

/** The endpoint's auto-configuration and its operations, called as Actuator calls them. */
class EcosystemsEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    EcosystemsEndpointAutoConfiguration.class))
            .withUserConfiguration(OrdersWorker.class)
            .withPropertyValues("management.endpoints.web.exposure.include=ecosystems");

    @Worker(ecosystem = "orders", workers = 3, faultTolerance = FaultTolerance.SELF_HEALING)
    static class OrdersWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Test
    void isCreatedWhenExposedAndNotOtherwise() {
        runner.run(context -> assertThat(context).hasSingleBean(EcosystemsEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(EcosystemsEndpoint.class));
        runner.withPropertyValues("management.endpoint.ecosystems.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(EcosystemsEndpoint.class));
    }

    @Test
    void listsTheEcosystems() {
        runner.run(context -> {
            EcosystemsEndpoint.EcosystemsDescriptor list = context.getBean(EcosystemsEndpoint.class).ecosystems();
            assertThat(list.ecosystems()).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("orders");
                assertThat(e.status()).isEqualTo("HEALTHY");
                assertThat(e.running()).isTrue();
                assertThat(e.topology()).isEqualTo("tree");
                assertThat(e.faultTolerance()).isEqualTo("self-healing");
                assertThat(e.workers()).isEqualTo(3);
                assertThat(e.workersAlive()).isEqualTo(3);
                assertThat(e.processes()).isEqualTo(4);
            });
        });
    }

    @Test
    void listsTheClusterWhenTheRuntimeIsInOne() {
        int port = ClusterTestSupport.freePort();
        runner.withConfiguration(AutoConfigurations.of(BeamClusterAutoConfiguration.class))
                .withPropertyValues("foundation.beam.runtime.name=node-a", "foundation.beam.cluster.enabled=true",
                        "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                        "foundation.beam.cluster.initial-members=127.0.0.1:" + port,
                        "foundation.beam.cluster.join-timeout=200ms")
                .run(context -> {
                    BeamCluster cluster = context.getBean(BeamCluster.class);
                    EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
                    assertThat(endpoint.ecosystems().cluster()).isEqualTo(new EcosystemsEndpoint.ClusterDescriptor(
                            "node-a", false, List.of(new EcosystemsEndpoint.NodeDescriptor("node-a",
                                    cluster.self().incarnation())), List.of()));
                    cluster.close();
                    assertThat(endpoint.ecosystems().cluster().closed()).isTrue();
                });
        // not in a cluster, or without the cluster module: no cluster section
        runner.run(context -> assertThat(context.getBean(EcosystemsEndpoint.class).ecosystems().cluster()).isNull());
        runner.withClassLoader(new FilteredClassLoader("io.foundation.beam.cluster."))
                .run(context -> assertThat(context.getBean(EcosystemsEndpoint.class).ecosystems().cluster()).isNull());
    }

    @Test
    void showsOneEcosystemsLiveTree() {
        runner.run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
            EcosystemsEndpoint.EcosystemDescriptor tree = endpoint.ecosystem("orders");
            assertThat(tree.supervisor().role()).isEqualTo("supervisor");
            assertThat(tree.supervisor().process()).startsWith("<beam.");
            assertThat(tree.coordinator().role()).isEqualTo("coordinator");
            assertThat(tree.coordinator().index()).isNull();
            assertThat(tree.workerProcesses()).extracting(EcosystemsEndpoint.MemberDescriptor::index)
                    .containsExactly(0, 1, 2);
            assertThat(tree.workerProcesses()).allSatisfy(w -> {
                assertThat(w.status()).isNotEqualTo("DEAD");
                assertThat(w.memoryBytes()).isPositive();
                assertThat(w.restarts()).isZero();
            });
            assertThat(endpoint.ecosystem("nope")).isNull();
        });
    }

    @Test
    void showsMessageAnalyticsOnlyWhenTheEcosystemKeepsThem() {
        runner.run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
            assertThat(endpoint.ecosystem("orders").messageAnalytics()).isFalse();
            assertThat(endpoint.ecosystem("orders").messages()).isNull();
            assertThat(endpoint.ecosystems().ecosystems().getFirst().messages()).isNull();
        });
        runner.withPropertyValues("foundation.beam.ecosystems.orders.message-analytics=true").run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
            Ecosystem orders = context.getBean(EcosystemRegistry.class).get("orders");
            List<CompletableFuture<Object>> results = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                results.add(orders.submit(i));
            }
            assertThat(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                    .succeedsWithin(Duration.ofSeconds(5));
            EcosystemsEndpoint.EcosystemDescriptor tree = endpoint.ecosystem("orders");
            assertThat(tree.messageAnalytics()).isTrue();
            EcosystemsEndpoint.RoleMessages workers = tree.messages().workers();
            assertThat(workers.messages()).isEqualTo(21);
            assertThat(workers.sizeHistogram().stream().mapToLong(EcosystemsEndpoint.Bucket::count).sum())
                    .isEqualTo(21);
            assertThat(workers.queueWaitHistogram().stream().mapToLong(EcosystemsEndpoint.Bucket::count).sum())
                    .isEqualTo(21);
            assertThat(workers.sizeHistogram().getLast().upTo()).isNull();
            assertThat(workers.sizeHistogram().getFirst().upTo()).isEqualTo(64L);
            assertThat(workers.meanQueueWaitNanos()).isBetween(0L, workers.maxQueueWaitNanos());
            // Round robin over three workers: seven each, each the current process's own.
            assertThat(tree.messages().workerProcesses()).extracting(EcosystemsEndpoint.WorkerMessages::index)
                    .containsExactly(0, 1, 2);
            assertThat(tree.messages().workerProcesses()).allSatisfy(w -> assertThat(w.messages()).isEqualTo(7));
            EcosystemMessageStats api = orders.messageStats().orElseThrow();
            assertThat(tree.messages().workers().estimatedBytes()).isEqualTo(api.workers().estimatedBytes());
            EcosystemsEndpoint.MessageSummary summary = endpoint.ecosystems().ecosystems().getFirst().messages();
            assertThat(summary.messages()).isGreaterThanOrEqualTo(21 + tree.messages().coordinator().messages());
        });
    }

    @Test
    void isReadOnlyByDefaultWithBootsAccessControl() {
        Endpoint endpoint = EcosystemsEndpoint.class.getAnnotation(Endpoint.class);
        assertThat(endpoint.id()).isEqualTo("ecosystems");
        assertThat(endpoint.defaultAccess()).isEqualTo(Access.READ_ONLY);
    }

    @Test
    @SuppressWarnings("removal")
    void theDeprecatedWriteEnabledPropertyMeansUnrestrictedAccessUnlessAccessIsSet() {
        assertThat(accessAfterPostProcessing()).isNull();
        assertThat(accessAfterPostProcessing(EcosystemsEndpoint.WRITE_PROPERTY + "=false")).isNull();
        assertThat(accessAfterPostProcessing(EcosystemsEndpoint.WRITE_PROPERTY + "=true")).isEqualTo("unrestricted");
        assertThat(accessAfterPostProcessing(EcosystemsEndpoint.WRITE_PROPERTY + "=true",
                EcosystemsEndpoint.ACCESS_PROPERTY + "=read-only")).isEqualTo("read-only");
    }

    private static String accessAfterPostProcessing(String... properties) {
        StandardEnvironment environment = new StandardEnvironment();
        TestPropertyValues.of(properties).applyTo(environment);
        new EcosystemsAccessEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty(EcosystemsEndpoint.ACCESS_PROPERTY);
    }

    @Test
    void restartsAWorkerWhenWritesAreEnabled() {
        runner.withPropertyValues("management.endpoint.ecosystems.access=UNRESTRICTED").run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
            String before = endpoint.ecosystem("orders").workerProcesses().get(1).process();
            WebEndpointResponse<?> response = endpoint.restartWorker("orders", 1);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getBody()).isInstanceOfSatisfying(EcosystemsEndpoint.WorkerRestarted.class, r -> {
                assertThat(r.previousProcess()).isEqualTo(before);
                assertThat(r.process()).isNotEqualTo(before);
            });
            EcosystemsEndpoint.MemberDescriptor worker = endpoint.ecosystem("orders").workerProcesses().get(1);
            assertThat(worker.restarts()).isEqualTo(1);
            assertThat(worker.process()).isNotEqualTo(before);
            assertThat(endpoint.restartWorker("nope", 0).getStatus()).isEqualTo(404);
            assertThat(endpoint.restartWorker("orders", 3).getStatus()).isEqualTo(400);
            assertThat(((EcosystemsEndpoint.Refusal) endpoint.restartWorker("orders", -1).getBody()).message())
                    .contains("0 to 2");
            context.getBean(EcosystemRegistry.class).get("orders").shutdown(Duration.ofSeconds(5));
            WebEndpointResponse<?> stopped = endpoint.restartWorker("orders", 0);
            assertThat(stopped.getStatus()).isEqualTo(409);
            assertThat(((EcosystemsEndpoint.Refusal) stopped.getBody()).message()).contains("not running");
        });
    }

    @Test
    void resizesAnEcosystemWhenWritesAreEnabled() {
        runner.withPropertyValues("management.endpoint.ecosystems.access=UNRESTRICTED").run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);

            WebEndpointResponse<?> grown = endpoint.resize("orders", 5);
            assertThat(grown.getStatus()).isEqualTo(200);
            assertThat(grown.getBody()).isEqualTo(new EcosystemsEndpoint.WorkersResized("orders", 3, 5));
            assertThat(endpoint.ecosystem("orders").workerProcesses()).extracting(EcosystemsEndpoint.MemberDescriptor::index)
                    .containsExactly(0, 1, 2, 3, 4);
            assertThat(endpoint.ecosystem("orders").workers()).isEqualTo(5);
            assertThat(endpoint.ecosystems().ecosystems().getFirst().workersAlive()).isEqualTo(5);

            WebEndpointResponse<?> shrunk = endpoint.resize("orders", 2);
            assertThat(shrunk.getBody()).isEqualTo(new EcosystemsEndpoint.WorkersResized("orders", 5, 2));
            assertThat(endpoint.ecosystems().ecosystems().getFirst().workers()).isEqualTo(2);
            assertThat(endpoint.ecosystem("orders").status()).isEqualTo("HEALTHY");
            assertThat(((EcosystemsEndpoint.Refusal) endpoint.restartWorker("orders", 2).getBody()).message())
                    .contains("0 to 1");
            assertThat(context.getBean(EcosystemRegistry.class).get("orders").submit("still works"))
                    .succeedsWithin(Duration.ofSeconds(5)).isEqualTo("still works");
        });
    }

    @Test
    void answersResizesOfUnknownBadOrStoppedEcosystemsWithTheirStatus() {
        runner.withPropertyValues("management.endpoint.ecosystems.access=UNRESTRICTED").run(context -> {
            EcosystemsEndpoint endpoint = context.getBean(EcosystemsEndpoint.class);
            WebEndpointResponse<?> unknown = endpoint.resize("nope", 2);
            assertThat(unknown.getStatus()).isEqualTo(404);
            assertThat(((EcosystemsEndpoint.Refusal) unknown.getBody()).message()).contains("[orders]");
            for (int bad : new int[] {0, -3, 1025}) {
                WebEndpointResponse<?> response = endpoint.resize("orders", bad);
                assertThat(response.getStatus()).isEqualTo(400);
                assertThat(((EcosystemsEndpoint.Refusal) response.getBody()).message())
                        .contains("'orders' cannot have " + bad + " workers").contains("1 to 1024");
            }
            context.getBean(EcosystemRegistry.class).get("orders").shutdown(Duration.ofSeconds(5));
            WebEndpointResponse<?> stopped = endpoint.resize("orders", 4);
            assertThat(stopped.getStatus()).isEqualTo(409);
            assertThat(((EcosystemsEndpoint.Refusal) stopped.getBody()).message()).contains("not running")
                    .contains("'orders' is stopped");
        });
    }
}
