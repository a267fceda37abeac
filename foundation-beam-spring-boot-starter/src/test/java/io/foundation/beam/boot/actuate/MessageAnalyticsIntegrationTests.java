package io.foundation.beam.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Message analytics over HTTP: a known number of pieces of work submitted to an ecosystem with
 * {@code message-analytics} on shows as exactly that many worker messages in the {@code ecosystems} endpoint and in
 * the {@code foundation.beam.message.*} meters, whose figures also match each other; an ecosystem with analytics off
 * says so and has no such meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=metrics,ecosystems",
        "foundation.beam.ecosystems.tracked.message-analytics=true" })
class MessageAnalyticsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ TrackedWorker.class, PlainWorker.class })
    static class App {
    }

    @Worker(ecosystem = "tracked", workers = 3)
    static class TrackedWorker {
        @HandleMessage
        String handle(String message) {
            return message.toUpperCase(java.util.Locale.ROOT);
        }
    }

    @Worker(ecosystem = "plain", workers = 2)
    static class PlainWorker {
        @HandleMessage
        String handle(String message) {
            return message;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return LocalHttp.get(port, path);
    }

    private <T> T json(String json, String path) {
        return JsonPath.read(json, path);
    }

    private static long number(String json, String path) {
        return ((Number) JsonPath.read(json, path)).longValue();
    }

    private static double decimal(String json, String path) {
        return ((Number) JsonPath.read(json, path)).doubleValue();
    }

    private static long sum(String json, String path) {
        List<Number> values = JsonPath.read(json, path);
        return values.stream().mapToLong(Number::longValue).sum();
    }

    /** @return the meter's statistic over HTTP, or null if there is no such meter */
    private Double statistic(String meter, String ecosystem, String role, String statistic)
            throws IOException, InterruptedException {
        return taggedStatistic(meter, ecosystem, "role:" + role, statistic);
    }

    /** @param tag another tag, as {@code key:value} */
    private Double taggedStatistic(String meter, String ecosystem, String tag, String statistic)
            throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/metrics/" + meter + "?tag=ecosystem:" + ecosystem
                + "&tag=" + tag);
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        List<Double> values = JsonPath.read(response.body(), "$.measurements[?(@.statistic=='" + statistic
                + "')].value");
        return values.getFirst();
    }

    private static void submit(Ecosystem ecosystem, int pieces) {
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            results.add(ecosystem.submit("work-" + i));
        }
        assertThat(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
    }

    @Test
    void theEndpointAndTheMetersCountEveryMessageOfAnEcosystemWithAnalytics() throws Exception {
        Ecosystem tracked = ecosystems.get("tracked");
        long before = tracked.messageStats().orElseThrow().workers().messages();
        submit(tracked, 40);
        long expected = before + 40;

        // Workers: each piece of work is one message taken by one worker. The coordinator takes the submissions and
        // the workers' notices; it may still be taking the last ones, so wait until the figures agree.
        await().atMost(WAIT).untilAsserted(() -> {
            String tree = get("/actuator/ecosystems/tracked").body();
            EcosystemMessageStats api = tracked.messageStats().orElseThrow();
            assertThat((Boolean) JsonPath.read(tree, "$.messageAnalytics")).isTrue();
            for (String role : List.of("workers", "coordinator")) {
                String meterRole = role.equals("workers") ? "worker" : "coordinator";
                long messages = number(tree, "$.messages." + role + ".messages");
                if (role.equals("workers")) {
                    assertThat(messages).isEqualTo(expected);
                    assertThat(sum(tree, "$.messages.workerProcesses[*].messages")).isEqualTo(expected);
                } else {
                    assertThat(messages).isEqualTo(api.coordinator().messages()).isPositive();
                }
                assertThat(sum(tree, "$.messages." + role + ".sizeHistogram[*].count")).isEqualTo(messages);
                assertThat(sum(tree, "$.messages." + role + ".queueWaitHistogram[*].count")).isEqualTo(messages);
                long bytes = number(tree, "$.messages." + role + ".estimatedBytes");
                assertThat(decimal(tree, "$.messages." + role + ".meanBytes"))
                        .isCloseTo((double) bytes / messages, within(1e-9));
                long maxWait = number(tree, "$.messages." + role + ".maxQueueWaitNanos");
                assertThat(number(tree, "$.messages." + role + ".meanQueueWaitNanos")).isBetween(0L, maxWait);

                assertThat(statistic("foundation.beam.message.queue.wait", "tracked", meterRole, "COUNT"))
                        .isEqualTo((double) messages);
                assertThat(statistic("foundation.beam.message.size", "tracked", meterRole, "COUNT"))
                        .isEqualTo((double) messages);
                assertThat(statistic("foundation.beam.message.size", "tracked", meterRole, "TOTAL"))
                        .isEqualTo((double) bytes);
                assertThat(statistic("foundation.beam.message.queue.wait", "tracked", meterRole, "MAX"))
                        .isCloseTo(maxWait / 1e9, within(1e-9));
            }
        });

        String list = get("/actuator/ecosystems").body();
        String tree = get("/actuator/ecosystems/tracked").body();
        List<Map<String, Object>> summaries = JsonPath.read(list, "$.ecosystems[?(@.name=='tracked')]");
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s).containsEntry("messageAnalytics", true));
        assertThat(sum(list, "$.ecosystems[?(@.name=='tracked')].messages.messages"))
                .isEqualTo(number(tree, "$.messages.workers.messages")
                        + number(tree, "$.messages.coordinator.messages"));
    }

    @Test
    void anEcosystemWithoutAnalyticsSaysSoAndHasNoMessageMeters() throws Exception {
        Ecosystem plain = ecosystems.get("plain");
        submit(plain, 10);
        await().atMost(WAIT).until(() -> {
            Double processed = taggedStatistic("foundation.beam.messages.processed", "plain", "outcome:succeeded",
                    "COUNT");
            return processed != null && processed >= 10;
        });

        HttpResponse<String> tree = get("/actuator/ecosystems/plain");
        assertThat(tree.statusCode()).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(tree.body(), "$.messageAnalytics")).isFalse();
        // Actuator leaves null members out of its JSON: no "messages" at all, rather than zeros.
        assertThat(this.<Map<String, Object>>json(tree.body(), "$")).doesNotContainKey("messages");
        String list = get("/actuator/ecosystems").body();
        List<Boolean> analytics = JsonPath.read(list, "$.ecosystems[?(@.name=='plain')].messageAnalytics");
        assertThat(analytics).containsExactly(false);
        List<Map<String, Object>> summary = JsonPath.read(list, "$.ecosystems[?(@.name=='plain')]");
        assertThat(summary).singleElement().satisfies(s -> assertThat(s).doesNotContainKey("messages"));

        for (String role : List.of("worker", "coordinator")) {
            assertThat(statistic("foundation.beam.message.queue.wait", "plain", role, "COUNT")).isNull();
            assertThat(statistic("foundation.beam.message.size", "plain", role, "COUNT")).isNull();
        }
        assertThat(plain.messageStats()).isEmpty();
    }
}
