package io.foundation.beam.boot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.supervision.RestartIntensity;
import io.foundation.beam.test.BeamTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The mapping of ecosystem health to Boot's statuses, and the details. Concurrent: repeated. Each test gets its own
 * runtime from the TestKit, shut down after it (and failing it if a process outlives the shutdown).
 */
@BeamTest
class EcosystemHealthIndicatorTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private BeamRuntime runtime;

    @BeforeEach
    void open(BeamRuntime testRuntime) {
        runtime = testRuntime;
    }

    private Ecosystem spawn(String name, int workers, FaultTolerance faultTolerance) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name)
                .workers(workers, () -> (message, ctx) -> {
                    if ("crash".equals(message)) {
                        throw new IllegalStateException("crash requested");
                    }
                    return message;
                })
                .faultTolerance(faultTolerance)
                .restartIntensity(new RestartIntensity(0, Duration.ofSeconds(5)))
                .build());
    }

    private static Health health(Ecosystem ecosystem) {
        return new EcosystemHealthIndicator(ecosystem, EcosystemHealthStatusMapper.DEFAULT).health();
    }

    @Test
    void healthyIsUpWithTheDetailsOfEcosystemHealth() {
        Ecosystem eco = spawn("fine", 3, FaultTolerance.SELF_HEALING);
        Health health = health(eco);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "HEALTHY").containsEntry("reasons", List.of())
                .containsEntry("coordinator", "ALIVE").containsEntry("workersAlive", 3)
                .containsEntry("workersDead", 0).containsEntry("workersExpected", 3).containsEntry("restarts", 0)
                .containsEntry("backlog", 0L).containsEntry("workInFlight", 0).containsEntry("topology", "tree")
                .containsEntry("faultTolerance", "self-healing").containsKeys("memoryPressure", "heapUsedRatio");
    }

    @RepeatedTest(3)
    void degradedStaysUpWithItsReasons() {
        Ecosystem eco = spawn("standard", 2, FaultTolerance.STANDARD);
        runtime.kill(eco.workers().get(0)); // STANDARD: not restarted, one of two workers left
        await().atMost(WAIT).until(() -> eco.health().status() == EcosystemHealth.Status.DEGRADED);
        Health health = health(eco);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("state", "DEGRADED").containsEntry("workersAlive", 1)
                .containsEntry("workersDead", 1).containsEntry("workersExpected", 2);
        assertThat(health.getDetails().get("reasons")).asString().contains("1 of 2 workers are dead");
    }

    @RepeatedTest(3)
    void aSupervisorThatGaveUpIsDown() {
        Ecosystem eco = spawn("fragile", 1, FaultTolerance.SELF_HEALING);
        eco.submit("crash");
        await().atMost(WAIT).until(() -> !eco.isRunning());
        Health health = health(eco);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "CRITICAL");
        assertThat(health.getDetails().get("reasons")).asString().contains("supervisor gave up");
    }

    @Test
    void aCustomMapperDecidesTheStatus() {
        Ecosystem eco = spawn("custom", 1, FaultTolerance.SELF_HEALING);
        Status degraded = new Status("DEGRADED");
        Health health = new EcosystemHealthIndicator(eco, h -> h.status() == EcosystemHealth.Status.HEALTHY
                ? degraded : Status.UNKNOWN).health();
        assertThat(health.getStatus()).isEqualTo(degraded);
    }
}
