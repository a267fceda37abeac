package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service end to end over HTTP with the fault API on: orders submitted concurrently while a worker and the
 * coordinator of each ecosystem are crashed all complete, and health comes back to UP with both ecosystems healthy;
 * a poison order crashes a warehouse worker on each attempt, fails, and the pool heals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "sample.faults.enabled=true", "sample.warehouse.latency=30ms" })
class FulfilmentEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Orders for several countries, so that key-hash dispatch spreads them over the shipping desks. */
    private static final List<String> COUNTRIES = List.of("DE", "FR", "NL", "IT", "ES");

    @LocalServerPort
    int port;

    @Test
    void everyOrderCompletesWhileWorkersAndCoordinatorsAreCrashed() throws Exception {
        ApiClient api = new ApiClient(port);
        List<String> ids = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> first = submit(clients, api, 0, 40);
            assertThat(api.post("/api/faults/warehouse/workers/1/crash", "").statusCode()).isEqualTo(200);
            assertThat(api.post("/api/faults/warehouse/coordinator/crash", "").statusCode()).isEqualTo(200);
            List<Future<HttpResponse<String>>> second = submit(clients, api, 40, 20);
            assertThat(api.post("/api/faults/shipping/coordinator/crash", "").statusCode()).isEqualTo(200);
            assertThat(api.post("/api/faults/shipping/workers/0/crash", "").statusCode()).isEqualTo(200);
            List<Future<HttpResponse<String>>> third = submit(clients, api, 60, 20);
            for (List<Future<HttpResponse<String>>> batch : List.of(first, second, third)) {
                for (Future<HttpResponse<String>> response : batch) {
                    assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(202);
                    ids.add(json(response.get(), "$.id"));
                }
            }
        }
        assertThat(ids).hasSize(80).doesNotHaveDuplicates();

        await().atMost(WAIT).untilAsserted(() -> {
            for (String id : ids) {
                HttpResponse<String> order = api.get("/api/orders/" + id);
                assertThat((String) json(order, "$.status")).as(order.body()).isEqualTo("COMPLETED");
                assertThat((String) json(order, "$.shipment.trackingNumber"))
                        .isEqualTo("TRK-" + json(order, "$.country") + "-" + id.toUpperCase());
            }
        });
        assertThat(ids.stream().map(id -> (Integer) json(api.get("/api/orders/" + id), "$.shipment.bookedBy"))
                .distinct()).as("desks that booked").hasSizeGreaterThan(1);
        awaitHealthy(api);
        assertThat(restarts(api, "warehouse")).isGreaterThanOrEqualTo(2.0);
        assertThat(restarts(api, "shipping")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void aPoisonOrderCrashesAWorkerOnEachAttemptFailsAndThePoolHeals() {
        ApiClient api = new ApiClient(port);
        double before = restarts(api, "warehouse");
        HttpResponse<String> poison = api.post("/api/faults/poison", "");
        assertThat(poison.statusCode()).isEqualTo(202);
        String id = json(poison, "$.id");

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> order = api.get("/api/orders/" + id);
            assertThat((String) json(order, "$.status")).isEqualTo("FAILED");
            assertThat((String) json(order, "$.problem")).contains("LEGACY-9 is corrupt");
        });
        // max-attempts 3: three workers crashed on it, each restarted (the counter may lag the order by a moment).
        await().atMost(WAIT).untilAsserted(() -> assertThat(restarts(api, "warehouse")).isEqualTo(before + 3));
        awaitHealthy(api);
        HttpResponse<String> next = api.order("after-poison", "CB-404", 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                (String) json(api.get("/api/orders/" + json(next, "$.id")), "$.status")).isEqualTo("COMPLETED"));
    }

    @Test
    void theEcosystemsEndpointShowsBothTopologies() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> all = api.get("/actuator/ecosystems");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(ApiClient.<List<String>>json(all, "$.ecosystems[*].name")).contains("warehouse", "shipping");
        assertThat(ApiClient.<List<String>>json(all, "$.ecosystems[?(@.name=='warehouse')].topology"))
                .containsExactly("tree");
        assertThat(ApiClient.<List<String>>json(all, "$.ecosystems[?(@.name=='shipping')].topology"))
                .containsExactly("mesh");
        HttpResponse<String> tree = api.get("/actuator/ecosystems/warehouse");
        assertThat(ApiClient.<List<Integer>>json(tree, "$.workerProcesses[*].index")).containsExactly(0, 1, 2, 3);
    }

    private static List<Future<HttpResponse<String>>> submit(ExecutorService clients, ApiClient api, int from,
            int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> clients.submit(() -> api.order("customer-" + i, COUNTRIES.get(i % COUNTRIES.size()),
                        i % 2 == 0 ? "KB-101" : "MS-202", 1)))
                .toList();
    }

    private static void awaitHealthy(ApiClient api) {
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> health = api.get("/actuator/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat((String) json(health, "$.status")).isEqualTo("UP");
            for (String name : List.of("warehouse", "shipping")) {
                assertThat((String) json(health, "$.components.ecosystems.components." + name + ".details.state"))
                        .as(name).isEqualTo("HEALTHY");
            }
            assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        });
    }

    private static double restarts(ApiClient api, String ecosystem) {
        HttpResponse<String> response = api.get("/actuator/metrics/foundation.beam.restarts?tag=ecosystem:" + ecosystem);
        assertThat(response.statusCode()).as("registered at 0 when the ecosystem starts").isEqualTo(200);
        return ApiClient.<List<Double>>json(response, "$.measurements[?(@.statistic=='COUNT')].value").getFirst();
    }
}
