package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.observer.ObserverSampler;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The observer endpoint over real HTTP with the default (read-only) access: the page, the sample's tree and top lists,
 * the live stream (samples, telemetry pushed at once, a vanished client dropped), a process's details with the last
 * exit reason of its slot, the errors, and actions refused. The actions themselves are in
 * {@link ObserverActionsTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,observer",
        "foundation.beam.observer.interval=200ms" })
class ObserverEndpointTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {

        /** A plain supervisor with one child, next to the ecosystem. */
        @Bean(destroyMethod = "")
        Supervisor cacheSupervisor(BeamRuntime runtime) {
            ProcessHandler idle = (message, context) -> null;
            return Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withName("cache-sup")
                    .withChild(ChildSpec.worker("cache", () -> idle)));
        }
    }

    @Worker(ecosystem = "orders", workers = 2, faultTolerance = FaultTolerance.SELF_HEALING)
    static class OrdersWorker {
        @HandleMessage
        String place(String order) {
            return "placed " + order;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    @Autowired
    BeamRuntime runtime;

    @Autowired
    ObserverSampler sampler;

    @Autowired
    Supervisor cacheSupervisor;

    @Test
    void servesThePageReadOnly() throws Exception {
        HttpResponse<String> page = LocalHttp.get(port, "/actuator/observer");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.body()).contains("\"write\":false").contains("\"intervalMillis\":200")
                .doesNotContain("__OBSERVER_CONFIG__");
    }

    @Test
    void sampleShowsTheTreeTheTopListsAndThePanels() throws Exception {
        JsonNode sample = sample();
        assertThat(sample.get("write").asBoolean()).isFalse();
        assertThat(sample.get("runtime").get("processes").asInt()).isGreaterThanOrEqualTo(6);
        JsonNode orders = sample.get("tree").get("ecosystems").get(0);
        assertThat(orders.get("name").asString()).isEqualTo("orders");
        assertThat(orders.get("status").asString()).isEqualTo("HEALTHY");
        assertThat(orders.get("coordinator").get("role").asString()).isEqualTo("coordinator");
        assertThat(orders.get("workers")).hasSize(2);
        assertThat(orders.get("workers").get(1).get("pid").asString())
                .isEqualTo(ecosystems.get("orders").workers().get(1).toString());

        JsonNode cache = supervisor(sample, cacheSupervisor.process());
        assertThat(cache.get("name").asString()).isEqualTo("cache-sup");
        assertThat(cache.get("answered").asBoolean()).isTrue();
        assertThat(cache.get("children").get(0).get("childId").asString()).isEqualTo("cache");
        // the ecosystem's own supervisor is drawn under the ecosystem, not among the plain supervisors
        String ordersSupervisor = ecosystems.get("orders").supervisor().toString();
        for (JsonNode s : sample.get("tree").get("supervisors")) {
            assertThat(s.get("pid").asString()).isNotEqualTo(ordersSupervisor);
        }

        assertThat(sample.get("top").get("limit").asInt()).isEqualTo(20);
        assertThat(sample.get("top").get("byMemory").size()).isBetween(6, 20);
        assertThat(sample.get("ecosystems").get(0).get("workers").asInt()).isEqualTo(2);
        assertThat(LocalHttp.get(port, "/actuator/observer/history").body()).contains("\"orders\"");
    }

    @Test
    void streamPushesSamplesAndTelemetryAndDropsAVanishedClient() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/observer/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            CompletableFuture<List<String>> firstSamples = CompletableFuture.supplyAsync(() -> read(lines, 2,
                    "event:sample"));
            assertThat(firstSamples.get(10, TimeUnit.SECONDS)).hasSize(2);
            assertThat(sampler.streamCount()).isEqualTo(1);

            ProcessRef worker = ecosystems.get("orders").workers().get(0);
            runtime.kill(worker);
            CompletableFuture<List<String>> restarted = CompletableFuture.supplyAsync(() -> read(lines, 1,
                    "\"kind\":\"WorkerRestarted\""));
            assertThat(restarted.get(10, TimeUnit.SECONDS).get(0)).contains("\"ecosystem\":\"orders\"");
        }
        // the client is gone: the next write fails and the stream is dropped
        await().atMost(Duration.ofSeconds(10)).until(() -> sampler.streamCount() == 0);
    }

    @Test
    void detailsShowARestartedWorkersSlotAndItsEcosystemRole() throws Exception {
        ProcessRef first = ecosystems.get("orders").workers().get(1);
        sample(); // the page lists the worker before it is killed
        runtime.kill(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ecosystems.get("orders").workers().get(1).equals(first)
                && ecosystems.get("orders").workers().get(1).isAlive());
        ProcessRef replacement = ecosystems.get("orders").workers().get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sample().toString().contains(replacement.toString()));

        HttpResponse<String> found = LocalHttp.get(port, "/actuator/observer/processes/" + replacement.id());
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode details = JSON.readTree(found.body());
        assertThat(details.get("pid").asString()).isEqualTo(replacement.toString());
        assertThat(details.get("lastExitReason").asString()).isEqualTo("killed");
        assertThat(details.get("ecosystem").get("name").asString()).isEqualTo("orders");
        assertThat(details.get("ecosystem").get("role").asString()).isEqualTo("worker");
        assertThat(details.get("ecosystem").get("index").asInt()).isEqualTo(1);
        assertThat(details.get("ecosystem").get("restarts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(details.get("memoryBytes").asLong()).isPositive();
    }

    @Test
    void answersBadRequestsWithProblemDetails() throws Exception {
        HttpResponse<String> unknown = LocalHttp.get(port, "/actuator/observer/processes/987654321");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("No live process <" + runtime.name() + ".987654321>");
        assertThat(LocalHttp.get(port, "/actuator/observer/processes/abc").statusCode()).isEqualTo(400);
        assertThat(LocalHttp.get(port, "/actuator/observer/threads/1").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesActionsWithTheDefaultAccess() throws Exception {
        sample();
        ProcessRef worker = ecosystems.get("orders").workers().get(0);
        HttpResponse<String> kill = LocalHttp.postJson(port, "/actuator/observer/processes/" + worker.id()
                + "/kill", "{}");
        assertThat(kill.statusCode()).isIn(404, 405);
        HttpResponse<String> resize = LocalHttp.postJson(port, "/actuator/observer/ecosystems/orders/resize",
                "{\"workers\": 3}");
        assertThat(resize.statusCode()).isIn(404, 405);
        assertThat(worker.isAlive()).isTrue();
        assertThat(ecosystems.get("orders").workers()).hasSize(2);
    }

    private JsonNode sample() throws Exception {
        HttpResponse<String> response = LocalHttp.get(port, "/actuator/observer/sample");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static JsonNode supervisor(JsonNode sample, ProcessRef process) {
        for (JsonNode s : sample.get("tree").get("supervisors")) {
            if (s.get("pid").asString().equals(process.toString())) {
                return s;
            }
        }
        throw new AssertionError("no supervisor " + process + " in " + sample.get("tree"));
    }

    /** Reads server-sent events until {@code count} data lines of events containing {@code marker} came. */
    private static List<String> read(BufferedReader lines, int count, String marker) {
        List<String> found = new ArrayList<>();
        try {
            StringBuilder event = new StringBuilder();
            String line;
            while (found.size() < count && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    String text = event.toString();
                    if (text.contains(marker)) {
                        found.add(text);
                    }
                    event.setLength(0);
                } else {
                    event.append(line).append('\n');
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }
}
