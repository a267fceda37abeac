package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The warehouse ecosystem's own backpressure (its {@code max-pending-work}) is a 429 as well, at once, when it is
 * tighter than the service's admission limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "sample.orders.max-in-flight=10", "sample.warehouse.latency=2s",
            "foundation.beam.ecosystems.warehouse.max-pending-work=1" })
class WarehouseBackpressureTests {

    @LocalServerPort
    int port;

    @Test
    void aFullWarehouseAnswers429AndAcceptsAgainOnceItsWorkIsDone() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> first = api.order("c-1", "KB-101", 1);
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> refused = api.order("c-2", "KB-101", 1);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat((String) json(refused, "$.detail")).contains("warehouse").contains("maxPendingWork");
        assertThat((Integer) json(api.get("/api/orders"), "$.inFlight")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                (String) json(api.get("/api/orders/" + json(first, "$.id")), "$.status")).isEqualTo("COMPLETED"));
        assertThat(api.order("c-3", "KB-101", 1).statusCode()).isEqualTo(202);
    }
}
