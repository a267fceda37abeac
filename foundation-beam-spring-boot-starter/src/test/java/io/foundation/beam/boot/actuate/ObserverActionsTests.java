package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.process.ProcessRef;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The observer's actions over real HTTP once {@code management.endpoint.observer.access=unrestricted}: the page says
 * it may act, a kill shows as a restart in the next sample, a worker restarts, the ecosystem resizes, and bad requests
 * get problem details that say what to send.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=observer",
        "management.endpoint.observer.access=unrestricted",
        "foundation.beam.observer.interval=200ms" })
class ObserverActionsTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(PaymentsWorker.class)
    static class App {
    }

    @Worker(ecosystem = "payments", workers = 2, faultTolerance = FaultTolerance.SELF_HEALING)
    static class PaymentsWorker {
        @HandleMessage
        String pay(String payment) {
            return "paid " + payment;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    @Test
    void killsAProcessAndTheNextSampleShowsItsRestart() throws Exception {
        assertThat(LocalHttp.get(port, "/actuator/observer").body()).contains("\"write\":true");
        JsonNode before = worker(sample(), 0);
        assertThat(before.get("restarts").asInt()).isZero();

        HttpResponse<String> kill = LocalHttp.postJson(port, "/actuator/observer/processes/" + before.get("id")
                .asLong() + "/kill", "{}");
        assertThat(kill.statusCode()).isEqualTo(200);
        assertThat(kill.body()).contains(before.get("pid").asString());
        await().atMost(Duration.ofSeconds(10)).until(() -> worker(sample(), 0).get("restarts").asInt() == 1);
        assertThat(worker(sample(), 0).get("pid").asString()).isNotEqualTo(before.get("pid").asString());
    }

    @Test
    void restartsAWorkerAndResizes() throws Exception {
        ProcessRef before = ecosystems.get("payments").workers().get(1);
        HttpResponse<String> restarted = LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/restart",
                "{\"worker\": 1}");
        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(ecosystems.get("payments").workers().get(1)).isNotEqualTo(before);

        HttpResponse<String> resized = LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/resize",
                "{\"workers\": 3}");
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(resized.body()).contains("\"previousWorkers\":2");
        assertThat(ecosystems.get("payments").workers()).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> sample().get("tree").get("ecosystems").get(0)
                .get("workers").size() == 3);
        assertThat(LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/resize", "{\"workers\": 2}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void answersBadActionsWithProblemDetails() throws Exception {
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/ecosystems/nope/resize", "{\"workers\": 3}"), 404,
                "No ecosystem named 'nope'. Known ecosystems: [payments]");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/resize", "{}"), 400,
                "send {\\\"workers\\\": n}");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/resize", "{\"workers\": 0}"),
                400, "cannot have 0 workers");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/restart", "{}"), 400,
                "send {\\\"worker\\\": i}");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/ecosystems/payments/restart", "{\"worker\": 7}"),
                400, "has no worker 7");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/processes/987654321/kill", "{}"), 404,
                "No live process");
        assertProblem(LocalHttp.postJson(port, "/actuator/observer/processes/1/explode", "{}"), 404,
                "no action 'explode'");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(response.body()).contains(detail);
    }

    private JsonNode sample() throws Exception {
        return ObserverEndpointTests.JSON.readTree(LocalHttp.get(port, "/actuator/observer/sample").body());
    }

    private static JsonNode worker(JsonNode sample, int index) {
        return sample.get("tree").get("ecosystems").get(0).get("workers").get(index);
    }
}
