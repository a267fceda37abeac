package io.foundation.beam.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged sample application ({@code sample.jar}, set by the surefire executions that run after
 * {@code package}), started with {@code java [jvmArgs] -jar} on the test's JDK, on 127.0.0.1 and a free port, its
 * output in a log under {@code target}; {@link #stop()} ends it (SIGTERM, then force after 30 s).
 */
final class PackagedJar {

    static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    final Process process;
    final Path log;
    final int port;

    private PackagedJar(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the jar and waits for its port; the test is skipped when {@code sample.jar} is not set.
     *
     * @param logPrefix the log file's prefix
     * @param jvmArgs options before {@code -jar}
     * @return the running application
     */
    static PackagedJar start(String logPrefix, String... jvmArgs) throws IOException {
        String packaged = System.getProperty("sample.jar");
        assumeTrue(packaged != null, "run after package, by an execution that sets sample.jar");
        Path jar = Path.of(packaged);
        assertThat(jar).as("the packaged sample application").isRegularFile();
        Path log = Files.createTempFile(Path.of("target"), logPrefix, ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=0"));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int port = await("the application's port (log: " + log + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(app.isAlive()).as("the application is running (log: %s)", log).isTrue();
                    Matcher matcher = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
                    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
                }, found -> found > 0);
        return new PackagedJar(app, log, port);
    }

    /** Ends the application: SIGTERM (a graceful shutdown of the context), then force after 30 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
