package io.foundation.beam.cluster.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's failover acceptance, on real JVMs (127.0.0.1; nodes a, b, c, the Raft voters, each an
 * {@link EcosystemNodeMain}; this JVM only observes): work is submitted at a steady rate from every node while the
 * coordinator's node is killed (kill -9) twice and a worker node once, each killed node started again as a new JVM
 * with the same name and Raft log (a new incarnation) before the next kill. Every accepted future of a live
 * submitter completes exactly once with its own result, none fails; refusals ({@code EcosystemUnavailableException})
 * while a majority re-forms are counted; duplicate executions are counted and printed; a coordinator is back (a new
 * epoch committed on a live node) within {@value #COORDINATOR_BACK_MILLIS} ms of each kill; and the restarted nodes'
 * old incarnations are forgotten (their outcomes no longer held).
 *
 * <p>After each restart the test waits, with the submitters still submitting, until the restarted voter's log has
 * caught up ({@link EcosystemJvms#awaitTheLogsCaughtUp}): jgroups-raft 1.1.0's leader resent missing entries only
 * while idle, one per interval after a failed append, so a voter restarted under steady load never caught up (its
 * submissions' futures never completed); {@code CatchUpRaft} resends ranges while busy.
 */
@Timeout(150)
class EcosystemFailoverTest extends EcosystemJvmsTestSupport {

    /** The bound: a coordinator is back within 5 s of its node's kill. */
    static final long COORDINATOR_BACK_MILLIS = 5_000;
    /** Steady submissions between two kills. */
    static final Duration STEADY = Duration.ofSeconds(6);

    @Test
    void killingTheCoordinatorsNodeTwiceAndAWorkersNodeOnceLosesNoAcceptedWork(@TempDir Path logs) {
        long testStart = System.nanoTime();
        jvms = new EcosystemJvms(logs, DETECTION_MILLIS, 2_000, 6, 10);
        for (String name : EcosystemJvms.NAMES) {
            jvms.start(name);
        }
        jvms.awaitOneCoordinator();
        jvms.live().forEach(j -> j.send("submit " + PERIOD_MILLIS));
        List<Long> backMillis = new ArrayList<>();
        List<Long> deadIncarnations = new ArrayList<>();
        List<String> deadNames = new ArrayList<>();
        for (String kind : List.of("coordinator", "coordinator", "worker")) {
            awaitSteady();
            ChildJvm observer = jvms.live().iterator().next();
            String coordinator = EcosystemJvms.coordinatorName(observer);
            long epoch = Long.parseLong(EcosystemJvms.lastCoord(observer)[0]);
            String victim = kind.equals("coordinator") ? coordinator
                    : EcosystemJvms.NAMES.stream().filter(n -> !n.equals(coordinator)).findFirst().orElseThrow();
            deadNames.add(victim);
            deadIncarnations.add(jvms.incarnation(victim));
            long killedAt = System.currentTimeMillis();
            jvms.kill(victim);
            if (kind.equals("coordinator")) {
                ChildJvm survivor = jvms.live().iterator().next();
                String line = survivor.awaitLine(l -> l.startsWith("COORD ")
                        && Long.parseLong(l.split(" ")[1]) > epoch
                        && !l.split(" ")[2].startsWith(victim + "/"), Duration.ofSeconds(30));
                long back = Long.parseLong(line.split(" ")[3]) - killedAt;
                backMillis.add(back);
                System.out.printf("EcosystemFailoverTest: coordinator on %s (epoch %d) killed; back on %s after %d ms%n",
                        victim, epoch, line.split(" ")[2] + " epoch " + line.split(" ")[1], back);
            } else {
                System.out.printf("EcosystemFailoverTest: worker node %s killed (coordinator on %s)%n", victim,
                        coordinator);
            }
            jvms.awaitGone(victim); // before a node of the same name may join again
            jvms.start(victim);
            jvms.jvm(victim).send("submit " + PERIOD_MILLIS);
            jvms.awaitTheLogsCaughtUp(); // under load: see the class comment
            jvms.awaitOneCoordinator();
        }
        awaitSteady();
        List<String> stopped = jvms.stopAndCheck(Duration.ofSeconds(30));
        Map<String, Integer> runs = jvms.executions();
        long duplicates = runs.values().stream().filter(n -> n > 1).count();
        long done = jvms.live().stream().flatMap(j -> j.lines().stream()).filter(l -> l.startsWith("DONE ")).count();
        long refused = jvms.allLines().stream().filter(l -> l.startsWith("REFUSED ")).count();
        System.out.printf("EcosystemFailoverTest: coordinator back after %s ms; %d works executed, %d of them more "
                + "than once; %d futures completed on the live nodes; %d refusals; %s; %.1f s%n", backMillis,
                runs.size(), duplicates, done, refused, stopped, (System.nanoTime() - testStart) / 1e9);
        assertThat(backMillis).as("a coordinator back within %d ms of each kill", COORDINATOR_BACK_MILLIS)
                .hasSize(2).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(COORDINATOR_BACK_MILLIS));
        for (String l : jvms.live().stream().flatMap(j -> j.lines().stream()).toList()) {
            if (l.startsWith("DONE ")) {
                assertThat(runs).as("a completed work ran").containsKey(l.split(" ")[1]);
            }
        }
        // the restarted nodes' old incarnations are gone for good: the coordinator forgot them
        ChildJvm any = jvms.live().iterator().next();
        for (int i = 0; i < deadNames.size(); i++) {
            String command = "outcomes " + deadNames.get(i) + " " + deadIncarnations.get(i);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                any.send(command);
                assertThat(any.awaitLine(l -> l.startsWith("OUTCOMES "), Duration.ofSeconds(5))).endsWith(" 0 forgotten");
            });
        }
    }

    /** Lets every live node have work completed for a while. */
    private void awaitSteady() {
        long until = System.nanoTime() + STEADY.toNanos();
        for (ChildJvm j : jvms.live()) {
            j.awaitLine(l -> l.startsWith("DONE "), Duration.ofSeconds(30));
        }
        await().atMost(STEADY.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() >= until);
    }
}
