package io.foundation.beam.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged sample application, AOT-processed by {@code spring-boot:process-aot}, started once with
 * {@code -Dspring.aot.enabled=true} on the test's JDK (the toolchain's): health is UP and one order completes over
 * HTTP (issue 19). Run after {@code package} by the {@code aot} profile's surefire execution, which passes the jar as
 * {@code sample.jar}; skipped anywhere else (a {@code -Dtest} pattern that names it in the test phase).
 */
class SampleApplicationAotIT {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private Process app;

    @AfterEach
    void stopTheApplication() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy(); // SIGTERM: a graceful shutdown of the context
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theAotProcessedApplicationServesAnOrder() throws IOException {
        String packaged = System.getProperty("sample.jar");
        assumeTrue(packaged != null, "run after package, by the aot profile's execution that sets sample.jar");
        Path jar = Path.of(packaged);
        assertThat(jar).as("the packaged sample application").isRegularFile();
        Path log = Files.createTempFile(Path.of("target"), "sample-app-aot-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        app = new ProcessBuilder(List.of(java, "-Dspring.aot.enabled=true", "-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        int port = await("the application's port (log: " + log + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(app.isAlive()).as("the application is running (log: %s)", log).isTrue();
                    Matcher matcher = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
                    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
                }, found -> found > 0);
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
