package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The graceful drain over real HTTP, as on SIGTERM: orders are accepted through a web endpoint, then the context is
 * closed (what Spring's shutdown hook does). With {@code foundation.beam.shutdown.await-termination=true} the ecosystem
 * refuses new work at once, the accepted order that completes within the drain period completes, and the one that
 * would outlast it fails with an {@link EcosystemStoppedException} saying it was abandoned after the drain period.
 */
class GracefulDrainHttpTests {

    /** Holds every "slow" order until the shutdown interrupts it: longer than the drain period. */
    static final CountDownLatch NEVER = new CountDownLatch(1);
    /** Holds the "short" orders until the drain has begun. */
    static final CountDownLatch SHORT_GATE = new CountDownLatch(1);
    static final CountDownLatch STARTED = new CountDownLatch(2);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ OrderWorker.class, OrderController.class })
    static class App {
    }

    @Worker(ecosystem = "warehouse", workers = 2)
    static class OrderWorker {
        @HandleMessage
        String handle(String order) throws InterruptedException {
            if (order.startsWith("slow")) {
                STARTED.countDown();
                NEVER.await();
            } else if (order.startsWith("short")) {
                STARTED.countDown();
                SHORT_GATE.await();
            }
            return "shipped " + order;
        }
    }

    @RestController
    static class OrderController {
        final Map<String, CompletableFuture<Object>> accepted = new ConcurrentHashMap<>();
        private final EcosystemRegistry ecosystems;

        OrderController(EcosystemRegistry ecosystems) {
            this.ecosystems = ecosystems;
        }

        @PostMapping("/orders/{id}")
        ResponseEntity<String> order(@PathVariable String id) {
            accepted.put(id, ecosystems.get("warehouse").submit(id));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(id);
        }
    }

    private ConfigurableApplicationContext context;

    @AfterEach
    void release() {
        NEVER.countDown();
        SHORT_GATE.countDown();
        if (context != null) {
            context.close();
        }
    }

    @Test
    void onCloseAcceptedWorkCompletesWithinTheDrainAndTheRestFailsClearly() throws Exception {
        SpringApplication application = new SpringApplication(App.class);
        application.setDefaultProperties(Map.of(
                "server.port", "0",
                "foundation.beam.shutdown.await-termination", "true",
                "foundation.beam.shutdown.await-termination-period", "2s",
                "foundation.beam.ecosystems.warehouse.shutdown-timeout", "1s"));
        context = application.run();
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        HttpClient http = HttpClient.newHttpClient();
        for (String id : new String[] { "short-1", "slow-1" }) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/orders/" + id))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
        }
        OrderController orders = context.getBean(OrderController.class);
        Ecosystem warehouse = context.getBean(EcosystemRegistry.class).get("warehouse");
        await().atMost(Duration.ofSeconds(10)).until(() -> STARTED.getCount() == 0);

        long start = System.nanoTime();
        ConfigurableApplicationContext closing = context;
        CompletableFuture<Void> closed = CompletableFuture.runAsync(closing::close); // the SIGTERM shutdown hook
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> warehouse.submit("late"))
                .isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("'warehouse' is draining"));
        SHORT_GATE.countDown(); // the accepted short order finishes during the drain
        assertThat(orders.accepted.get("short-1")).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("shipped short-1");
        closed.get(20, java.util.concurrent.TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(15));
        assertThatThrownBy(() -> orders.accepted.get("slow-1").get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("abandoned after the drain period of PT2S");
        assertThat(orders.accepted).containsOnlyKeys("short-1", "slow-1");
        context = null;
    }
}
