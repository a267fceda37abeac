package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * With a separate management port (and a custom base path), the page, its sample and its live stream are served
 * there, next to the endpoint, and not on the application's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.server.port=0",
        "management.server.address=127.0.0.1",
        "management.endpoints.web.base-path=/manage",
        "management.endpoints.web.exposure.include=observer" })
class ObserverManagementPortTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {
    }

    @Worker(ecosystem = "orders", workers = 1)
    static class OrdersWorker {
        @HandleMessage
        String place(String order) {
            return "placed " + order;
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void servesThePageAndItsStreamOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(LocalHttp.get(managementPort, "/manage/observer").statusCode()).isEqualTo(200);
        assertThat(LocalHttp.get(managementPort, "/manage/observer/sample").body()).contains("\"orders\"");
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/manage/observer/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(new String(body.readNBytes(12), StandardCharsets.UTF_8)).startsWith("event:sample");
        }
        assertThat(LocalHttp.get(port, "/manage/observer").statusCode()).isEqualTo(404);
        assertThat(LocalHttp.get(port, "/manage/observer/sample").statusCode()).isEqualTo(404);
    }
}
