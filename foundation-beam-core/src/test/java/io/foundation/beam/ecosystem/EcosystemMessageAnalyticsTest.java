package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message analytics of a whole ecosystem: cumulative over restarts, and the per-message listener samples. */
class EcosystemMessageAnalyticsTest {

    /** Counts what the listener saw, per process. */
    private final Map<ProcessRef, AtomicLong> samples = new ConcurrentHashMap<>();
    private final AtomicLong sampledBytes = new AtomicLong();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        BeamEventListener listener = new BeamEventListener() {
            @Override
            public void onEvent(io.foundation.beam.telemetry.BeamEvent event) {
            }

            @Override
            public void onMessageTaken(ProcessRef process, long estimatedBytes, long queueWaitNanos) {
                samples.computeIfAbsent(process, p -> new AtomicLong()).incrementAndGet();
                sampledBytes.addAndGet(estimatedBytes);
                assertThat(queueWaitNanos).isNotNegative();
            }
        };
        runtime = BeamRuntime.builder().name("eco-analytics").listener(listener).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private Ecosystem spawn(String name, boolean analytics) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name).workers(3, EcosystemTest::doubler)
                .faultTolerance(FaultTolerance.SELF_HEALING).messageAnalytics(analytics).build());
    }

    @Test
    void offByDefaultAndThenEmpty() {
        Ecosystem eco = spawn("quiet", false);
        assertThat(eco.config().messageAnalytics()).isFalse();
        assertThat(eco.messageStats()).isEmpty();
        assertThat(runtime.messageStats(eco.workers().get(0))).isEmpty();
    }

    @Test
    void everyWorkItemIsCountedOnceAcrossWorkersAndTheListenerSeesTheSameSamples() throws Exception {
        Ecosystem eco = spawn("counted", true);
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            results.add(eco.submit(i));
        }
        for (CompletableFuture<Object> r : results) {
            r.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        EcosystemMessageStats stats = eco.messageStats().orElseThrow();
        assertThat(stats.workers().messages()).isEqualTo(60);
        assertThat(stats.currentWorkers()).hasSize(3);
        assertThat(stats.currentWorkers().stream().mapToLong(MessageStats::messages).sum()).isEqualTo(60);
        // Round robin: 20 each.
        assertThat(stats.currentWorkers()).allSatisfy(w -> assertThat(w.messages()).isEqualTo(20));
        assertThat(stats.workers().sizeHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
        assertThat(stats.workers().waitHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(60);
        assertThat(stats.total().messages()).isEqualTo(stats.coordinator().messages() + 60);
        // The listener had one sample for each message each member took, with the same sizes.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            long workerSamples = eco.workers().stream().mapToLong(w -> samples.getOrDefault(w, new AtomicLong()).get())
                    .sum();
            assertThat(workerSamples).isEqualTo(60);
        });
        EcosystemMessageStats after = eco.messageStats().orElseThrow();
        assertThat(samples.values().stream().mapToLong(AtomicLong::get).sum()).isEqualTo(after.total().messages());
        assertThat(sampledBytes.get()).isEqualTo(after.total().estimatedBytes());
    }

    @Test
    void workerSizesAreThoseOfTheSubmittedWorkNotOfTheRuntimesWrapper() throws Exception {
        Ecosystem eco = spawn("sized", true);
        String work = "x".repeat(1000);
        for (int i = 0; i < 6; i++) {
            eco.submit(work).get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        MessageStats workers = eco.messageStats().orElseThrow().workers();
        assertThat(workers.messages()).isEqualTo(6);
        assertThat(workers.estimatedBytes()).isEqualTo(6 * io.foundation.beam.messages.MessageSizes.estimate(work));
        assertThat(workers.meanBytes()).isGreaterThan(1000);
    }

    @Test
    void aRestartedWorkersMessagesStayInTheTotal() throws Exception {
        Ecosystem eco = spawn("healing", true);
        for (int i = 0; i < 9; i++) {
            eco.submit(i).get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        ProcessRef before = eco.workers().get(0);
        long beforeCount = eco.messageStats().orElseThrow().currentWorkers().get(0).messages();
        assertThat(beforeCount).isEqualTo(3);
        ProcessRef after = eco.restartWorker(0);
        assertThat(after).isNotEqualTo(before);
        EcosystemMessageStats stats = eco.messageStats().orElseThrow();
        assertThat(stats.currentWorkers().get(0).messages()).isZero();
        assertThat(stats.workers().messages()).isEqualTo(9);
        // A crash: the poisoned attempts are messages too (taken, then the worker died), and stay counted.
        CompletableFuture<Object> poisoned = eco.submit("poison");
        await().atMost(Duration.ofSeconds(5)).until(poisoned::isDone);
        assertThat(poisoned).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.info().workers().stream().allMatch(MemberInfo::alive));
        long attempts = eco.config().maxAttempts();
        assertThat(eco.messageStats().orElseThrow().workers().messages()).isEqualTo(9 + attempts);
    }
}
