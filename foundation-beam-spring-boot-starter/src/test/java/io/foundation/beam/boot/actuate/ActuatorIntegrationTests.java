package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The starter in a web application with Actuator, over HTTP: health per ecosystem, a killed worker seen in the
 * metrics and recovered, the live tree, write operations not mapped by default (read-only access), and a critical ecosystem taking the
 * application out of readiness but not liveness (last: it leaves the context with a dead ecosystem).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,metrics,ecosystems",
        "management.endpoint.health.show-details=always",
        "foundation.beam.ecosystems.fragile.restart.max-restarts=0" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ OrdersWorker.class, PaymentsWorker.class, FragileWorker.class })
    static class App {
    }

    @Worker(ecosystem = "orders", workers = 3, faultTolerance = FaultTolerance.SELF_HEALING)
    static class OrdersWorker {
        @HandleMessage
        String place(String order) {
            return "placed " + order;
        }
    }

    @Worker(ecosystem = "payments", workers = 2, faultTolerance = FaultTolerance.SELF_HEALING)
    static class PaymentsWorker {
        @HandleMessage
        String pay(String payment) {
            return "paid " + payment;
        }
    }

    /** Crashes on every message; with max-restarts 0 its supervisor gives up at the first crash. */
    @Worker(ecosystem = "fragile", faultTolerance = FaultTolerance.SELF_HEALING)
    static class FragileWorker {
        @HandleMessage
        String fail(String message) {
            throw new IllegalStateException("fragile");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    @Autowired
    BeamRuntime runtime;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return LocalHttp.get(port, path);
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return LocalHttp.postJson(port, path, json);
    }

    private <T> T json(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }

    private double restartCount() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/metrics/foundation.beam.restarts"
                + "?tag=ecosystem:orders&tag=role:worker");
        if (response.statusCode() == 404) {
            return 0; // no restart counted yet: the counter does not exist
        }
        List<Double> values = json(response, "$.measurements[?(@.statistic=='COUNT')].value");
        return values.getFirst();
    }

    @Test
    @Order(1)
    void healthShowsEachEcosystem() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat((String) json(health, "$.status")).isEqualTo("UP");
        for (String name : List.of("orders", "payments", "fragile")) {
            assertThat((String) json(health, "$.components.ecosystems.components." + name + ".status"))
                    .isEqualTo("UP");
        }
        HttpResponse<String> orders = get("/actuator/health/ecosystems/orders");
        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(this.<Map<String, Object>>json(orders, "$.details")).containsEntry("state", "HEALTHY")
                .containsEntry("workersAlive", 3).containsEntry("workersExpected", 3);
        // The probe groups never show their components: their membership shows in test 5, when one goes DOWN.
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aKilledWorkerIsCountedInTheMetricsAndRecovers() throws Exception {
        Ecosystem orders = ecosystems.get("orders");
        assertThat(orders.submit("o-1").get(5, TimeUnit.SECONDS)).isEqualTo("placed o-1");
        double before = restartCount();
        ProcessRef victim = orders.info().workers().get(1).process();

        runtime.kill(victim);

        await().atMost(WAIT).untilAsserted(() -> assertThat(restartCount()).isEqualTo(before + 1));
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> health = get("/actuator/health/ecosystems/orders");
            assertThat((String) json(health, "$.status")).isEqualTo("UP");
            assertThat((Integer) json(health, "$.details.workersAlive")).isEqualTo(3);
            assertThat((Integer) json(health, "$.details.restarts")).isEqualTo(1);
        });
        HttpResponse<String> processes = get("/actuator/metrics/foundation.beam.processes"
                + "?tag=ecosystem:orders&tag=role:worker");
        assertThat((Double) json(processes, "$.measurements[0].value")).isEqualTo(3.0);
        assertThat(orders.submit("o-2").get(5, TimeUnit.SECONDS)).isEqualTo("placed o-2");
    }

    @Test
    @Order(3)
    void theEndpointShowsTheLiveTree() throws Exception {
        HttpResponse<String> list = get("/actuator/ecosystems");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(this.<List<String>>json(list, "$.ecosystems[*].name")).containsExactly("orders", "payments", "fragile");

        HttpResponse<String> tree = get("/actuator/ecosystems/orders");
        assertThat(tree.statusCode()).isEqualTo(200);
        assertThat((String) json(tree, "$.supervisor.role")).isEqualTo("supervisor");
        assertThat((String) json(tree, "$.coordinator.status")).isNotEqualTo("DEAD");
        assertThat(this.<List<Integer>>json(tree, "$.workerProcesses[*].index")).containsExactly(0, 1, 2);
        assertThat(this.<List<Object>>json(tree, "$.workerProcesses[*].mailboxLength")).hasSize(3);
        assertThat(this.<List<Integer>>json(tree, "$.workerProcesses[*].memoryBytes"))
                .allSatisfy(bytes -> assertThat(bytes).isPositive());
        String current = ecosystems.get("orders").workers().get(1).toString();
        assertThat((String) json(tree, "$.workerProcesses[1].process")).isEqualTo(current);
        assertThat(get("/actuator/ecosystems/nope").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void writeOperationsAreNotMappedByDefault() throws Exception {
        ProcessRef before = ecosystems.get("payments").workers().get(0);
        HttpResponse<String> response = post("/actuator/ecosystems/payments/0", "{}");
        // read-only access: Boot maps only the read operations, and there is no GET at this path
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ecosystems.get("payments").workers().get(0)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void resizingIsNotMappedByDefault() throws Exception {
        int before = ecosystems.get("payments").workers().size();
        HttpResponse<String> response = post("/actuator/ecosystems/payments", "{\"workers\": 4}");
        assertThat(response.statusCode()).isEqualTo(405); // the GET of the tree is mapped at this path
        assertThat(ecosystems.get("payments").workers()).hasSize(before);
    }

    @Test
    @Order(5)
    void aCriticalEcosystemTakesTheApplicationOutOfReadinessButNotLiveness() throws Exception {
        Ecosystem fragile = ecosystems.get("fragile");
        fragile.submit("boom");
        await().atMost(WAIT).until(() -> !fragile.isRunning());

        HttpResponse<String> health = get("/actuator/health/ecosystems/fragile");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat((String) json(health, "$.details.state")).isEqualTo("CRITICAL");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat((String) json(liveness, "$.status")).isEqualTo("UP");
        assertThat((String) json(get("/actuator/health/ecosystems/orders"), "$.status")).isEqualTo("UP");
    }
}
