package io.foundation.beam.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prometheus as a real client (issue 19): the sample app's {@code /actuator/prometheus}, scraped over HTTP after an
 * order went through both ecosystems, has the foundation.beam series with their HELP lines, and Prometheus' own
 * {@code promtool check metrics} accepts the scrape. The scrape config and the alert rules given in README
 * ({@code sample-app/prometheus/}) pass {@code promtool check config} and {@code promtool check rules}, and the alert
 * rules' unit tests ({@code promtool test rules}) pass. promtool comes with Debian's {@code prometheus} package, which
 * {@code .ci/run} installs when it is missing; without it this test fails, it does not skip.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class PrometheusScrapeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Path PROMETHEUS_DIR = Path.of("prometheus");

    @LocalServerPort
    int port;

    @TempDir
    Path tmp;

    @Test
    void theScrapeHasTheBeamSeriesAndPassesPromtoolCheckMetrics() throws Exception {
        ApiClient api = new ApiClient("127.0.0.1", port);
        HttpResponse<String> accepted = api.order("c-prom", "KB-101", 1);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = ApiClient.json(accepted, "$.id");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                (String) ApiClient.json(api.get("/api/orders/" + id), "$.status")).isEqualTo("COMPLETED"));

        HttpResponse<String> response = scrape();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        String scrape = response.body();

        assertThat(scrape).contains(
                "# HELP foundation_beam_ecosystem_state ",
                "# TYPE foundation_beam_ecosystem_state gauge",
                "foundation_beam_ecosystem_state{ecosystem=\"warehouse\",state=\"healthy\"} 1.0",
                "foundation_beam_ecosystem_state{ecosystem=\"shipping\",state=\"critical\"} 0.0",
                "# HELP foundation_beam_processes ",
                "foundation_beam_processes{ecosystem=\"warehouse\",role=\"worker\"} 4.0",
                "# HELP foundation_beam_mailbox_backlog ",
                "# HELP foundation_beam_messages_processed_total ",
                "# TYPE foundation_beam_messages_processed_total counter",
                "foundation_beam_messages_processed_total{ecosystem=\"warehouse\",outcome=\"succeeded\"} ",
                "foundation_beam_messages_processed_total{ecosystem=\"shipping\",outcome=\"failed\"} 0.0",
                "# HELP foundation_beam_restarts_total ",
                "# HELP foundation_beam_supervisor_give_ups_total ",
                "foundation_beam_supervisor_give_ups_total{ecosystem=\"warehouse\"} 0.0",
                "# HELP foundation_beam_work_redistributed_total ",
                "# HELP foundation_beam_work_latency_seconds ",
                "# TYPE foundation_beam_work_latency_seconds summary",
                "foundation_beam_work_latency_seconds_count{ecosystem=\"warehouse\",exception=\"none\",outcome=\"succeeded\"} ");
        assertThat(scrape).doesNotContain(
                "foundation_beam_messages_processed_total{ecosystem=\"warehouse\",outcome=\"succeeded\"} 0.0");
        assertThat(scrape.lines().filter(line -> line.startsWith("# HELP foundation_beam_")))
                .allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4));

        // Foundation BEAM's own series: valid and lint-free (HELP text, counters in _total, base units spelled out).
        Path beam = tmp.resolve("foundation-beam.txt");
        Files.writeString(beam, scrape.lines().filter(line -> line.contains(" foundation_beam_")
                || line.startsWith("foundation_beam_")).collect(Collectors.joining("\n", "", "\n")));
        promtool("check", "metrics").withStdin(beam).succeeds();

        // The whole scrape: promtool parses it (a parse error is exit 1, "error while linting"); its lint problems,
        // if any, are about Boot's and Micrometer's own meters (http_server_requests has no HELP text, jvm and
        // process meters spell units "ms" and "ns", system_cpu_count ends in _count), never ours.
        Path whole = tmp.resolve("scrape.txt");
        Files.writeString(whole, scrape);
        PromtoolResult result = promtool("check", "metrics").withStdin(whole).run();
        assertThat(result.exitCode()).as("promtool check metrics on the whole scrape:%n%s", result.output())
                .isIn(0, 3);
        assertThat(result.output()).doesNotContain("error while linting").doesNotContain("foundation_beam");
    }

    @Test
    void theReadmeScrapeConfigAndAlertRulesPassPromtool() {
        promtool("check", "config", PROMETHEUS_DIR.resolve("prometheus.yml").toString()).succeeds();
        promtool("check", "rules", PROMETHEUS_DIR.resolve("alerts.yml").toString()).succeeds();
        promtool("test", "rules", PROMETHEUS_DIR.resolve("alerts-test.yml").toString()).succeeds();
    }

    private HttpResponse<String> scrape() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(TIMEOUT)
                // what Prometheus sends when it prefers the classic text format
                .header("Accept", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                .GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Promtool promtool(String... args) {
        return new Promtool(List.of(args));
    }

    private record Promtool(List<String> args, Path stdin) {

        Promtool(List<String> args) {
            this(args, null);
        }

        Promtool withStdin(Path file) {
            return new Promtool(args, file);
        }

        void succeeds() {
            PromtoolResult result = run();
            assertThat(result.exitCode())
                    .as("%s exited with %d:%n%s", result.command(), result.exitCode(), result.output()).isZero();
            if (args.contains("metrics")) {
                // check metrics prints nothing (exit 0) when the exposition is valid and lint-free
                assertThat(result.output()).as("promtool check metrics reported:%n%s", result.output()).isBlank();
            }
        }

        PromtoolResult run() {
            List<String> command = new ArrayList<>();
            command.add("promtool");
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("promtool is not installed (" + e.getMessage() + "): install Debian's "
                        + "prometheus package (apt-get install prometheus), as .ci/run does", e);
            }
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in 30 s:\n" + output);
                }
                return new PromtoolResult(String.join(" ", command), process.exitValue(), output);
            } catch (IOException e) {
                throw new AssertionError("reading promtool's output", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running promtool", e);
            }
        }
    }

    private record PromtoolResult(String command, int exitCode, String output) {
    }
}
