package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    private final int[] ports = FreePorts.pick(2);
    private final List<BeamCluster> nodes = new ArrayList<>();
    private final List<BeamRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(BeamCluster::close);
        runtimes.forEach(BeamRuntime::close);
    }

    @Test
    void eachNodeSeesTheOtherUpAndThenDownWithItsIncarnation() {
        Queue<BeamEvent> seenByX = new ConcurrentLinkedQueue<>();
        Queue<BeamEvent> seenByY = new ConcurrentLinkedQueue<>();
        BeamCluster x = join("x", seenByX);
        BeamCluster y = join("y", seenByY);
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

    private BeamCluster join(String name, Queue<BeamEvent> events) {
        BeamRuntime runtime = BeamRuntime.builder().name(name).shutdownTimeout(Duration.ofSeconds(1))
                .listener(events::add).build();
        runtimes.add(runtime);
        BeamCluster node = BeamCluster.join(runtime, ClusterConfig.builder(name)
                .clusterName("telemetry-" + ports[0])
                .bindAddress("127.0.0.1")
                .bindPort(name.equals("x") ? ports[0] : ports[1])
                .initialMembers(Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList())
                .failureDetectionTimeout(Duration.ofSeconds(2))
                .joinTimeout(Duration.ofMillis(300))
                .build());
        nodes.add(node);
        return node;
    }
}
