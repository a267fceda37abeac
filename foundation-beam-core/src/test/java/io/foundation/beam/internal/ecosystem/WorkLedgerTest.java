package io.foundation.beam.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger's bookkeeping on its own, without coordinator or workers: credit, holders, attempts, the end. */
class WorkLedgerTest {

    private BeamRuntime runtime;
    private ProcessRef workerA;
    private ProcessRef workerB;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("ledger").build();
        workerA = runtime.spawn((message, ctx) -> null);
        workerB = runtime.spawn((message, ctx) -> null);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private WorkLedger ledger(int maxPendingWork, int maxAttempts) {
        return ledger(maxPendingWork, maxAttempts, Duration.ofMinutes(1));
    }

    private WorkLedger ledger(int maxPendingWork, int maxAttempts, Duration workTimeout) {
        EcosystemConfig config = EcosystemConfig.builder("ledger")
                .workers(2, () -> (Worker) (work, ctx) -> work).dispatch(DispatchStrategy.LEAST_LOADED) // loads kept
                .maxPendingWork(maxPendingWork).maxAttempts(maxAttempts).workTimeout(workTimeout)
                .build();
        return new WorkLedger(config, Kernel.of(runtime), WorkerTable.capacity(config));
    }

    /**
     * The timeouts are one sweep for the ledger (WorkTimeouts): each pending item still fails at its own deadline,
     * never before; an item completed in time is left alone; the sweep arms again for work accepted after it disarmed.
     */
    @Test
    void pendingWorkTimesOutAtItsDeadlineAndCompletedWorkDoesNot() throws Exception {
        Duration timeout = Duration.ofMillis(150);
        WorkLedger ledger = ledger(100, 3, timeout);
        long start = System.nanoTime();
        WorkItem first = ledger.accept(null, "a");
        // The second item comes 60 ms after the first, so its deadline comes after the first sweep.
        Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> System.nanoTime() - start >= Duration.ofMillis(60).toNanos());
        long secondAt = System.nanoTime();
        WorkItem second = ledger.accept(null, "b");
        WorkItem done = ledger.accept(null, "c");
        done.future.complete("in time");
        assertThatThrownBy(first.future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WorkFailedException.class).hasMessageContaining("did not complete within");
        assertThat(System.nanoTime() - start).as("not before its deadline").isGreaterThanOrEqualTo(timeout.toNanos());
        assertThatThrownBy(second.future::join).cause().isInstanceOf(WorkFailedException.class);
        assertThat(System.nanoTime() - secondAt).as("the second not before its own deadline")
                .isGreaterThanOrEqualTo(timeout.toNanos());
        assertThat(done.future.join()).isEqualTo("in time");
        assertThat(ledger.holds(first)).isFalse();
        assertThat(ledger.holds(second)).isFalse();
        // The coordinator takes the item its submitter completed out when it meets it; then nothing is in flight and
        // the sweep disarms. A new item arms it again.
        assertThat(ledger.forgetIfDone(done)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ledger.timeoutSweepArmed());
        long again = System.nanoTime();
        WorkItem third = ledger.accept(null, "d");
        assertThatThrownBy(third.future::join).cause().isInstanceOf(WorkFailedException.class);
        assertThat(System.nanoTime() - again).isGreaterThanOrEqualTo(timeout.toNanos());
    }

    @Test
    void takesACreditPerItemAndGivesItBackAtTheFirstCompletion() {
        WorkLedger ledger = ledger(2, 3);
        WorkItem first = ledger.accept(null, "a");
        assertThat(ledger.accept(null, "b")).isNotNull();
        assertThat(ledger.accept(null, "c")).as("maxPendingWork reached").isNull();
        first.future.complete("done");
        first.future.complete("again"); // a second completion gives back nothing more
        assertThat(ledger.accept(null, "c")).isNotNull();
        assertThat(ledger.accept(null, "d")).isNull();
        assertThat(ledger.size()).as("completion alone does not take an item out").isEqualTo(3);
    }

    @Test
    void oneWorkerHoldsAnItemAtATimeAndItCountsInThatWorkersLoad() {
        WorkLedger ledger = ledger(10, 3);
        WorkItem item = ledger.accept("key", "a");
        assertThat(ledger.waiting()).isEqualTo(1);
        assertThat(ledger.claim(item, 0, workerA)).isTrue();
        assertThat(ledger.claim(item, 1, workerB)).as("already held").isFalse();
        assertThat(ledger.load(0)).isEqualTo(1);
        assertThat(ledger.load(1)).isZero();
        assertThat(ledger.waiting()).isZero();
        assertThat(ledger.heldFrom(1)).isEmpty();
        assertThat(ledger.heldFrom(0)).containsExactly(item.future);

        assertThat(ledger.release(item, workerB)).as("not its holder").isNull();
        assertThat(ledger.release(item, workerA)).satisfies(a -> {
            assertThat(a.index()).isZero();
            assertThat(a.process()).isSameAs(workerA);
            assertThat(a.begun()).as("workerA never began it").isFalse();
        });
        assertThat(ledger.release(item, workerA)).as("released once").isNull();
        assertThat(ledger.load(0)).isZero();
        assertThat(ledger.claim(item, 1, workerB)).isTrue();
        assertThat(ledger.load(1)).isEqualTo(1);
        item.begin(workerA);
        assertThat(item.assignment().begun()).as("only the holder begins it").isFalse();
        item.begin(workerB);
        assertThat(ledger.release(item, workerB).begun()).isTrue();
    }

    @Test
    void aFinishedItemLeavesTheLedgerOnceAndGivesItsLoadBack() {
        WorkLedger ledger = ledger(10, 3);
        WorkItem item = ledger.accept(null, "a");
        ledger.claim(item, 0, workerA);
        ledger.finished(item, workerA, io.foundation.beam.telemetry.WorkOutcome.SUCCEEDED, null);
        ledger.finished(item, workerA, io.foundation.beam.telemetry.WorkOutcome.SUCCEEDED, null);
        assertThat(ledger.load(0)).isZero();
        assertThat(ledger.size()).isZero();
        assertThat(ledger.holds(item)).isFalse();
    }

    @Test
    void aWorkerDeathIsAFailedAttemptUntilTheAttemptsAreExhausted() {
        WorkLedger ledger = ledger(10, 2);
        WorkItem item = ledger.accept(null, "a");
        IllegalStateException crash = new IllegalStateException("boom");

        ledger.claim(item, 0, workerA);
        ledger.release(item, workerA);
        assertThat(ledger.attemptFailed(item, 0, workerA, ExitReason.crashed(crash))).as("retry").isTrue();
        assertThat(item.failures).isEqualTo(1);

        ledger.claim(item, 1, workerB);
        ledger.release(item, workerB);
        assertThat(ledger.attemptFailed(item, 1, workerB, ExitReason.KILLED)).as("give up").isFalse();
        assertThat(ledger.size()).isZero();
        assertThatThrownBy(item.future::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(WorkFailedException.class).hasMessageContaining("each of 2 attempts")
                .cause().isSameAs(crash);
    }

    @Test
    void anItemCompletedMeanwhileIsForgottenNotRetried() {
        WorkLedger ledger = ledger(10, 3);
        WorkItem item = ledger.accept(null, "a");
        ledger.claim(item, 0, workerA);
        item.future.cancel(false);
        ledger.release(item, workerA);
        assertThat(ledger.attemptFailed(item, 0, workerA, ExitReason.KILLED)).isFalse();
        assertThat(item.failures).isZero();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void theEndFailsWhatIsLeftWithEcosystemStopped() {
        WorkLedger ledger = ledger(10, 3);
        WorkItem done = ledger.accept(null, "a");
        WorkItem held = ledger.accept(null, "b");
        WorkItem waiting = ledger.accept(null, "c");
        ledger.claim(done, 0, workerA);
        ledger.claim(held, 0, workerA);
        ledger.finished(done, workerA, io.foundation.beam.telemetry.WorkOutcome.SUCCEEDED, null);
        done.future.complete("a");

        ledger.abandonAll();
        ledger.abandonAll();
        assertThat(ledger.abandoned()).isEqualTo(2);
        assertThat(ledger.size()).isZero();
        assertThat(done.future.join()).isEqualTo("a");
        for (WorkItem item : new WorkItem[] {held, waiting}) {
            assertThatThrownBy(item.future::join).cause().isInstanceOf(EcosystemStoppedException.class)
                    .hasMessageContaining("'ledger' stopped before work " + item);
        }
        assertThat(ledger.abandon(held)).as("already abandoned").isFalse();
    }
}
