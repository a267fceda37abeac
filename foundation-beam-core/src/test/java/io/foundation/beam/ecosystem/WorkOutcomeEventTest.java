package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.WorkOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Every submission ends in exactly one {@link BeamEvent.WorkProcessed} carrying its {@link WorkOutcome}, seen
 * through the public API with a listener. Concurrent: repeated.
 */
class WorkOutcomeEventTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<BeamEvent.WorkProcessed> ends = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("outcomes").listener(event -> {
            if (event instanceof BeamEvent.WorkProcessed processed) {
                ends.add(processed);
            }
        }).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private List<WorkOutcome> outcomes() {
        return ends.stream().map(BeamEvent.WorkProcessed::outcome).toList();
    }

    private static Object handle(Object message, CountDownLatch release) throws Exception {
        return switch (String.valueOf(message)) {
            case "refuse" -> throw new WorkRefusedException("no");
            case "throw" -> throw new IllegalArgumentException("bad work");
            case "block" -> {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                yield "released";
            }
            default -> message;
        };
    }

    @RepeatedTest(3)
    void successRefusalAndFailureEndOnceEachWithTheExceptionClass() {
        CountDownLatch release = new CountDownLatch(0);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("work")
                .workers(1, () -> (message, ctx) -> handle(message, release))
                .faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(1).build());

        assertThat(eco.submit("ok")).succeedsWithin(WAIT);
        assertThat(eco.submit("refuse")).failsWithin(WAIT);
        assertThat(eco.submit("throw")).failsWithin(WAIT);
        await().atMost(WAIT).until(() -> ends.size() == 3);
        assertThat(ends).extracting(BeamEvent.WorkProcessed::outcome)
                .containsExactly(WorkOutcome.SUCCEEDED, WorkOutcome.REFUSED, WorkOutcome.FAILED);
        assertThat(ends).extracting(BeamEvent.WorkProcessed::exception).containsExactly(Optional.empty(),
                Optional.of(WorkRefusedException.class), Optional.of(IllegalArgumentException.class));
        assertThat(ends).extracting(BeamEvent.WorkProcessed::succeeded).containsExactly(true, false, false);
        assertThat(ends).allSatisfy(end -> {
            assertThat(end.ecosystem()).isEqualTo("work");
            assertThat(end.took()).isPositive();
        });
        assertThat(eco.submit("after")).succeedsWithin(WAIT); // the crash was not counted as an end twice
        await().atMost(WAIT).until(() -> ends.size() == 4);
        assertThat(ends.get(3).outcome()).isEqualTo(WorkOutcome.SUCCEEDED);
    }

    @RepeatedTest(3)
    void aCrashThatIsRetriedEndsOnceWhenTheRetrySucceeds() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("retried")
                .workers(1, () -> (message, ctx) -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("first run crashes");
                    }
                    return message;
                }).faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(3).build());
        assertThat(eco.submit("x")).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> ends.size() == 1);
        assertThat(outcomes()).containsExactly(WorkOutcome.SUCCEEDED);
    }

    @RepeatedTest(3)
    void timeoutRejectionCancellationAndShutdownEndOnceEach() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("slow")
                .workers(1, () -> (message, ctx) -> handle(message, release))
                .workTimeout(Duration.ofMillis(200)).maxPendingWork(2).build());

        CompletableFuture<Object> timedOut = eco.submit("block");
        CompletableFuture<Object> cancelled = eco.submit("queued");
        cancelled.cancel(false);
        eco.submit("third");
        assertThat(eco.submit("rejected")).failsWithin(WAIT).withThrowableThat()
                .withCauseInstanceOf(EcosystemOverloadedException.class);
        assertThat(timedOut).failsWithin(WAIT);
        await().atMost(WAIT).until(() -> outcomes().contains(WorkOutcome.TIMED_OUT));
        release.countDown();
        assertThat(eco.submit("last")).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> ends.size() == 5);
        assertThat(outcomes()).containsExactlyInAnyOrder(WorkOutcome.REJECTED, WorkOutcome.TIMED_OUT,
                WorkOutcome.CANCELLED, WorkOutcome.TIMED_OUT, WorkOutcome.SUCCEEDED);
    }

    @RepeatedTest(3)
    void workLeftAtShutdownIsAbandonedAndWorkWithoutAWorkerIsUndeliverable() {
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("closing")
                .workers(1, () -> (message, ctx) -> handle(message, release))
                .shutdownTimeout(Duration.ofMillis(100)).build());
        eco.submit("block");
        CompletableFuture<Object> queued = eco.submit("queued");
        eco.shutdown(Duration.ofMillis(100));
        assertThat(queued).failsWithin(WAIT).withThrowableThat().withCauseInstanceOf(EcosystemStoppedException.class);
        await().atMost(WAIT).until(() -> ends.size() == 2);
        assertThat(outcomes()).contains(WorkOutcome.ABANDONED).hasSize(2);
        release.countDown();

        ends.clear();
        Ecosystem standard = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("standard")
                .workers(1, () -> (message, ctx) -> message).build());
        runtime.kill(standard.workers().getFirst());
        await().atMost(WAIT).until(() -> !standard.workers().getFirst().isAlive());
        assertThat(standard.submit("nowhere")).failsWithin(WAIT).withThrowableThat()
                .withCauseInstanceOf(WorkFailedException.class);
        await().atMost(WAIT).until(() -> ends.size() == 1);
        assertThat(outcomes()).containsExactly(WorkOutcome.UNDELIVERABLE);
        assertThat(ends.getFirst().process()).isEqualTo(standard.supervisor());
    }
}
