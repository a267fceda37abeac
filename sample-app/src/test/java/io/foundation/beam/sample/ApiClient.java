package io.foundation.beam.sample;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's HTTP API over real HTTP (java.net.http), with a timeout on every request so no test can hang. */
final class ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;

    ApiClient(int port) {
        this("localhost", port);
    }

    ApiClient(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> order(String customer, String sku, int quantity) {
        return order(customer, "DE", sku, quantity);
    }

    HttpResponse<String> order(String customer, String country, String sku, int quantity) {
        return post("/api/orders", """
                {"customerId": "%s", "country": "%s", "lines": [{"sku": "%s", "quantity": %d}]}
                """.formatted(customer, country, sku, quantity));
    }

    static <T> T json(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }
}
