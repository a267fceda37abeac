package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.testing.ChildJvm;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.RecordingListener;
import io.foundation.beam.cluster.testing.RecordingListener.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node in this JVM and one in a child JVM: the child frozen past the failure detection time is reported down and
 * merges back when thawed; the child killed with kill -9 is reported down within the failure detection time.
 * One child JVM for both (a JVM start costs about a second of CPU on 2 cores).
 */
@Timeout(90)
class JGroupsTransportChildJvmTest {

    private static final Duration DETECTION = Duration.ofSeconds(2);
    private static final Duration MERGE = Duration.ofSeconds(3);
    /** Slack for a loaded 2-core machine: scheduling, view installation, the child's cold JIT. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private JGroupsTransport parent;
    private ChildJvm child;

    @AfterEach
    void closeAll() {
        if (child != null) {
            child.close();
        }
        if (parent != null) {
            parent.close();
        }
    }

    @Test
    void aFrozenNodeIsReportedDownAndMergesBackWhenThawedAndAKilledNodeIsReportedDown() {
        int[] ports = FreePorts.pick(2);
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        parent = JGroupsTransport.start(ClusterConfig.builder("parent")
                .clusterName("child-jvm-test")
                .bindPort(ports[0])
                .initialMembers(members)
                .failureDetectionTimeout(DETECTION)
                .mergeInterval(MERGE)
                .joinTimeout(Duration.ofMillis(300))
                .build());
        RecordingListener listener = new RecordingListener();
        parent.listener(listener);
        child = ChildJvm.start("child", io.foundation.beam.cluster.testing.TransportNodeMain.class, "child",
                Integer.toString(ports[1]), String.join(",", members), Long.toString(DETECTION.toMillis()),
                Long.toString(MERGE.toMillis()), "2000", "child-jvm-test");
        child.awaitLine(l -> l.startsWith("STARTED child"), Duration.ofSeconds(30));
        child.awaitLine("UP parent"::equals, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.upNames().contains("child"));
        Node childNode = listener.up().iterator().next();
        exchangeFrames(childNode, listener, "before");

        // SIGSTOP past the detection time: a partition of one
        long stopped = System.nanoTime();
        child.suspend();
        await().atMost(DETECTION.plus(MARGIN)).until(() -> !listener.upNames().contains("child"));
        long frozenDownMillis = millisSince(stopped);
        assertThat(parent.members()).isEmpty();
        assertThat(parent.send(childNode, bytes("lost"))).isFalse();

        // SIGCONT: the merge brings it back, the child's side sees the parent go down and come back
        long resumed = System.nanoTime();
        child.resume();
        child.send("send parent stale");
        await().atMost(MERGE.plus(MARGIN).plus(MARGIN)).until(() -> listener.upNames().contains("child"));
        long mergeMillis = millisSince(resumed);
        assertThat(listener.up()).containsExactly(childNode);
        child.awaitLine("DOWN parent"::equals, Duration.ofSeconds(10));
        child.awaitLine("UP parent"::equals, Duration.ofSeconds(10));
        exchangeFrames(childNode, listener, "after-merge");

        // kill -9
        long killed = System.nanoTime();
        child.kill();
        await().atMost(DETECTION.plus(MARGIN)).until(() -> !listener.upNames().contains("child"));
        long killedDownMillis = millisSince(killed);

        System.out.printf("frozen (SIGSTOP) child reported down after %d ms (detection timeout %d ms); "
                        + "merged back %d ms after SIGCONT (merge interval %d ms); "
                        + "killed (kill -9) child reported down after %d ms; frames dropped as stale: %d%n",
                frozenDownMillis, DETECTION.toMillis(), mergeMillis, MERGE.toMillis(), killedDownMillis,
                parent.droppedInboundFrames());
        assertThat(listener.events(Kind.UP, "child")).hasSize(2);
        assertThat(listener.events(Kind.DOWN, "child")).hasSize(2);
        assertThat(listener.violations()).isEmpty();
        assertThat(listener.frames("child").stream().map(f -> new String(f, StandardCharsets.UTF_8)))
                .as("a frame the child sent in its old membership (before the merge) is never delivered")
                .doesNotContain("stale");
    }

    private void exchangeFrames(Node childNode, RecordingListener listener, String text) {
        assertThat(parent.send(childNode, bytes(text))).isTrue();
        child.awaitLine(("FRAME parent " + text)::equals, Duration.ofSeconds(10));
        child.send("send parent " + text + "-reply");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.frames("child").stream()
                .anyMatch(f -> new String(f, StandardCharsets.UTF_8).equals(text + "-reply")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
