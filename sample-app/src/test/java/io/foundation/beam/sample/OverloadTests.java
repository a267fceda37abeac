package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.EcosystemRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Overload answers at once, never hangs: beyond {@code max-in-flight} unfinished orders a new one is 429 with
 * {@code Retry-After}; once they finish, orders are accepted again. A stopped ecosystem is 503 (last: it leaves the
 * context without a warehouse, so the context is discarded).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "sample.orders.max-in-flight=2", "sample.warehouse.latency=2s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class OverloadTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    @Test
    @Order(1)
    void beyondTheAdmissionLimitAnOrderIs429UntilOrdersFinish() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> first = api.order("c-1", "KB-101", 1);
        HttpResponse<String> second = api.order("c-2", "KB-101", 1);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);

        HttpResponse<String> refused = api.order("c-3", "KB-101", 1);
        assertThat(refused.statusCode()).as("each pick blocks 2 s, so both are still in flight").isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat((String) json(refused, "$.title")).isEqualTo("Too many unfinished orders");
        assertThat((String) json(refused, "$.detail")).contains("sample.orders.max-in-flight");
        assertThat((Integer) json(api.get("/api/orders"), "$.inFlight")).isEqualTo(2);

        for (HttpResponse<String> accepted : java.util.List.of(first, second)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    (String) json(api.get("/api/orders/" + json(accepted, "$.id")), "$.status")).isEqualTo("COMPLETED"));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat((Integer) json(api.get("/api/orders"), "$.inFlight")).isZero());
        assertThat(api.order("c-4", "KB-101", 1).statusCode()).isEqualTo(202);
    }

    @Test
    @Order(2)
    void aStoppedEcosystemIs503() {
        ApiClient api = new ApiClient(port);
        ecosystems.get("warehouse").shutdown(Duration.ofSeconds(5));
        HttpResponse<String> response = api.order("c-5", "KB-101", 1);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat((String) json(response, "$.detail")).contains("warehouse");
        assertThat(api.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
}
