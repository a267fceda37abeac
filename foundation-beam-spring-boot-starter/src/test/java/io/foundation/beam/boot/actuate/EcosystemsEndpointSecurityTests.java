package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.FaultTolerance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The README's "Securing the endpoint" example, on a real port: anonymous requests are denied (401), a user with role
 * ACTUATOR reads, a write needs role ADMIN and a CSRF token (403 without one). The write with a token goes through
 * MockMvc with Spring Security's test support, which supplies the token as a browser form or SPA would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.autoconfigure.exclude=", // the other tests of the starter exclude Spring Security
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,ecosystems",
        "management.endpoint.ecosystems.access=unrestricted" })
class EcosystemsEndpointSecurityTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersWorker.class)
    static class App {

        // The README's example, as it is there.
        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            http.securityMatcher(EndpointRequest.toAnyEndpoint())
                    .authorizeHttpRequests(requests -> requests
                            .requestMatchers(EndpointRequest.to("health")).permitAll()
                            .requestMatchers(EndpointRequest.to("ecosystems").withHttpMethod(HttpMethod.GET))
                            .hasRole("ACTUATOR")
                            .requestMatchers(EndpointRequest.to("ecosystems").withHttpMethod(HttpMethod.POST))
                            .hasRole("ADMIN")
                            .anyRequest().denyAll())
                    .httpBasic(Customizer.withDefaults());
            // CSRF protection stays on (Spring Security's default): actuator POSTs need the token.
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("reader").password("{noop}reader-secret").roles("ACTUATOR").build(),
                    User.withUsername("admin").password("{noop}admin-secret").roles("ACTUATOR", "ADMIN").build());
        }
    }

    @Worker(ecosystem = "orders", workers = 2, faultTolerance = FaultTolerance.SELF_HEALING)
    static class OrdersWorker {
        @HandleMessage
        String place(String order) {
            return "placed " + order;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    WebApplicationContext context;

    @Autowired
    EcosystemRegistry ecosystems;

    @Test
    void anonymousRequestsAreDenied() throws Exception {
        assertThat(send("GET", "/actuator/ecosystems", null, null).statusCode()).isEqualTo(401);
        // a POST without a CSRF token is refused before authentication
        assertThat(send("POST", "/actuator/ecosystems/orders", null, "{\"workers\": 3}").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aUserWithRoleActuatorReadsButCannotWrite() throws Exception {
        HttpResponse<String> list = send("GET", "/actuator/ecosystems", "reader:reader-secret", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"orders\"");
        assertThat(send("GET", "/actuator/ecosystems/orders", "reader:reader-secret", null).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/actuator/ecosystems", "reader:wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/actuator/ecosystems/orders", "reader:reader-secret", "{\"workers\": 3}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aWriteNeedsRoleAdminAndACsrfToken() throws Exception {
        int before = ecosystems.get("orders").workers().size();
        // role ADMIN, but no CSRF token: refused
        assertThat(send("POST", "/actuator/ecosystems/orders", "admin:admin-secret", "{\"workers\": 3}")
                .statusCode()).isEqualTo(403);
        assertThat(ecosystems.get("orders").workers()).hasSize(before);

        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        mvc.perform(post("/actuator/ecosystems/orders").with(httpBasic("reader", "reader-secret")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"workers\": 3}")).andExpect(status().isForbidden());
        mvc.perform(post("/actuator/ecosystems/orders").with(httpBasic("admin", "admin-secret"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"workers\": 3}")).andExpect(status().isForbidden());
        mvc.perform(post("/actuator/ecosystems/orders").with(httpBasic("admin", "admin-secret")).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{\"workers\": 3}")).andExpect(status().isOk());
        assertThat(ecosystems.get("orders").workers()).hasSize(3);
    }

    private HttpResponse<String> send(String method, String path, String credentials, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
