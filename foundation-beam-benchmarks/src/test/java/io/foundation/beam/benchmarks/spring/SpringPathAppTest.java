package io.foundation.beam.benchmarks.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code spring-compare.sh} compares is the same work on every path: the app, started as the script starts it
 * (on 127.0.0.1, a free port, virtual threads on), answers every endpoint over real HTTP with the hash of the same
 * number of rounds, and each path runs its work on the thread it claims to (GET /where).
 */
class SpringPathAppTest {

    private static final List<String> WORK_ENDPOINTS =
            List.of("direct", "async", "ecosystem", "ecosystem-join", "pool-join");

    private static ConfigurableApplicationContext app;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        // A short calibration target keeps the test quick; the work's result depends only on the rounds.
        System.setProperty("springpath.workNanos", "5000");
        app = SpringPathApp.start(new String[] {"--server.port=0", "--logging.level.root=WARN"});
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        base = "http://127.0.0.1:" + port + "/";
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (http != null) {
            http.close();
        }
        System.clearProperty("springpath.workNanos");
    }

    @Test
    void everyPathAnswersTheSameWorksResult() throws Exception {
        String expected = Long.toString(CpuWork.hash(app.getBean(CpuWork.class).rounds()));
        for (String endpoint : WORK_ENDPOINTS) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = get(endpoint);
                assertEquals(200, response.statusCode(), endpoint + ": " + response.body());
                assertEquals(expected, response.body(), endpoint);
            }
        }
    }

    @Test
    void everyPathRunsItsWorkOnAVirtualThreadOfItsOwnKind() throws Exception {
        HttpResponse<String> response = get("where");
        assertEquals(200, response.statusCode(), response.body());
        List<String> lines = response.body().lines().toList();
        assertEquals(4, lines.size(), response.body());
        assertTrue(lines.get(0).startsWith("direct: virtual ") && lines.get(0).contains("tomcat-handler"), lines.get(0));
        assertTrue(lines.get(1).startsWith("async: virtual ") && lines.get(1).contains("task-"), lines.get(1));
        assertTrue(lines.get(2).startsWith("ecosystem: virtual "), lines.get(2));
        assertTrue(lines.get(3).startsWith("pool: virtual ") && lines.get(3).contains("handoff-"), lines.get(3));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
