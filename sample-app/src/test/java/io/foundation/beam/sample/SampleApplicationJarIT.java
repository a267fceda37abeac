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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged sample application, started once with {@code java -jar} (a Spring Boot executable jar: the class path
 * is that one jar, the application and its libraries nested in it): {@code GET /api/reports/stock} is built in a
 * child JVM of the capped heap of application.yml, which the starter started through Boot's PropertiesLauncher. Run
 * after {@code package} by the {@code executable-jar-test} surefire execution, which passes the jar as
 * {@code sample.jar}; skipped anywhere else. Ends the application and its child JVMs.
 */
class SampleApplicationJarIT {

    private static final Duration STARTUP = PackagedJar.STARTUP;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long MB = 1024 * 1024;
    private static final String LAUNCHED_CHILD =
            "-Dloader.main=io.foundation.beam.internal.fork.ChildMain";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final List<ProcessHandle> seen = new ArrayList<>();
    private PackagedJar jar;

    @AfterEach
    void stopTheApplicationAndItsChildren() throws InterruptedException {
        if (jar == null) {
            return;
        }
        jar.process.descendants().forEach(seen::add);
        jar.stop();
        // The children end with their parent (they watch it); any left over is ended here.
        try {
            await("the application's child JVMs ended").atMost(Duration.ofSeconds(10))
                    .until(() -> seen.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            seen.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theExecutableJarBuildsTheStockReportInAChildJvm() throws IOException {
        jar = PackagedJar.start("sample-app-jar-");
        Process app = jar.process;
        Path log = jar.log;
        int port = jar.port;
        String uri = "http://127.0.0.1:" + port + "/api/reports/stock";

        HttpResponse<String> report = await("the stock report").atMost(STARTUP)
                .ignoreException(ConnectException.class)
                .until(() -> get(uri), response -> response.statusCode() != 404);
        assertThat(report.statusCode()).as("%s (log: %s)", report.body(), log).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(report.body(), "$.products")).isEqualTo(5);
        assertThat(JsonPath.<List<String>>read(report.body(), "$.unknownWeight")).containsExactly("LEGACY-9");
        long childPid = JsonPath.<Number>read(report.body(), "$.builtByPid").longValue();
        assertThat(childPid).as("built in a child JVM, not the application's").isNotEqualTo(app.pid());
        assertThat(JsonPath.<Number>read(report.body(), "$.builtWithMaxHeapBytes").longValue())
                .as("the child's heap cap (foundation.beam.isolation.max-heap: 64MB)")
                .isPositive().isLessThanOrEqualTo(64 * MB);

        // The pool's next warm child: started from the jar through Boot's launcher, which runs the child's main class.
        ProcessHandle child = await("a warm child JVM of the application").atMost(Duration.ofSeconds(15))
                .until(() -> app.children().filter(p -> p.info().commandLine().orElse("").contains(LAUNCHED_CHILD))
                        .findFirst().orElse(null), found -> found != null);
        seen.add(child);
        assertThat(child.info().commandLine().orElseThrow())
                .contains("org.springframework.boot.loader.launch.PropertiesLauncher", "-Xmx64m",
                        System.getProperty("sample.jar"));
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
