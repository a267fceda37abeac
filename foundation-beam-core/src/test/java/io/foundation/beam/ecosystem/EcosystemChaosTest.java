package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.RestartIntensity;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos: random kills of workers and of the coordinator while work flows. Every accepted submission must complete
 * with its result or fail with a cause; none may be lost; work done more than once (at-least-once after a crash)
 * must be matched by reported redistributions.
 */
class EcosystemChaosTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("chaos").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void noAcceptedWorkIsLostUnderRandomKills() throws Exception {
        Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("chaos")
                .workers(6, () -> (message, ctx) -> {
                    int n = (Integer) message;
                    executions.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                    if (n % 3 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // some work blocks a little: kills find work in flight
                    }
                    return n + 1;
                })
                .faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(5)
                .restartIntensity(new RestartIntensity(10_000, Duration.ofSeconds(5))).build());
        Random random = new Random(42);
        List<CompletableFuture<Object>> results = new ArrayList<>();
        int total = 3000;
        int kills = 0;
        for (int i = 0; i < total; i++) {
            results.add(eco.submit(i));
            if (i % 50 == 25) {
                ProcessRef victim = random.nextInt(5) == 0 ? eco.coordinator()
                        : eco.workers().get(random.nextInt(6));
                if (victim != null) {
                    runtime.kill(victim);
                    kills++;
                }
            }
        }
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < total; i++) {
            CompletableFuture<Object> f = results.get(i);
            try {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(i + 1);
                completed++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(WorkFailedException.class).hasCauseInstanceOf(Throwable.class);
                failed++;
            }
        }
        assertThat(completed + failed).isEqualTo(total);
        assertThat(completed).as("with 5 attempts and %d kills nearly everything completes", kills)
                .isGreaterThan(total - 50);
        long reExecutions = executions.values().stream().mapToLong(a -> Math.max(0, a.get() - 1)).sum();
        long redistributed = events.stream().filter(BeamEvent.WorkRedistributed.class::isInstance).count();
        assertThat(reExecutions).as("work done twice is reported as redistributed").isLessThanOrEqualTo(redistributed);
        assertThat(eco.info().workInFlight()).isZero();
        assertThat(eco.shutdown(Duration.ofSeconds(5)).abandonedWork()).isZero();
    }

    /**
     * As above with four submitters at once and a killer beside them, so that submissions race with the coordinator's
     * death and its successor's take-over of the ledger (a submitter may read the dying coordinator from the slot and
     * send it the dispatch): every accepted submission still ends, none waits for its work timeout.
     */
    @Test
    void noAcceptedWorkIsLostUnderRandomKillsWithConcurrentSubmitters() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("chaos4")
                .workers(4, () -> (message, ctx) -> (Integer) message + 1)
                .faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(10)
                .workTimeout(Duration.ofMinutes(5)) // a lost item would wait for this, far beyond the test's wait
                .restartIntensity(new RestartIntensity(10_000, Duration.ofSeconds(5))).build());
        int submitters = 4;
        int each = 1000;
        List<List<CompletableFuture<Object>>> results = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(submitters);
        for (int s = 0; s < submitters; s++) {
            int base = s * each;
            List<CompletableFuture<Object>> mine = new ArrayList<>(each);
            results.add(mine);
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        mine.add(eco.submit(base + i));
                        if (i % 10 == 9) {
                            // spreads the submissions over the kills (pacing, not waiting for a state)
                            java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        Random random = new Random(7);
        int kills = 0;
        while (done.getCount() > 0 || kills < 10) { // at least 10 kills, however the threads are scheduled
            ProcessRef victim = random.nextInt(3) == 0 ? eco.coordinator() : eco.workers().get(random.nextInt(4));
            if (victim != null) {
                runtime.kill(victim);
                kills++;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000L); // pacing the kills, not waiting for a state
        }
        int ended = 0;
        for (int s = 0; s < submitters; s++) {
            List<CompletableFuture<Object>> mine = results.get(s);
            for (int i = 0; i < each; i++) {
                try {
                    assertThat(mine.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(s * each + i + 1);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(WorkFailedException.class);
                }
                ended++;
            }
        }
        assertThat(ended).as("after %d kills", kills).isEqualTo(submitters * each);
        assertThat(eco.info().workInFlight()).isZero();
    }
}
