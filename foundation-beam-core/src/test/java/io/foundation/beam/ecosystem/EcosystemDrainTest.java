package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.WorkOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown, {@link Ecosystem#shutdown(Duration, Duration)}: from the call on no new work is taken, work
 * already accepted (running or queued) completes within the drain period, and what outlives it fails with an
 * {@link EcosystemStoppedException} saying it was abandoned after the drain period.
 */
class EcosystemDrainTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("drain").listener(events::add).build();
    }

    @AfterEach
    void close() {
        release.countDown();
        runtime.close();
    }

    /** "slow" waits for {@link #release}; anything else is echoed. */
    private Ecosystem spawn(String name, int workers) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name).workers(workers, () -> (message, c) -> {
            if ("slow".equals(message)) {
                slowStarted.countDown();
                release.await();
            }
            return message;
        }).build());
    }

    private static void awaitDraining(Ecosystem eco) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> eco.submit("late"))
                .isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("is draining")
                .hasMessageContaining("shutting down"));
    }

    @Test
    void acceptedWorkRunningAndQueuedCompletesWithinTheDrainWhileNewWorkIsRefused() throws Exception {
        Ecosystem eco = spawn("drain-completes", 1);
        CompletableFuture<Object> running = eco.submit("slow");
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> queued = eco.submit("queued"); // behind the slow one, in the one worker's mailbox

        CompletableFuture<EcosystemShutdownReport> shutdown = CompletableFuture.supplyAsync(
                () -> eco.shutdown(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        awaitDraining(eco);
        assertThat(eco.isRunning()).as("the members still run during the drain").isTrue();
        assertThatThrownBy(() -> eco.send("x")).isInstanceOf(EcosystemStoppedException.class);
        assertThat(shutdown).isNotDone();
        assertThat(running).isNotDone();

        release.countDown();
        EcosystemShutdownReport report = shutdown.get(10, TimeUnit.SECONDS);

        assertThat(running.get()).isEqualTo("slow");
        assertThat(queued.get()).isEqualTo("queued");
        assertThat(report.abandonedWork()).isZero();
        assertThat(report.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(eco.isRunning()).isFalse();
        assertThatThrownBy(() -> eco.submit("after")).isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("is stopped");
    }

    @Test
    void workOutlivingTheDrainPeriodIsAbandonedWithAClearException() throws Exception {
        Ecosystem eco = spawn("drain-expires", 2);
        CompletableFuture<Object> slow = eco.submit("slow");
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> quick = eco.submit("k", "quick");

        EcosystemShutdownReport report = eco.shutdown(Duration.ofMillis(300), Duration.ofSeconds(2));

        assertThat(quick.get(1, TimeUnit.SECONDS)).isEqualTo("quick");
        assertThatThrownBy(slow::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("ecosystem 'drain-expires' shut down")
                .hasMessageContaining("abandoned after the drain period of PT0.3S");
        assertThat(report.abandonedWork()).isEqualTo(1);
        assertThat(report.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .anyMatch(e -> e instanceof BeamEvent.WorkProcessed w && w.outcome() == WorkOutcome.ABANDONED));
    }

    @Test
    void aPlainShutdownDuringTheDrainEndsIt() throws Exception {
        Ecosystem eco = spawn("drain-cut-short", 1);
        CompletableFuture<Object> slow = eco.submit("slow");
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<EcosystemShutdownReport> draining = CompletableFuture.supplyAsync(
                () -> eco.shutdown(Duration.ofMinutes(5), Duration.ofSeconds(5)));
        awaitDraining(eco);

        EcosystemShutdownReport report = eco.shutdown(Duration.ofSeconds(1));

        assertThat(report.abandonedWork()).isEqualTo(1);
        assertThatThrownBy(slow::get).cause().isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("stopped before work");
        assertThat(draining.get(10, TimeUnit.SECONDS).stopped()).as("the drain's own shutdown found it done").isZero();
    }

    @Test
    void withNothingPendingTheDrainEndsAtOnce() {
        Ecosystem eco = spawn("drain-idle", 1);
        EcosystemShutdownReport report = eco.shutdown(Duration.ofMinutes(5), Duration.ofSeconds(5));
        assertThat(report.abandonedWork()).isZero();
        assertThat(report.took()).isLessThan(Duration.ofMinutes(1));
        assertThat(eco.shutdown(Duration.ofSeconds(1), Duration.ofSeconds(1)).stopped()).isZero();
    }

    @Test
    void aNegativeDrainIsRefusedAndLeavesTheEcosystemRunning() {
        Ecosystem eco = spawn("drain-negative", 1);
        assertThatThrownBy(() -> eco.shutdown(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drain");
        assertThat(eco.isRunning()).isTrue();
        eco.shutdown(Duration.ofSeconds(5));
    }
}
