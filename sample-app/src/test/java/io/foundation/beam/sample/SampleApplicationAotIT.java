package io.foundation.beam.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged sample application, AOT-processed by {@code spring-boot:process-aot}, started once with
 * {@code -Dspring.aot.enabled=true} on the test's JDK (the toolchain's): health is UP and one order completes over
 * HTTP (issue 19). Run after {@code package} by the {@code aot} profile's surefire execution, which passes the jar as
 * {@code sample.jar}; skipped anywhere else (a {@code -Dtest} pattern that names it in the test phase).
 */
class SampleApplicationAotIT {

    private static final Duration STARTUP = PackagedJar.STARTUP;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private PackagedJar jar;

    @AfterEach
    void stopTheApplication() throws InterruptedException {
        if (jar != null) {
            jar.stop();
        }
    }

    @Test
    void theAotProcessedApplicationServesAnOrder() throws IOException {
        jar = PackagedJar.start("sample-app-aot-", "-Dspring.aot.enabled=true");
        Path log = jar.log;
        int port = jar.port;
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Starting AOT-processed SampleApplication");
        String base = "http://127.0.0.1:" + port;

        await("health UP").atMost(STARTUP).ignoreException(ConnectException.class).untilAsserted(() -> {
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
            assertThat(JsonPath.<String>read(health.body(), "$.components.ecosystems.status")).isEqualTo("UP");
        });

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"customerId": "c-aot", "country": "DE", "lines": [{"sku": "KB-101", "quantity": 1}]}
                        """)).build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JsonPath.read(accepted.body(), "$.id");

        await("order " + id + " completed").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> order = get(base + "/api/orders/" + id);
            assertThat(JsonPath.<String>read(order.body(), "$.status")).as(order.body()).isEqualTo("COMPLETED");
        });
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }
}
