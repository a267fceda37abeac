package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.Ecosystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's rebalancing acceptance, on three nodes in this JVM (127.0.0.1; Raft voters a, b, c), a distributed
 * ecosystem of 6 workers: a node joining takes its share (one node runs 6, two run 3 each, three run 2 each); a node
 * leaving gracefully ({@code shutdown(drain, timeout)}, then leaving the cluster) while work is submitted from every
 * node hands its work back: no future anywhere fails, and the two others grow back to 3 workers each.
 */
@Timeout(120)
class EcosystemRebalanceTest {

    private static final List<String> VOTERS = List.of("a", "b", "c");

    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicBoolean submitting = new AtomicBoolean(true);
    private JoinedNodes joined;

    @TempDir
    Path logs;

    @AfterEach
    void closeAll() {
        submitting.set(false);
        if (joined != null) {
            joined.close();
        }
    }

    private EcosystemConfig orders() {
        return EcosystemConfig.builder("orders").workers(6, () -> (work, ctx) -> {
            executions.computeIfAbsent((String) work, k -> new AtomicInteger()).incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the work takes about 5 ms
            return work + "@" + ctx.process().runtime().name();
        }).maxAttempts(1).distribution(Distribution.clusterWide()).build();
    }

    private Ecosystem join(String name) {
        joined.join(name, VOTERS.indexOf(name), r -> r, c -> c.raftMembers(VOTERS)
                .raftLogDirectory(logs.resolve(name)).raftTimeout(Duration.ofSeconds(5)));
        return Ecosystems.spawnEcosystem(joined.runtime(VOTERS.indexOf(name)), orders());
    }

    private static void awaitShares(List<Ecosystem> ecosystems, int each) {
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(ecosystems)
                .allSatisfy(e -> assertThat(e.workers()).as(e.toString()).hasSize(each)));
    }

    @Test
    void aJoiningNodeTakesItsShareAndALeavingNodeHandsItsWorkBackWithoutFailures() throws Exception {
        joined = new JoinedNodes("rebalance", FreePorts.pick(3));
        Ecosystem a = join("a");
        awaitShares(List.of(a), 6);
        Ecosystem b = join("b");
        awaitShares(List.of(a, b), 3);
        Ecosystem c = join("c");
        awaitShares(List.of(a, b, c), 2);

        Map<String, List<CompletableFuture<Object>>> futures = new ConcurrentHashMap<>();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        AtomicBoolean cSubmits = new AtomicBoolean(true);
        List<Thread> submitters = new ArrayList<>();
        for (Ecosystem e : List.of(a, b, c)) {
            String node = e == a ? "a" : e == b ? "b" : "c";
            List<CompletableFuture<Object>> mine = new CopyOnWriteArrayList<>();
            futures.put(node, mine);
            submitters.add(Thread.ofPlatform().daemon().name("submit-" + node).start(() -> {
                int n = 0;
                long next = System.nanoTime();
                while (submitting.get() && (e != c || cSubmits.get())) {
                    try {
                        mine.add(e.submit("w" + (++n) + "-from-" + node));
                    } catch (RuntimeException ex) {
                        refused.add(ex);
                    }
                    next += TimeUnit.MILLISECONDS.toNanos(5);
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }));
        }
        await().atMost(LocalNodes.WAIT).until(() -> futures.values().stream()
                .allMatch(l -> l.stream().filter(CompletableFuture::isDone).count() > 50));

        // c leaves gracefully while a and b go on submitting
        cSubmits.set(false);
        submitters.get(2).join();
        long start = System.nanoTime();
        EcosystemShutdownReport report = c.shutdown(Duration.ofSeconds(10), Duration.ofSeconds(5));
        long shutdownMillis = (System.nanoTime() - start) / 1_000_000;
        joined.nodes().get(2).close();
        awaitShares(List.of(a, b), 3);
        System.out.printf("EcosystemRebalanceTest: c left gracefully in %d ms (%s); a and b run 3 workers each%n",
                shutdownMillis, report);
        assertThat(report.abandonedWork()).as("c's own submissions all completed within the drain").isZero();
        await().atMost(LocalNodes.WAIT).until(() -> futures.get("a").stream().filter(CompletableFuture::isDone)
                .count() > futures.get("a").size() / 2 + 100); // a goes on after c left

        submitting.set(false);
        for (Thread t : submitters) {
            t.join();
        }
        int completed = 0;
        for (Map.Entry<String, List<CompletableFuture<Object>>> e : futures.entrySet()) {
            for (CompletableFuture<Object> f : e.getValue()) {
                Object result = f.get(60, TimeUnit.SECONDS); // a failed future fails the test here
                assertThat((String) result).contains("-from-" + e.getKey() + "@");
                completed++;
            }
        }
        assertThat(refused).as("nothing refused: the majority stayed").isEmpty();
        long duplicates = executions.values().stream().filter(n -> n.get() > 1).count();
        System.out.printf("EcosystemRebalanceTest: %d futures completed, none failed; %d works executed more than "
                + "once%n", completed, duplicates);
    }
}
