package io.foundation.beam.cluster.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's rebalancing acceptance, on real JVMs (127.0.0.1; nodes a, b, c, the Raft voters from the start, each an
 * {@link EcosystemNodeMain}; this JVM only observes), a distributed ecosystem of 6 workers with {@code maxAttempts}
 * 1 and work of {@value #WORK_MILLIS} ms: a node joining takes its share (a alone runs 6; with b, 3 each; with c, 2
 * each). Then every node submits at a steady rate, a submits a burst of {@value #BURST} more (so that c's workers
 * hold a backlog), and c leaves gracefully ({@code leave}: it stops submitting, {@code shutdown} with a
 * {@value #DRAIN_MILLIS} ms drain, leaves the cluster) while a and b go on submitting: c's workers run work while it
 * leaves, its shutdown abandons none of its submissions, a and b grow back to 3 workers each and go on completing
 * work, no future on any node fails or is refused, and every accepted future completes exactly once with its own
 * result. With {@code maxAttempts} 1, work dispatched to c and handed back on its leave would fail if handing back
 * counted as a lost attempt.
 *
 * <p>a starts alone and sees no majority of the voters until b joins: nothing is submitted before the three are up
 * and agree on one coordinator (as in {@link EcosystemFailoverTest}).
 */
@Timeout(150)
class EcosystemRebalanceJvmTest extends EcosystemJvmsTestSupport {

    static final long DRAIN_MILLIS = 5_000;
    static final long WORK_MILLIS = 20;
    static final int BURST = 150;
    /** Burst works c must have started before it is told to leave. */
    static final int BACKLOG_STARTS = 4;
    /** Futures each submitter sees completed before c leaves, and again after it left. */
    static final int COMPLETED = 100;

    @Test
    void aJoiningNodeTakesItsShareAndALeavingNodeHandsItsWorkBackWithoutFailures(@TempDir Path logs) {
        long testStart = System.nanoTime();
        jvms = new EcosystemJvms(logs, DETECTION_MILLIS, 2_000, 6, 1, WORK_MILLIS);
        jvms.start("a");
        long a = awaitShares(Map.of("a", 6));
        jvms.start("b");
        long b = awaitShares(Map.of("a", 3, "b", 3));
        jvms.start("c");
        long c = awaitShares(Map.of("a", 2, "b", 2, "c", 2));
        System.out.printf("EcosystemRebalanceJvmTest: shares 6 after %d ms, 3+3 after %d ms, 2+2+2 after %d ms "
                + "(from each start)%n", a, b, c);
        jvms.awaitOneCoordinator();
        jvms.live().forEach(j -> j.send("submit " + PERIOD_MILLIS));
        awaitCompleted(List.of("a", "b", "c"), Map.of());

        // c leaves gracefully while a and b go on submitting
        ChildJvm leaving = jvms.jvm("c");
        ChildJvm observer = jvms.jvm("a");
        observer.send("raft");
        String raft = observer.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5));
        String coordinator = EcosystemJvms.coordinatorName(observer);
        for (int i = 1; i <= BURST; i++) {
            observer.send("submitone burst-" + i);
        }
        // c leaves holding a backlog. a takes its commands in order, so its STATUS line says that every burst
        // submission has been made; c having started BACKLOG_STARTS burst works (at least 40 ms of its two workers'
        // time) gives the coordinator time to have dispatched c's share of about 50. Leaving at c's first burst line
        // alone left c anything from 0 to 50 burst works to start during its leave, as far as a had got with the
        // burst and the coordinator with dispatching it (0 failed CI once).
        observer.send("status");
        observer.awaitLine(l -> l.startsWith("STATUS "), Duration.ofSeconds(20));
        for (int i = 0; i < BACKLOG_STARTS; i++) {
            leaving.awaitLine(l -> l.startsWith("RAN burst-"), Duration.ofSeconds(20));
        }
        int linesBeforeLeave = leaving.lines().size();
        long leaveStart = System.nanoTime();
        leaving.send("leave " + DRAIN_MILLIS);
        String shutdown = leaving.awaitLine(l -> l.startsWith("SHUTDOWN "), Duration.ofMillis(DRAIN_MILLIS + 20_000));
        leaving.awaitLine(l -> l.equals("LEFT"), Duration.ofSeconds(20));
        long leftMillis = (System.nanoTime() - leaveStart) / 1_000_000;
        List<String> leavingLines = leaving.lines(); // one copy: the child prints on meanwhile
        List<String> duringLeave = leavingLines.subList(linesBeforeLeave, leavingLines.indexOf(shutdown));
        long ranDuringLeave = duringLeave.stream().filter(l -> l.startsWith("RAN ")).count();
        Map<String, Integer> linesAtLeave = Map.of("a", observer.lines().size(), "b", jvms.jvm("b").lines().size());
        long regrown = awaitShares(Map.of("a", 3, "b", 3));
        System.out.printf("EcosystemRebalanceJvmTest: c left (coordinator on %s; %s) in %d ms, its workers starting "
                + "%d works meanwhile: %s; a and b run 3 workers each %d ms later%n", coordinator, raft, leftMillis,
                ranDuringLeave, shutdown, regrown);
        assertThat(ranDuringLeave).as("c held work when it left").isPositive();
        assertThat(shutdown).as("c's own submissions all completed within the drain")
                .startsWith("SHUTDOWN abandoned=0 ");
        awaitCompleted(List.of("a", "b"), linesAtLeave); // a and b go on after c left

        List<String> stopped = jvms.stopAndCheck(Duration.ofSeconds(30)); // c's counts too: it still answers
        jvms.kill("c"); // it has left; its lines stay (and the dump asks no Raft state of it)
        Map<String, Integer> runs = jvms.executions();
        for (String l : jvms.allLines()) {
            if (l.startsWith("DONE ")) {
                assertThat(runs).as("a completed work ran").containsKey(l.split(" ")[1]);
            }
        }
        assertThat(jvms.allLines().stream().filter(l -> l.startsWith("REFUSED ")))
                .as("nothing refused: a majority of the voters stayed up").isEmpty();
        long duplicates = runs.values().stream().filter(n -> n > 1).count();
        System.out.printf("EcosystemRebalanceJvmTest: %s; %d works executed, %d of them more than once; %.1f s%n",
                stopped, runs.size(), duplicates, (System.nanoTime() - testStart) / 1e9);
    }

    /** Waits until the nodes run these numbers of workers; returns how long it took, in ms. */
    private long awaitShares(Map<String, Integer> shares) {
        long start = System.nanoTime();
        Map<String, Integer> seen = new TreeMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            shares.keySet().forEach(n -> seen.put(n, jvms.workers(n)));
            assertThat(seen).as("the workers each node runs").isEqualTo(shares);
        });
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits until each node has printed {@value #COMPLETED} more DONE lines after its first {@code from} lines. */
    private void awaitCompleted(List<String> names, Map<String, Integer> from) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String n : names) {
                List<String> lines = jvms.jvm(n).lines();
                assertThat(lines.subList(from.getOrDefault(n, 0), lines.size()).stream()
                        .filter(l -> l.startsWith("DONE "))).as("futures completed on " + n)
                        .hasSizeGreaterThan(COMPLETED);
            }
        });
    }
}
