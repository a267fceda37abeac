package io.foundation.beam.cluster.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's partition acceptance, on real JVMs (nodes a, b, c, the Raft voters, each an {@link EcosystemNodeMain};
 * this JVM only observes): every node submits at a steady rate; the coordinator's node is frozen (SIGSTOP) past the
 * failure detection time, then thawed (SIGCONT). The majority elects a coordinator and its submissions complete while
 * the node is frozen; the thawed node, before it merges, refuses work with {@code EcosystemUnavailableException};
 * after the merge one coordinator remains (every node's replica names the same coordinator and epoch, and only one
 * node runs a coordinator), and every accepted future completes, the frozen node's accepted before it froze included.
 * Then the two others are frozen: the node left alone refuses at once (a lasting minority), and after they thaw and
 * merge, again one coordinator remains and nothing accepted is lost.
 *
 * <p>After each merge the test waits, with the submitters still submitting, until the thawed voters' logs have caught
 * up ({@link EcosystemJvms#awaitTheLogsCaughtUp}; see {@link EcosystemFailoverTest}).
 */
@Timeout(150)
class EcosystemPartitionTest extends EcosystemJvmsTestSupport {

    @Test
    void aFrozenCoordinatorsNodeRefusesWorkThawedAndAfterTheMergeOneCoordinatorRemainsAndNothingIsLost(
            @TempDir Path logs) {
        long testStart = System.nanoTime();
        jvms = new EcosystemJvms(logs, DETECTION_MILLIS, 2_000, 6, 10);
        for (String name : EcosystemJvms.NAMES) {
            jvms.start(name);
        }
        jvms.awaitOneCoordinator();
        jvms.live().forEach(j -> j.send("submit " + PERIOD_MILLIS));
        jvms.live().forEach(j -> j.awaitLine(l -> l.startsWith("DONE "), Duration.ofSeconds(30)));

        ChildJvm any = jvms.live().iterator().next();
        String frozenName = EcosystemJvms.coordinatorName(any);
        long epoch = Long.parseLong(EcosystemJvms.lastCoord(any)[0]);
        ChildJvm frozen = jvms.jvm(frozenName);
        List<ChildJvm> majority = jvms.live().stream().filter(j -> j != frozen).toList();
        frozen.suspend();
        long frozenAt = System.currentTimeMillis();
        List<Integer> linesAtFreeze = majority.stream().map(j -> j.lines().size()).toList();
        String newCoordinator = majority.get(0).awaitLine(l -> l.startsWith("COORD ")
                && Long.parseLong(l.split(" ")[1]) > epoch, Duration.ofSeconds(30));
        System.out.printf("EcosystemPartitionTest: %s (coordinator, epoch %d) frozen; the majority's coordinator %s "
                + "after %d ms%n", frozenName, epoch, newCoordinator.split(" ")[2] + " epoch "
                + newCoordinator.split(" ")[1], Long.parseLong(newCoordinator.split(" ")[3]) - frozenAt);
        // the majority carries on: its submissions complete while the node is frozen
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < majority.size(); i++) {
                List<String> lines = majority.get(i).lines(); // one copy: the child prints on meanwhile
                long done = lines.subList(linesAtFreeze.get(i), lines.size())
                        .stream().filter(l -> l.startsWith("DONE ")).count();
                assertThat(done).as("completed on the majority while frozen").isGreaterThan(50);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() - frozenAt
                > DETECTION_MILLIS + 1_000);

        frozen.resume();
        long thawedAt = System.currentTimeMillis();
        // Probe the thawed node every 20 ms for 3 s: each probe must be refused with EcosystemUnavailableException
        // (at once while it knows it is cut off, or when its append fails) or accepted and then completed (checked
        // by stopAndCheck at the end: a probe is an open future until then).
        int[] probe = {0};
        long probeUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            frozen.send("submitone minority-" + (++probe[0]));
            return System.nanoTime() > probeUntil;
        });

        // the merge: the thawed node sees the others again
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            frozen.send("raft");
            assertThat(frozen.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5))).contains(" view=[")
                    .matches(".* view=\\[\\w, \\w\\]$");
        });
        jvms.awaitTheLogsCaughtUp();
        List<String> status = awaitOneCoordinatorEverywhere();
        System.out.println("EcosystemPartitionTest: after the merge " + status);
        assertThat(status.get(0)).doesNotContain("coordinator=" + frozenName + "/");

        // A lasting minority: the two others frozen, the node alone refuses at once once it notices (its failure
        // detection), and what it accepted before stays accepted
        majority.forEach(ChildJvm::suspend);
        long aloneAt = System.currentTimeMillis();
        int[] alone = {0};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            frozen.send("submitone minority-alone-" + (++alone[0]));
            return frozen.lines().stream().anyMatch(l -> l.matches("REFUSED minority-alone-\\d+ sync .*"));
        });
        String refusal = frozen.lines().stream().filter(l -> l.matches("REFUSED minority-alone-\\d+ sync .*"))
                .findFirst().orElseThrow();
        System.out.printf("EcosystemPartitionTest: %s alone (the others frozen) refuses at once %d ms after: %s%n",
                frozenName, System.currentTimeMillis() - aloneAt, refusal);
        assertThat(refusal).contains("EcosystemUnavailableException").contains("node '" + frozenName + "' sees 1 of "
                + "the Raft voters").contains("Nothing was accepted");
        majority.forEach(ChildJvm::resume);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (ChildJvm j : jvms.live()) {
                j.send("raft");
                assertThat(j.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5)))
                        .matches(".* view=\\[\\w, \\w\\]$");
            }
        });
        jvms.awaitTheLogsCaughtUp();
        status = awaitOneCoordinatorEverywhere();
        System.out.println("EcosystemPartitionTest: after the second merge " + status);

        List<String> stopped = jvms.stopAndCheck(Duration.ofSeconds(30));
        List<String> probes = frozen.lines().stream().filter(l -> l.matches("(DONE|REFUSED|FAILED) minority-\\d+ .*"))
                .toList();
        assertThat(probes).as("every probe refused or completed").hasSize(probe[0]);
        long refusedAtOnce = probes.stream().filter(l -> l.matches("REFUSED minority-\\d+ sync .*")).count();
        long refusedLater = probes.stream().filter(l -> l.matches("REFUSED minority-\\d+ async .*")).count();
        System.out.printf("EcosystemPartitionTest: %d probes on the thawed node: %d refused at once, %d refused "
                + "when their append failed, %d accepted and completed; the first refusal: %s%n", probe[0],
                refusedAtOnce, refusedLater, probes.size() - refusedAtOnce - refusedLater, probes.stream()
                .filter(l -> l.startsWith("REFUSED")).findFirst().orElse("none"));
        probes.stream().filter(l -> l.startsWith("REFUSED")).forEach(l -> assertThat(l)
                .contains("EcosystemUnavailableException").contains("is unavailable"));
        long duplicates = jvms.executions().values().stream().filter(n -> n > 1).count();
        long refused = jvms.allLines().stream().filter(l -> l.startsWith("REFUSED ")).count();
        System.out.printf("EcosystemPartitionTest: %s; %d refusals, %d works executed more than once; %.1f s%n",
                stopped, refused, duplicates, (System.nanoTime() - testStart) / 1e9);
    }

    /**
     * @return the live nodes' STATUS lines once every node names the same coordinator and epoch and exactly one runs
     *     it
     */
    private List<String> awaitOneCoordinatorEverywhere() {
        List<String> status = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            status.clear();
            for (ChildJvm j : jvms.live()) {
                j.send("status");
                status.add(j.awaitLine(l -> l.startsWith("STATUS "), Duration.ofSeconds(5)));
            }
            assertThat(status.stream().map(s -> s.replaceAll(".*( epoch=\\S+ coordinator=\\S+).*", "$1")))
                    .as("one coordinator, one epoch, on every node").containsOnly(
                            status.get(0).replaceAll(".*( epoch=\\S+ coordinator=\\S+).*", "$1"));
            assertThat(status.stream().filter(s -> !s.endsWith(" running=0"))).as("one node runs it").hasSize(1);
        });
        return List.copyOf(status);
    }
}
