package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.process.ProcessRef;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The write operations over HTTP once access allows them: with {@code management.endpoint.ecosystems.access=
 * unrestricted} ({@link Unrestricted}) and with the deprecated {@code foundation.beam.management.write-enabled=true}
 * ({@link DeprecatedWriteEnabled}), which a real {@code SpringApplication} maps to it. Read-only (the default) is in
 * {@link ActuatorIntegrationTests}.
 */
abstract class EcosystemsEndpointWriteAccessTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {
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

    @Test
    void restartsAWorkerAndResizesOverHttp() throws Exception {
        ProcessRef before = ecosystems.get("orders").workers().get(1);
        HttpResponse<String> restarted = LocalHttp.postJson(port, "/actuator/ecosystems/orders/1", "{}");
        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(restarted.body()).contains("\"previousProcess\":\"" + before + "\"");
        assertThat(ecosystems.get("orders").workers().get(1)).isNotEqualTo(before);

        HttpResponse<String> resized = LocalHttp.postJson(port, "/actuator/ecosystems/orders", "{\"workers\": 3}");
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(ecosystems.get("orders").workers()).hasSize(3);
        assertThat(LocalHttp.postJson(port, "/actuator/ecosystems/orders", "{}").statusCode()).isEqualTo(400);

        HttpResponse<String> bad = LocalHttp.postJson(port, "/actuator/ecosystems/orders", "{\"workers\": 0}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(bad.body()).contains("\"type\":\"about:blank\"", "\"title\":\"Bad Request\"", "\"status\":400",
                "\"detail\":\"Ecosystem 'orders' cannot have 0 workers");
        assertThat(bad.body()).doesNotContain("\"message\"");

        HttpResponse<String> unknown = LocalHttp.postJson(port, "/actuator/ecosystems/nope", "{\"workers\": 3}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unknown.body()).contains("\"title\":\"Not Found\"", "No ecosystem named 'nope'");
        HttpResponse<String> unknownWorker = LocalHttp.postJson(port, "/actuator/ecosystems/orders/9", "{}");
        assertThat(unknownWorker.statusCode()).isEqualTo(400);
        assertThat(unknownWorker.body()).contains("\"status\":400", "has no worker 9");
    }

    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "management.endpoints.web.exposure.include=ecosystems",
            "management.endpoint.ecosystems.access=unrestricted" })
    static class Unrestricted extends EcosystemsEndpointWriteAccessTests {
    }

    @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "management.endpoints.web.exposure.include=ecosystems",
            "foundation.beam.management.write-enabled=true" })
    static class DeprecatedWriteEnabled extends EcosystemsEndpointWriteAccessTests {
    }
}
