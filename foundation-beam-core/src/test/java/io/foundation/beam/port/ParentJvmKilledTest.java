package io.foundation.beam.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No orphan when the JVM that opened a port dies without a chance to clean up: a parent JVM opens a port, the test
 * kills the JVM with SIGKILL ({@code Process.destroyForcibly} on Unix), and the program must end by itself (its
 * watchdog notices the JVM is gone).
 */
class ParentJvmKilledTest {

    @Test
    void theProgramEndsWhenItsJvmIsKilledWithSigkill() throws Exception {
        Process jvm = startParentJvm();
        long programPid = -1;
        try {
            CompletableFuture<Long> pid = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("PROGRAM ")) {
                            pid.complete(Long.parseLong(line.substring("PROGRAM ".length())));
                        }
                    }
                    pid.completeExceptionally(new AssertionError("the parent JVM ended without opening its port"));
                } catch (java.io.IOException e) {
                    pid.completeExceptionally(e);
                }
            });
            programPid = pid.get(30, TimeUnit.SECONDS);
            long program = programPid;
            assertThat(Inbox.gone(program)).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(program)
                    .flatMap(p -> p.info().command()).orElse("").endsWith("sleep")); // after "echo $$; exec sleep"

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no runtime close
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> Inbox.gone(program));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
        } finally {
            jvm.destroyForcibly();
            if (programPid > 0) {
                Inbox.cleanUp(programPid);
            }
        }
    }

    /** The test's own java and class path (tests run on the module path: both paths, flattened to a class path). */
    private static Process startParentJvm() throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("cannot tell which java runs this test"));
        List<String> path = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                path.add(value);
            }
        }
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, path), PortParentMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
