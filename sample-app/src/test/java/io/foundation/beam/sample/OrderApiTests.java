package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API with the default configuration: an order completes; bad input is 400 with a problem detail naming each
 * field; unknown orders are 404; an out-of-stock order is rejected without a crash; the fault API does not exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderApiTests {

    @LocalServerPort
    int port;

    @Test
    void anOrderIsPickedAndShipped() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> accepted = api.post("/api/orders", """
                {"customerId": "c-1", "country": "FR", "lines": [{"sku": "KB-101", "quantity": 2},
                 {"sku": "CB-404", "quantity": 3}]}
                """);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json(accepted, "$.id");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/orders/" + id);
        assertThat((String) json(accepted, "$.status")).isEqualTo("PICKING");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> order = api.get("/api/orders/" + id);
            assertThat((String) json(order, "$.status")).isEqualTo("COMPLETED");
            assertThat((Integer) json(order, "$.pick.parcelWeightGrams")).isEqualTo(2 * 950 + 3 * 60);
            assertThat((Integer) json(order, "$.pick.items")).isEqualTo(5);
            assertThat((String) json(order, "$.shipment.courier")).isEqualTo("express-courier");
        });
    }

    @Test
    void aMalformedOrderIs400WithEveryProblemNamed() {
        HttpResponse<String> response = new ApiClient(port).post("/api/orders", """
                {"country": "Germany", "lines": [{"sku": "kb", "quantity": 0}, {"sku": "MS-202"}]}
                """);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat((String) json(response, "$.title")).isEqualTo("Invalid order");
        assertThat(ApiClient.<List<String>>json(response, "$.errors")).containsExactly(
                "customerId: is required",
                "country: must be an ISO 3166 alpha-2 code such as DE, was 'Germany'",
                "lines[0].sku: must be 2 to 32 capitals, digits or '-', was 'kb'",
                "lines[0].quantity: must be 1 to 100, was 0",
                "lines[1].quantity: must be 1 to 100, was null");
    }

    @Test
    void unreadableJsonAndAnEmptyOrderAre400() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> broken = api.post("/api/orders", "{\"customerId\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat((String) json(broken, "$.detail")).isEqualTo("Failed to read request");
        HttpResponse<String> empty = api.post("/api/orders", "{\"customerId\": \"c\", \"country\": \"DE\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(ApiClient.<List<String>>json(empty, "$.errors"))
                .containsExactly("lines: at least one line is required");
    }

    @Test
    void anUnknownOrderIs404() {
        HttpResponse<String> response = new ApiClient(port).get("/api/orders/ord-999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat((String) json(response, "$.detail")).isEqualTo("no order has id 'ord-999999'");
    }

    @Test
    void unknownProductsAndMissingStockRejectTheOrderWithoutACrash() {
        ApiClient api = new ApiClient(port);
        String unknown = json(api.order("c-2", "XX-1", 1), "$.id");
        String tooMany = json(api.order("c-3", "MN-303", 99), "$.id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> first = api.get("/api/orders/" + unknown);
            assertThat((String) json(first, "$.status")).isEqualTo("REJECTED");
            assertThat((String) json(first, "$.problem")).isEqualTo("unknown product XX-1");
            HttpResponse<String> second = api.get("/api/orders/" + tooMany);
            assertThat((String) json(second, "$.status")).isEqualTo("REJECTED");
            assertThat((String) json(second, "$.problem")).startsWith("out of stock: MN-303 has ");
        });
        HttpResponse<String> restarts = api.get("/actuator/metrics/foundation.beam.restarts?tag=ecosystem:warehouse");
        assertThat(restarts.statusCode()).as("the counter is registered at 0 when the ecosystem starts").isEqualTo(200);
        assertThat(ApiClient.<List<Double>>json(restarts, "$.measurements[?(@.statistic=='COUNT')].value"))
                .as("no restart counted").containsExactly(0.0);
    }

    @Test
    void theFaultApiIsAbsentByDefault() {
        ApiClient api = new ApiClient(port);
        assertThat(api.post("/api/faults/poison", "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/faults/warehouse/workers/0/crash", "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/faults/warehouse/coordinator/crash", "").statusCode()).isEqualTo(404);
    }
}
