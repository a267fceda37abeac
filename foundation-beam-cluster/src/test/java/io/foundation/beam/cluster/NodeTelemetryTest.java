package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime's telemetry ({@code BeamEventListener}) sees the cluster's nodes come and go: {@link BeamEvent.NodeUp}
 * and {@link BeamEvent.NodeDown}, with real nodes in this JVM on 127.0.0.1.
 */
@Timeout(60)
class NodeTelemetryTest {

    private final JoinedNodes nodes = new JoinedNodes("telemetry", FreePorts.pick(2));

    @AfterEach
    void closeAll() {
        nodes.close();
    }

    @Test
    void eachNodeSeesTheOtherUpAndThenDownWithItsIncarnation() {
        Queue<BeamEvent> seenByX = new ConcurrentLinkedQueue<>();
        Queue<BeamEvent> seenByY = new ConcurrentLinkedQueue<>();
        BeamCluster x = nodes.join("x", 0, r -> r.listener(seenByX::add), c -> c);
        BeamCluster y = nodes.join("y", 1, r -> r.listener(seenByY::add), c -> c);
        long xIncarnation = x.self().incarnation();
        long yIncarnation = y.self().incarnation();

        // y found x when it joined; x saw y join
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            assertThat(nodeEvents(seenByY)).containsExactly(new BeamEvent.NodeUp("x", xIncarnation));
            assertThat(nodeEvents(seenByX)).containsExactly(new BeamEvent.NodeUp("y", yIncarnation));
        });

        y.close();
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(nodeEvents(seenByX)).containsExactly(
                new BeamEvent.NodeUp("y", yIncarnation), new BeamEvent.NodeDown("y", yIncarnation)));
    }

    private static List<BeamEvent> nodeEvents(Queue<BeamEvent> events) {
        return events.stream().filter(e -> e instanceof BeamEvent.NodeUp || e instanceof BeamEvent.NodeDown).toList();
    }
}
