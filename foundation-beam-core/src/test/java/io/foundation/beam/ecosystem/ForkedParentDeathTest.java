package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM of isolated work never outlives its parent: a separate parent JVM ({@link ForkedParentMain}) forks a
 * child running a task that blocks; the test kills the parent with {@code kill -9} (no shutdown hook runs) and the
 * child must be gone within seconds (it sees its standard input end and its parent's pid vanish).
 */
class ForkedParentDeathTest {

    @TempDir
    Path dir;

    @Test
    void killingTheParentJvmEndsItsChildren() throws Exception {
        Path marker = dir.resolve("child.pid");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("jdk.module.path", "");
        String classPath = (modulePath.isBlank() ? "" : modulePath + File.pathSeparator)
                + System.getProperty("java.class.path");
        Process parent = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, ForkedParentMain.class.getName(), marker.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("parent.log").toFile()).start();
        Optional<ProcessHandle> child = Optional.empty();
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(marker) || !parent.isAlive());
            assertThat(parent.isAlive()).as("parent alive; its output: %s",
                    Files.readString(dir.resolve("parent.log"))).isTrue();
            long childPid = Long.parseLong(Files.readString(marker).trim());
            child = ProcessHandle.of(childPid);
            assertThat(child).isPresent();
            assertThat(child.get().parent().map(ProcessHandle::pid)).contains(parent.pid());

            parent.destroyForcibly(); // SIGKILL
            parent.waitFor();

            ProcessHandle orphan = child.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive());
        } finally {
            parent.destroyForcibly();
            child.ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
