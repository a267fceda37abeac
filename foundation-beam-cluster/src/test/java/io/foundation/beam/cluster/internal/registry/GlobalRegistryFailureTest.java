package io.foundation.beam.cluster.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.NoQuorumException;
import io.foundation.beam.cluster.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voters leave: the leader's names are purged by the next leader, a returning voter catches up from the log, a node
 * without a majority fails fast.
 */
@Timeout(60)
class GlobalRegistryFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<RegistryNode> nodes = new ArrayList<>();
    private long phase = System.nanoTime();

    @AfterEach
    void closeAll() {
        nodes.forEach(RegistryNode::close);
    }

    @Test
    void theLeaderLeavesItsNamesArePurgedItComesBackAndCatchesUpThenTheLastNodeHasNoQuorum(@TempDir Path logs) {
        int[] ports = FreePorts.pick(3);
        String cluster = "registry-failure-test";
        for (String name : RegistryNode.VOTERS) {
            nodes.add(RegistryNode.start(name, ports, cluster, logs.resolve(name)));
        }
        await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.registry.hasLeader()));
        RegistryNode leader = nodes.stream().filter(n -> n.registry.isLeader()).findFirst().orElseThrow();
        List<RegistryNode> others = nodes.stream().filter(n -> n != leader).toList();
        RegistryNode x = others.get(0);
        RegistryNode y = others.get(1);
        TestPid onX = x.pids.spawn();
        x.registry.register("kept", onX);
        leader.registry.register("leaving-1", leader.pids.spawn());
        leader.registry.register("leaving-2", leader.pids.spawn());
        await().atMost(WAIT).until(() -> y.registry.names().size() == 3);
        lap("cluster formed, 3 names");

        leader.close();
        nodes.remove(leader);
        await().atMost(WAIT).untilAsserted(() -> {
            for (RegistryNode n : others) {
                assertThat(n.registry.names()).containsOnlyKeys("kept");
            }
        });
        lap("leader closed, its names purged by the next leader");
        TestPid onY = y.pids.spawn();
        y.registry.register("leaving-1", onY); // free again, and two of three still commit
        lap("registered with the new leader");

        // the old leader comes back (a new incarnation, the same log): its replica catches up with what it missed
        RegistryNode back = RegistryNode.start(leader.name(), ports, cluster, logs.resolve(leader.name()));
        nodes.add(back);
        await().atMost(WAIT).untilAsserted(() -> assertThat(back.registry.names())
                .containsOnlyKeys("kept", "leaving-1").containsEntry("leaving-1", onY).containsEntry("kept", onX));
        back.close();
        nodes.remove(back);
        lap("the old leader came back, caught up, left");

        y.close();
        nodes.remove(y);
        await().atMost(WAIT).until(() -> x.transport.members().isEmpty());
        lap("only " + x.name() + " left");
        long start = System.nanoTime();
        assertThatThrownBy(() -> x.registry.register("minority", x.pids.spawn()))
                .isInstanceOf(NoQuorumException.class)
                .hasMessageContaining("node '" + x.name() + "'")
                .hasMessageContaining("sees 1 of the 3 Raft voters [a, b, c] ([" + x.name() + "])")
                .hasMessageContaining("2 are needed")
                .hasMessageContaining("Only the majority side of a partition can register")
                .satisfies(e -> {
                    NoQuorumException q = (NoQuorumException) e;
                    assertThat(q.node()).isEqualTo(x.name());
                    assertThat(q.visibleVoters()).containsExactly(x.name());
                    assertThat(q.needed()).isEqualTo(2);
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("NoQuorumException after " + took.toMillis() + " ms (raftTimeout 5000 ms)");
        assertThat(took).as("fails at once, not after the raftTimeout").isLessThan(Duration.ofMillis(500));
        assertThatThrownBy(() -> x.registry.unregister("kept")).isInstanceOf(NoQuorumException.class);
        assertThat(x.registry.whereis("kept")).as("reads still work on the minority side").contains(onX);
    }

    private void lap(String what) {
        long now = System.nanoTime();
        System.out.printf("%s: %d ms%n", what, (now - phase) / 1_000_000);
        phase = now;
    }
}
