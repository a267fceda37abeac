package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The observer behind Spring Security, with the same rules as the {@code ecosystems} endpoint's README example:
 * {@code EndpointRequest.to("observer")} covers the page and everything under it (the live stream, the sample, the
 * history, a process's details), so anonymous requests are denied (401) and a user with role ACTUATOR reads them all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.autoconfigure.exclude=", // the other tests of the starter exclude Spring Security
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,observer" })
class ObserverSecurityTests {

    private static final String[] PATHS = {"/actuator/observer", "/actuator/observer/sample",
        "/actuator/observer/history", "/actuator/observer/processes/1"};

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {

        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeHttpRequests(requests -> requests
                            .requestMatchers(EndpointRequest.to("health")).permitAll()
                            .requestMatchers(EndpointRequest.to("observer").withHttpMethod(HttpMethod.GET))
                            .hasRole("ACTUATOR")
                            .anyRequest().denyAll())
                    .httpBasic(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("reader").password("{noop}reader-secret").roles("ACTUATOR").build());
        }
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

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void deniesAnonymousRequestsToThePageAndEverythingUnderIt() throws Exception {
        for (String path : PATHS) {
            assertThat(get(path, null, HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/actuator/observer/stream", null, HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void letsAReaderSeeThePageTheSampleAndTheStream() throws Exception {
        String reader = "reader:reader-secret";
        assertThat(get("/actuator/observer", reader, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> sample = get("/actuator/observer/sample", reader, HttpResponse.BodyHandlers.ofString());
        assertThat(sample.statusCode()).isEqualTo(200);
        assertThat(sample.body()).contains("\"orders\"");
        HttpResponse<java.io.InputStream> stream = get("/actuator/observer/stream", reader,
                HttpResponse.BodyHandlers.ofInputStream());
        try (var body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(new String(body.readNBytes(12), StandardCharsets.UTF_8)).startsWith("event:sample");
        }
    }

    private <T> HttpResponse<T> get(String path, String credentials, HttpResponse.BodyHandler<T> handler)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), handler);
    }
}
