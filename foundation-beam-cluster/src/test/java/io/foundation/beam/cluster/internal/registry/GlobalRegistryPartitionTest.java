package io.foundation.beam.cluster.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.ChildJvm;
import io.foundation.beam.cluster.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voters a and b in this JVM, c in a child JVM frozen (SIGSTOP) past the failure detection time: the majority frees
 * c's names and goes on registering; after SIGCONT and the merge every replica agrees.
 */
@Timeout(90)
class GlobalRegistryPartitionTest {

    /** RegistryNode's failure detection timeout; the merge interval is the default 5 s. */
    private static final Duration DETECTION = Duration.ofSeconds(2);
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private RegistryNode a;
    private RegistryNode b;
    private ChildJvm c;

    @AfterEach
    void closeAll() {
        if (c != null) {
            c.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aFrozenVotersNamesAreFreedByTheMajorityAndAfterTheMergeAllAgree(@TempDir Path logs) {
        int[] ports = FreePorts.pick(3);
        String cluster = "registry-partition-test";
        a = RegistryNode.start("a", ports, cluster, logs.resolve("a"));
        b = RegistryNode.start("b", ports, cluster, logs.resolve("b"));
        c = ChildJvm.start("c", RegistryNodeMain.class, "c",
                Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(",")), cluster,
                logs.resolve("c").toString());
        c.awaitLine("STARTED c"::equals, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(15)).until(() -> a.transport.members().size() == 2);
        c.send("register on-c");
        c.awaitLine(l -> l.startsWith("REGISTERED on-c"), Duration.ofSeconds(15));
        a.registry.register("on-a", a.pids.spawn());
        await().atMost(Duration.ofSeconds(10)).until(() -> b.registry.names().keySet().equals(
                java.util.Set.of("on-a", "on-c")));

        c.suspend();
        long stopped = System.nanoTime();
        await().atMost(DETECTION.plus(MARGIN)).until(() -> !a.registry.names().containsKey("on-c")
                && !b.registry.names().containsKey("on-c"));
        System.out.printf("c's names freed %d ms after SIGSTOP%n", (System.nanoTime() - stopped) / 1_000_000);
        b.registry.register("on-c", b.pids.spawn()); // the majority goes on
        b.registry.register("during", b.pids.spawn());

        c.resume();
        c.send("register after-thaw");
        String outcome = c.awaitLine(l -> l.contains(" after-thaw"), Duration.ofSeconds(15));
        System.out.println("c, thawed, registering: " + outcome);
        assertThat(outcome).startsWith("NOQUORUM after-thaw").contains("node 'c'")
                .contains("Only the majority side of a partition can register");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String expected = RegistryNodeMain.format(a);
            assertThat(RegistryNodeMain.format(b)).isEqualTo(expected);
            c.send("names");
            assertThat(c.awaitLine(l -> l.startsWith("NAMES"), Duration.ofSeconds(5)))
                    .isEqualTo("NAMES " + expected);
        });
        assertThat(a.registry.names()).containsKeys("on-a", "on-c", "during").doesNotContainKey("after-thaw");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> { // merged back: c may register again
            c.send("register after-merge");
            assertThat(c.awaitLine(l -> l.contains(" after-merge"), Duration.ofSeconds(10)))
                    .startsWith("REGISTERED after-merge");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry.whereis("after-merge").isPresent());
        assertThat(a.registry.whereis("on-c").orElseThrow().toString()).startsWith("<b.");
        System.out.println("after the merge all agree: " + RegistryNodeMain.format(a));
    }
}
