package io.foundation.beam.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.IsolatedHeapLimitException;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolationOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of isolated work in child JVMs, against a real pool: the children alive, their start time, how they
 * ended (recycled after a task, or died at their heap limit), and each task's round trip by outcome.
 */
class IsolationMetricsTests {

    private static final long MB = 1024L * 1024L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private BeamRuntime runtime;

    /** Returns its input's length. */
    public static final class Length implements IsolatedTask<String, Integer> {
        @Override
        public Integer run(String input) {
            return input.length();
        }
    }

    /** Allocates far more than a 32 MB heap. */
    public static final class Hog implements IsolatedTask<String, Integer> {
        @Override
        public Integer run(String input) {
            byte[][] blocks = new byte[64][];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = new byte[1024 * 1024];
            }
            return blocks.length;
        }
    }

    @BeforeEach
    void open() {
        BeamMetrics metrics = new BeamMetrics(registry, List::of);
        runtime = BeamRuntime.builder().name("isolation-metrics").listener(metrics).build();
        metrics.bindDeclaredEcosystems();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void countsTheChildJvmsTheirStartsAndHowTheyEnded() {
        assertThat(registry.get(BeamMetricNames.ISOLATION_CHILDREN).gauge().value()).isZero();
        IsolationOptions options = IsolationOptions.forked().withMaxHeap(32 * MB).withTimeout(Duration.ofSeconds(30));

        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, Length.class, "four", options)).isEqualTo(4);
        try {
            Ecosystems.isolateMemoryIntensiveWork(runtime, Hog.class, "", options);
        } catch (IsolatedHeapLimitException expected) {
            // its child died at its heap cap: counted below
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(registry.get(BeamMetricNames.ISOLATION_CHILDREN_ENDED).tag("reason", "recycled").counter()
                    .count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get(BeamMetricNames.ISOLATION_CHILDREN_ENDED).tag("reason", "died").counter()
                    .count()).isEqualTo(1);
        });
        // a fresh child is started after each (the second by the restarted pool process): three starts, one alive
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            assertThat(registry.get(BeamMetricNames.ISOLATION_CHILD_START).timer().count()).isEqualTo(3);
            assertThat(registry.get(BeamMetricNames.ISOLATION_CHILDREN).gauge().value()).isEqualTo(1.0);
        });
        assertThat(registry.get(BeamMetricNames.ISOLATED_WORK).tag("outcome", "succeeded").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(BeamMetricNames.ISOLATED_WORK).tag("outcome", "heap_limit").timer().count())
                .isEqualTo(1);
    }
}
