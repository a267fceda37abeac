package io.foundation.beam.boot.autoconfigure.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.isolation.MemoryIsolation;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolationOptions;
import java.io.File;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code MemoryIsolation} bean: its options from {@code foundation.beam.isolation.*}, their failures, a task. */
class BeamIsolationAutoConfigurationTests {

    private static final long MB = 1024L * 1024L;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class,
                    BeamIsolationAutoConfiguration.class));

    /** A task for the child JVM: the length of its input, and the child's heap cap. */
    public static final class Measure implements IsolatedTask<String, List<Long>> {
        @Override
        public List<Long> run(String input) {
            return List.of((long) input.length(), Runtime.getRuntime().maxMemory());
        }
    }

    @Test
    void runsInAPoolOfChildJvmsByDefault() {
        runner.run(context -> {
            IsolationOptions options = context.getBean(MemoryIsolation.class).options();
            assertThat(options.isForked()).isTrue();
            assertThat(options.poolSize()).isEqualTo(1);
            assertThat(options.maxHeapBytes()).isEqualTo(256 * MB);
            assertThat(options.tasksPerChild()).isEqualTo(1);
            assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void takesItsOptionsFromTheProperties() {
        runner.withPropertyValues("foundation.beam.isolation.pool-size=2", "foundation.beam.isolation.max-heap=48MB",
                "foundation.beam.isolation.max-metaspace=64MB", "foundation.beam.isolation.max-direct-memory=8MB",
                "foundation.beam.isolation.jvm-flags=-XX:TieredStopAtLevel=1",
                "foundation.beam.isolation.allowed-classes=com.example.**", "foundation.beam.isolation.timeout=5",
                "foundation.beam.isolation.recycle.tasks-per-child=3",
                "foundation.beam.isolation.recycle.above-heap=32MB").run(context -> {
                    IsolationOptions options = context.getBean(IsolationOptions.class);
                    assertThat(options.poolSize()).isEqualTo(2);
                    assertThat(options.maxHeapBytes()).isEqualTo(48 * MB);
                    assertThat(options.maxMetaspaceBytes()).isEqualTo(64 * MB);
                    assertThat(options.maxDirectMemoryBytes()).isEqualTo(8 * MB);
                    assertThat(options.jvmFlags()).containsExactly("-XX:TieredStopAtLevel=1");
                    assertThat(options.allowedClasses()).containsExactly("com.example.**");
                    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(options.tasksPerChild()).isEqualTo(3);
                    assertThat(options.recycleAboveHeapBytes()).isEqualTo(32 * MB);
                });
        runner.withPropertyValues("foundation.beam.isolation.mode=in-process").run(context -> {
            MemoryIsolation isolation = context.getBean(MemoryIsolation.class);
            assertThat(isolation.options().isForked()).isFalse();
            assertThat(isolation.run(Measure.class, "abc").get(0)).isEqualTo(3L);
        });
    }

    @Test
    void runsATaskInAChildJvmOfCappedHeap() {
        runner.withPropertyValues("foundation.beam.isolation.max-heap=32MB").run(context -> {
            List<Long> answer = context.getBean(MemoryIsolation.class).run(Measure.class, "hello");
            assertThat(answer.get(0)).isEqualTo(5L);
            assertThat(answer.get(1)).isLessThanOrEqualTo(32 * MB).isNotEqualTo(Runtime.getRuntime().maxMemory());
        });
    }

    @Test
    void failsTheStartupNamingARefusedProperty() {
        assertRefused("foundation.beam.isolation.pool-size=0", "foundation.beam.isolation.pool-size", "1 to 64");
        assertRefused("foundation.beam.isolation.max-heap=1MB", "foundation.beam.isolation.max-heap", "8 MB");
        assertRefused("foundation.beam.isolation.jvm-flags=Xmx1g", "foundation.beam.isolation.jvm-flags",
                "starts with '-'");
        assertRefused("foundation.beam.isolation.timeout=0", "foundation.beam.isolation.timeout", "positive");
        assertRefused("foundation.beam.isolation.recycle.tasks-per-child=0",
                "foundation.beam.isolation.recycle.tasks-per-child", "at least 1");
    }

    @Test
    void fromAnExecutableJarForkedChildrenStartThroughBootsPropertiesLauncher() {
        assertThat(BeamIsolationAutoConfiguration.runsFromExecutableJar("app.jar", true)).isTrue();
        assertThat(BeamIsolationAutoConfiguration.runsFromExecutableJar("/srv/app/app.jar", true)).isTrue();
        assertThat(BeamIsolationAutoConfiguration.runsFromExecutableJar("app.jar", false))
                .as("a plain jar, without Boot's loader").isFalse();
        assertThat(BeamIsolationAutoConfiguration.runsFromExecutableJar(
                "target/classes" + File.pathSeparator + "lib.jar", true)).as("an exploded class path").isFalse();
        assertThat(BeamIsolationAutoConfiguration.runsFromExecutableJar("target/classes", true)).isFalse();

        IsolationOptions launched = BeamIsolationAutoConfiguration.forExecutableJar(
                IsolationOptions.forked().withMaxHeap(64L * 1024 * 1024));
        assertThat(launched.launcherMainClass()).contains("org.springframework.boot.loader.launch.PropertiesLauncher");
        assertThat(launched.launcherMainClassProperty()).contains("loader.main");
        assertThat(launched.maxHeapBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(BeamIsolationAutoConfiguration.forExecutableJar(IsolationOptions.inProcess()).launcherMainClass())
                .isEmpty();
    }

    @Test
    void outsideAnExecutableJarTheChildrenStartPlainly() {
        // The tests' class path is directories and jars, without Boot's loader.
        runner.run(context -> assertThat(context.getBean(MemoryIsolation.class).options().launcherMainClass())
                .isEmpty());
    }

    @Test
    void backsOffToUserDefinedOptions() {
        runner.withBean(IsolationOptions.class, () -> IsolationOptions.forked().withPoolSize(3)).run(context ->
                assertThat(context.getBean(MemoryIsolation.class).options().poolSize()).isEqualTo(3));
    }

    private void assertRefused(String property, String name, String why) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof BeamConfigurationException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(BeamConfigurationException.class);
            BeamConfigurationException e = (BeamConfigurationException) failure;
            assertThat(e.description()).contains(name).contains(why);
            assertThat(e.action()).contains(name);
        });
    }
}
