package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An ecosystem's control plane works while its members spin CPU-bound on every carrier (issue 18): the JVM cannot
 * preempt them, so its supervisor cannot run its ordered shutdown; {@code shutdown(timeout)} then kills every member
 * directly once the timeout has passed, returns within a bound, counts what it killed, and leaves no process alive.
 */
class EcosystemControlPlaneTest {

    private static final int CARRIERS = Runtime.getRuntime().availableProcessors();

    private final AtomicBoolean stop = new AtomicBoolean();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("eco-control-plane").shutdownTimeout(Duration.ofMillis(200))
                .orphanGracePeriod(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void close() {
        stop.set(true); // the orphaned spinners return, so that the runtime's close leaves no thread behind
        runtime.close();
    }

    /** Spins until the test stops it, ignoring interruption: it holds its carrier all that time. */
    private long spin(CountDownLatch spinning) {
        spinning.countDown();
        long sink = 0;
        while (!stop.get()) {
            sink += System.nanoTime() & 1;
        }
        return sink;
    }

    @Test
    void shutdownKillsEveryMemberAfterTheTimeoutWhileEveryCarrierSpins() throws Exception {
        CountDownLatch workersSpinning = new CountDownLatch(CARRIERS);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("spinning")
                .workers(CARRIERS, () -> (work, ctx) -> spin(workersSpinning))
                .coordinator(() -> new Coordinator() {
                    @Override
                    public Object handle(Object message, CoordinatorContext context) {
                        return spin(new CountDownLatch(1));
                    }
                })
                .shutdownTimeout(Duration.ofSeconds(30)) // longer than the ecosystem's timeout below: it must not count
                .build());
        List<ProcessRef> members = new ArrayList<>(eco.workers());
        members.add(eco.coordinator());
        members.add(eco.supervisor());
        for (int i = 0; i < CARRIERS; i++) {
            eco.submit(i); // round-robin: one spinning job per worker
        }
        assertThat(workersSpinning.await(10, TimeUnit.SECONDS)).isTrue();
        eco.send("spin"); // the coordinator has work too: it waits for a carrier, which none will give up

        long start = System.nanoTime();
        EcosystemShutdownReport report = eco.shutdown(Duration.ofMillis(500));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // 500 ms of timeout, then the kills and the 200 ms orphan grace period of the killed threads.
        assertThat(tookMillis).as("how long shutdown(500 ms) took").isLessThan(1_500);
        for (ProcessRef member : members) {
            assertThat(member.isAlive()).as("%s alive after the shutdown", member).isFalse();
        }
        assertThat(runtime.processCount()).isZero();
        assertThat(eco.isRunning()).isFalse();
        // Nobody could stop on its own (no carrier was free): the supervisor, the coordinator and every worker killed.
        assertThat(report.killed()).isEqualTo(CARRIERS + 2);
        assertThat(report.stopped()).isZero();
        // The workers' threads ignore interruption and still spin: orphans.
        assertThat(report.orphaned()).isEqualTo(CARRIERS);
        for (ProcessRef worker : members.subList(0, CARRIERS)) {
            assertThat(runtime.info(worker)).hasValueSatisfying(info -> assertThat(info.orphaned()).isTrue());
        }
    }

    @Test
    void dedicatedThreadsKeepCpuBoundWorkersOffTheCarriers() throws Exception {
        int workers = 2 * CARRIERS; // more CPU-bound workers than carriers
        CountDownLatch spinning = new CountDownLatch(workers);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("cpu-bound")
                .workers(workers, () -> (work, ctx) -> {
                    threads.add(Thread.currentThread());
                    return spin(spinning);
                })
                .dedicatedThreads(true)
                .build());
        assertThat(eco.config().dedicatedThreads()).isTrue();
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            results.add(eco.submit(i));
        }
        assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).hasSize(workers).allSatisfy(t -> {
            assertThat(t.isVirtual()).isFalse();
            assertThat(t.getName()).startsWith("beam-eco-cpu-bound-");
        });
        // The carriers stay free: an ordinary process answers promptly, and the coordinator takes calls.
        ProcessRef echo = runtime.spawn((message, ctx) -> message);
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertThat(runtime.call(echo, i, Duration.ofSeconds(5))).isEqualTo(i);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
        }
        assertThat(eco.health().workersAlive()).isEqualTo(workers);

        stop.set(true);
        for (CompletableFuture<Object> r : results) {
            r.get(10, TimeUnit.SECONDS);
        }
        EcosystemShutdownReport report = eco.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).isZero();
        // The ecosystem's threads end with it.
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("beam-eco-cpu-bound-")));
    }
}
