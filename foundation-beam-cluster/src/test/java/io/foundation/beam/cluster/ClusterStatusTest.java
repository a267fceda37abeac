package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.ClusterStatus.RaftStatus;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.LocalNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link BeamCluster#status()} with real nodes in this JVM on 127.0.0.1. */
@Timeout(90)
class ClusterStatusTest {

    private static final List<String> VOTERS = List.of("a", "b", "c");

    private final List<BeamCluster> nodes = new ArrayList<>();
    private JoinedNodes joined;

    @TempDir
    Path logs;

    @AfterEach
    void closeAll() {
        if (joined != null) {
            joined.close();
        }
    }

    @Test
    void withoutRaftTheStatusHasNodesAndClosedOnly() {
        try (LocalNodes local = new LocalNodes(2)) {
            BeamCluster x = local.start(0, "x");
            local.start(1, "y");
            ClusterStatus status = x.status();
            assertThat(status.self().name()).isEqualTo("x");
            assertThat(status.nodes()).extracting(Node::name).containsExactly("y");
            assertThat(status.closed()).isFalse();
            assertThat(status.raft()).isEmpty();
            x.close();
            assertThat(x.status().closed()).isTrue();
            assertThat(x.status().nodes()).isEmpty();
        }
    }

    @Test
    void threeVotersHaveAMajorityAndALeaderUntilTwoLeave() {
        joined = new JoinedNodes("status", FreePorts.pick(3));
        for (String name : VOTERS) {
            nodes.add(join(name));
        }
        BeamCluster a = nodes.get(0);
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            RaftStatus raft = a.status().raft().orElseThrow();
            assertThat(raft.voters()).containsExactly("a", "b", "c");
            assertThat(raft.votersSeen()).containsExactly("a", "b", "c");
            assertThat(raft.majority()).isEqualTo(2);
            assertThat(raft.hasMajority()).isTrue();
            assertThat(raft.leader()).hasValueSatisfying(l -> assertThat(VOTERS).contains(l));
        });
        String leader = a.status().raft().orElseThrow().leader().orElseThrow();
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.status().raft().orElseThrow().leader()).contains(leader)));

        nodes.get(1).close();
        nodes.get(2).close();
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            RaftStatus raft = a.status().raft().orElseThrow();
            assertThat(raft.votersSeen()).containsExactly("a");
            assertThat(raft.hasMajority()).isFalse();
        });
        assertThat(a.status().closed()).isFalse();

        a.close();
        ClusterStatus closed = a.status();
        assertThat(closed.closed()).isTrue();
        assertThat(closed.nodes()).isEmpty();
        assertThat(closed.raft().orElseThrow().votersSeen()).containsExactly("a");
        assertThat(closed.raft().orElseThrow().leader()).isEmpty();
        assertThat(closed.raft().orElseThrow().hasMajority()).isFalse();
    }

    private BeamCluster join(String name) {
        return joined.join(name, VOTERS.indexOf(name), r -> r,
                c -> c.raftMembers(VOTERS).raftLogDirectory(logs.resolve(name)));
    }
}
