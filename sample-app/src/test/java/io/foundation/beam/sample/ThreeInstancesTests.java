package io.foundation.beam.sample;

import static io.foundation.beam.sample.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cluster profile end to end over real HTTP: three instances of the service (a, b, c) in this JVM on 127.0.0.1
 * form a cluster, the warehouse runs two pickers on each with one coordinator; orders placed on every instance
 * complete, and when the coordinator's instance stops, orders keep completing on the other two (the README's tour
 * does the same with {@code kill -9} on three processes).
 */
@Timeout(180)
class ThreeInstancesTests {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final List<String> NAMES = List.of("a", "b", "c");

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @TempDir
    Path raft;

    @AfterEach
    void stopAll() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void ordersOnEveryInstanceCompleteAndKeepCompletingWhenTheCoordinatorsInstanceStops() throws Exception {
        int[] ports = clusterPorts(3);
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        // one after the other: Spring Boot's logging system is one per JVM and is set up by each start
        for (int i = 0; i < 3; i++) {
            // command-line arguments, as the README's three commands: they win over application.yml
            instances.add(new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
                    .run("--server.port=0", "--server.address=127.0.0.1",
                            "--foundation.beam.runtime.name=" + NAMES.get(i),
                            "--foundation.beam.cluster.bind-port=" + ports[i],
                            "--foundation.beam.cluster.initial-members=" + members,
                            "--foundation.beam.cluster.raft.log-directory=" + raft.resolve(NAMES.get(i)),
                            "--sample.warehouse.latency=5ms"));
        }
        List<ApiClient> apis = instances.stream().map(c -> new ApiClient("127.0.0.1",
                ((WebServerApplicationContext) c).getWebServer().getPort())).toList();

        // every instance sees the warehouse's coordinator and two pickers on each node
        await().atMost(WAIT).untilAsserted(() -> {
            for (ApiClient api : apis) {
                HttpResponse<String> list = api.get("/actuator/ecosystems");
                assertThat(ApiClient.<String>json(list, "$.cluster.ecosystems[0].coordinatorNode"))
                        .as(list.body()).isNotNull();
                assertThat(ApiClient.<Map<String, Integer>>json(list, "$.cluster.ecosystems[0].workersByNode"))
                        .isEqualTo(Map.of("a", 2, "b", 2, "c", 2));
            }
        });
        String coordinator = json(apis.get(0).get("/actuator/ecosystems"), "$.cluster.ecosystems[0].coordinatorNode");
        int stopped = NAMES.indexOf(coordinator);

        List<List<String>> placed = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        place(apis, placed, 0, 45, List.of(0, 1, 2));
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(stopped));
        instances.get(stopped).close();
        place(apis, placed, 45, 30, survivors);

        await().atMost(WAIT).untilAsserted(() -> {
            for (int i : survivors) {
                for (String id : placed.get(i)) {
                    HttpResponse<String> order = apis.get(i).get("/api/orders/" + id);
                    assertThat((String) json(order, "$.status")).as(order.body()).isEqualTo("COMPLETED");
                }
            }
        });
        String next = json(apis.get(survivors.get(0)).get("/actuator/ecosystems"),
                "$.cluster.ecosystems[0].coordinatorNode");
        assertThat(next).isNotEqualTo(coordinator);
        assertThat(ApiClient.<Map<String, Integer>>json(apis.get(survivors.get(0)).get("/actuator/ecosystems"),
                "$.cluster.ecosystems[0].workersByNode")).as("the two left share the six pickers").containsValues(3, 3);
    }

    private static void place(List<ApiClient> apis, List<List<String>> placed, int from, int count, List<Integer> on)
            throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            List<Integer> where = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                int instance = on.get(i % on.size());
                String sku = i % 2 == 0 ? "KB-101" : "MS-202";
                responses.add(clients.submit(() -> apis.get(instance).order("customer-" + instance, sku, 1)));
                where.add(instance);
            }
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<String> response = responses.get(i).get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                placed.get(where.get(i)).add(json(response, "$.id"));
            }
        }
    }

    /** Ports free on 127.0.0.1, each with the port 100 above it free too (JGroups' failure detection listens there). */
    private static int[] clusterPorts(int n) throws IOException {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                    port = s.getLocalPort();
                }
                if (port + 100 <= 65535 && free(port + 100) && !contains(ports, port)) {
                    ports[i] = port;
                    break;
                }
                if (attempt > 20) {
                    throw new IllegalStateException("no free pair of ports on 127.0.0.1");
                }
            }
        }
        return ports;
    }

    private static boolean contains(int[] ports, int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
