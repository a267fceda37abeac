package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.process.ProcessStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the trade-off of the two GC strategies on an ecosystem of {@value #WORKERS} workers whose members have
 * each handled a burst of work that made them keep buffers (a selective receive leaves a saved-message queue):
 * <ol>
 *   <li>heap bytes retained per idle member after a full GC, once the members are idle (STANDARD) or hibernated
 *       (FREQUENT_MINOR);</li>
 *   <li>the latency of the first submit → result round trip to an idle ecosystem (median of {@value #ROUNDS} rounds),
 *       which under FREQUENT_MINOR includes waking a hibernated worker.</li>
 * </ol>
 * Run: {@code java -cp foundation-beam-benchmarks/target/benchmarks.jar io.foundation.beam.benchmarks.GcStrategyComparison}
 */
public final class GcStrategyComparison {

    static final int WORKERS = 2_000;
    static final int ROUNDS = 200;

    private GcStrategyComparison() {
    }

    public static void main(String[] args) throws Exception {
        for (GcStrategy strategy : GcStrategy.values()) {
            measure(strategy);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50); // let the collector settle between explicit collections (measurement harness only)
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void measure(GcStrategy strategy) throws Exception {
        try (BeamRuntime runtime = BeamRuntime.builder().name("gc").housekeepingInterval(Duration.ofMillis(20))
                .build()) {
            long before = usedHeapAfterGc();
            Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("gc-" + strategy)
                    .gcStrategy(strategy).hibernateAfter(Duration.ofMillis(100))
                    .workers(WORKERS, () -> (message, ctx) -> {
                        // Skip over queued messages to find a marker, which leaves a saved-message buffer behind.
                        ctx.process().receive(m -> m.equals("marker"), Duration.ofMillis(1));
                        return message;
                    }).build());
            List<CompletableFuture<Object>> burst = new ArrayList<>();
            for (int i = 0; i < WORKERS * 4; i++) {
                burst.add(eco.submit(i));
            }
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
            eco.broadcast("marker");
            Thread.sleep(1_000); // idle time: FREQUENT_MINOR members hibernate after 100 ms (measurement harness only)
            long hibernated = eco.info().workers().stream().filter(w -> w.status() == ProcessStatus.HIBERNATING)
                    .count();
            long idleBytes = usedHeapAfterGc() - before;
            long[] latencies = new long[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                Thread.sleep(strategy == GcStrategy.FREQUENT_MINOR ? 150 : 5); // let the workers go idle again
                long t0 = System.nanoTime();
                eco.submit(r).join();
                latencies[r] = System.nanoTime() - t0;
            }
            Arrays.sort(latencies);
            System.out.printf("%s: %d workers, %d hibernated; heap retained by the idle ecosystem %d bytes "
                    + "(%d per member); idle-to-result latency median %.1f us, p90 %.1f us%n", strategy, WORKERS,
                    hibernated, idleBytes, idleBytes / (WORKERS + 2), latencies[ROUNDS / 2] / 1e3,
                    latencies[ROUNDS * 9 / 10] / 1e3);
            eco.shutdown(Duration.ofSeconds(10));
        }
    }
}
