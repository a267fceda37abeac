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

/** Voters leave: a closed node's names are purged; a node without a majority fails fast. */
@Timeout(60)
class GlobalRegistryFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final List<RegistryNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(RegistryNode::close);
    }

    @Test
    void aClosedNodesNamesArePurgedAndTheLastNodeHasNoQuorum(@TempDir Path logs) {
        int[] ports = FreePorts.pick(3);
        for (String name : RegistryNode.VOTERS) {
            nodes.add(RegistryNode.start(name, ports, "registry-failure-test", logs.resolve(name)));
        }
        RegistryNode a = nodes.get(0);
        RegistryNode b = nodes.get(1);
        RegistryNode c = nodes.get(2);
        await().atMost(WAIT).until(() -> nodes.stream().allMatch(n -> n.registry.hasLeader()));
        TestPid onA = a.pids.spawn();
        TestPid onC = c.pids.spawn();
        a.registry.register("kept", onA);
        c.registry.register("leaving-1", onC);
        c.registry.register("leaving-2", c.pids.spawn());
        await().atMost(WAIT).until(() -> b.registry.names().size() == 3);

        c.close();
        nodes.remove(c);
        await().atMost(WAIT).untilAsserted(() -> {
            for (RegistryNode n : List.of(a, b)) {
                assertThat(n.registry.names()).containsOnlyKeys("kept");
            }
        });
        TestPid onB = b.pids.spawn();
        b.registry.register("leaving-1", onB); // free again, and two of three still commit

        // c comes back (a new incarnation, the same log): its replica catches up with what it missed
        RegistryNode c2 = RegistryNode.start("c", ports, "registry-failure-test", logs.resolve("c"));
        nodes.add(c2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(c2.registry.names())
                .containsOnlyKeys("kept", "leaving-1").containsEntry("leaving-1", onB).containsEntry("kept", onA));
        c2.close();
        nodes.remove(c2);

        b.close();
        nodes.remove(b);
        await().atMost(WAIT).until(() -> a.transport.members().isEmpty());
        long start = System.nanoTime();
        assertThatThrownBy(() -> a.registry.register("minority", a.pids.spawn()))
                .isInstanceOf(NoQuorumException.class)
                .hasMessageContaining("node 'a'")
                .hasMessageContaining("sees 1 of the 3 Raft voters [a, b, c] ([a])")
                .hasMessageContaining("2 are needed")
                .hasMessageContaining("Only the majority side of a partition can register")
                .satisfies(e -> {
                    NoQuorumException q = (NoQuorumException) e;
                    assertThat(q.node()).isEqualTo("a");
                    assertThat(q.visibleVoters()).containsExactly("a");
                    assertThat(q.needed()).isEqualTo(2);
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("fails at once, not after the raftTimeout").isLessThan(Duration.ofMillis(500));
        assertThatThrownBy(() -> a.registry.unregister("kept")).isInstanceOf(NoQuorumException.class);
        assertThat(a.registry.whereis("kept")).as("reads still work on the minority side").contains(onA);
    }
}
