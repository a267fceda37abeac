package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker fails one piece of work with WorkRefusedException, without crashing. */
class WorkRefusedTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("refused").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void refusedWorkFailsItsFutureAndTheWorkerGoesOn() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("orders")
                .workers(1, () -> (message, ctx) -> {
                    if (message instanceof Integer quantity && quantity <= 0) {
                        throw new WorkRefusedException("quantity must be positive, was " + quantity);
                    }
                    return "ok " + message;
                })
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .build());
        ProcessRef worker = eco.workers().getFirst();

        CompletableFuture<Object> refused = eco.submit(0);

        assertThat(refused).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(WorkRefusedException.class).withMessage("quantity must be positive, was 0");
        assertThat(eco.submit(3)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("ok 3");
        assertThat(eco.workers().getFirst()).isEqualTo(worker);
        assertThat(worker.isAlive()).isTrue();
        assertThat(eco.info().workers().getFirst().restarts()).isZero();
        // The worker completes a future, then reports the item finished: wait for the report.
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.info().workInFlight() == 0
                && events.stream().filter(BeamEvent.WorkProcessed.class::isInstance).count() == 2);
        assertThat(events).noneMatch(e -> e instanceof BeamEvent.HandlerFailed
                || e instanceof BeamEvent.WorkRedistributed || e instanceof BeamEvent.WorkerRestarted);
    }

    @Test
    void refusingAnythingButSubmittedWorkCrashesTheWorker() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("broadcasts")
                .workers(1, () -> (message, ctx) -> {
                    throw new WorkRefusedException("not work");
                })
                .build());
        ProcessRef worker = eco.workers().getFirst();
        eco.broadcast("hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> !worker.isAlive());
    }
}
