package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.RecordingListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three transports in this JVM form one cluster (shared by the tests); tests that join and leave use extra nodes.
 */
@Timeout(60)
class JGroupsTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<JGroupsTransport> STARTED = new ArrayList<>();
    private static int[] ports;
    private static JGroupsTransport a;
    private static JGroupsTransport b;
    private static JGroupsTransport c;
    private static final RecordingListener A = new RecordingListener();
    private static final RecordingListener B = new RecordingListener();
    private static final RecordingListener C = new RecordingListener();

    @BeforeAll
    static void formCluster() {
        ports = FreePorts.pick(6);
        a = start("a", 0);
        a.listener(A);
        b = start("b", 1);
        b.listener(B);
        c = start("c", 2);
        c.listener(C);
    }

    @AfterAll
    static void closeAll() {
        STARTED.forEach(JGroupsTransport::close);
    }

    static JGroupsTransport start(String name, int portIndex) {
        JGroupsTransport t = JGroupsTransport.start(config(name, portIndex).build());
        STARTED.add(t);
        return t;
    }

    static ClusterConfig.Builder config(String name, int portIndex) {
        return ClusterConfig.builder(name)
                .clusterName("transport-test")
                .bindPort(ports[portIndex])
                .initialMembers(Arrays.stream(ports).limit(3).mapToObj(p -> "127.0.0.1:" + p).toList())
                .joinTimeout(Duration.ofMillis(500));
    }

    @Test
    void threeNodesSeeEachOther() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a.members()).containsExactlyInAnyOrder(b.self(), c.self());
            assertThat(b.members()).containsExactlyInAnyOrder(a.self(), c.self());
            assertThat(c.members()).containsExactlyInAnyOrder(a.self(), b.self());
            assertThat(A.up()).contains(b.self(), c.self());
            assertThat(B.up()).contains(a.self(), c.self());
            assertThat(C.up()).contains(a.self(), b.self());
        });
        assertThat(Set.of(a.self().incarnation(), b.self().incarnation(), c.self().incarnation())).hasSize(3);
        assertThat(A.violations()).isEmpty();
        assertThat(B.violations()).isEmpty();
        assertThat(C.violations()).isEmpty();
    }

    @Test
    void hundredThousandFramesFromTwoThreadsArriveCompleteAndInOrderPerThread() throws Exception {
        await().atMost(WAIT).until(() -> c.members().contains(a.self()) && C.up().contains(a.self()));
        int perThread = 50_000;
        int before = C.frames("a").size();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int seq = 0; seq < perThread; seq++) {
                        byte[] frame = ByteBuffer.allocate(24).putInt(thread).putInt(seq).array();
                        if (!a.send(c.self(), frame)) {
                            throw new AssertionError("send returned false at " + seq);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        await().atMost(WAIT).until(() -> C.frames("a").size() - before >= 2 * perThread);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("100000 frames of 24 bytes a -> c in %d ms (%d frames/s)%n", millis,
                2L * perThread * 1000 / Math.max(1, millis));
        assertThat(failures).isEmpty();
        List<byte[]> frames = C.frames("a");
        assertThat(frames).hasSize(before + 2 * perThread);
        int[] next = new int[2];
        for (byte[] frame : frames.subList(before, frames.size())) {
            ByteBuffer buf = ByteBuffer.wrap(frame);
            int thread = buf.getInt();
            assertThat(buf.getInt()).as("sequence of thread %d", thread).isEqualTo(next[thread]++);
        }
        assertThat(next).containsExactly(perThread, perThread);
        assertThat(C.violations()).isEmpty();
    }

    @Test
    void framesWaitForTheListenerAndAClosedNodeIsReportedDownAtOnce() {
        JGroupsTransport d = start("d", 3);
        await().atMost(WAIT).until(() -> a.members().contains(d.self()) && b.members().contains(d.self())
                && c.members().contains(d.self()) && d.members().size() == 3);
        assertThat(a.send(d.self(), new byte[] {1})).isTrue();
        assertThat(a.send(d.self(), new byte[] {2})).isTrue();
        RecordingListener dListener = new RecordingListener();
        d.listener(dListener);
        await().atMost(WAIT).until(() -> dListener.frames("a").size() == 2);
        assertThat(dListener.frames("a")).containsExactly(new byte[] {1}, new byte[] {2});
        assertThat(dListener.upNames()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(dListener.violations()).isEmpty();

        await().atMost(WAIT).until(() -> A.up().contains(d.self()) && B.up().contains(d.self())
                && C.up().contains(d.self()));
        long closed = System.nanoTime();
        d.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> !A.up().contains(d.self()) && !B.up().contains(d.self())
                && !C.up().contains(d.self()));
        System.out.printf("a closed node was reported down on all in %d ms%n",
                (System.nanoTime() - closed) / 1_000_000);
        assertThat(a.members()).doesNotContain(d.self());
        assertThat(a.send(d.self(), new byte[] {3})).isFalse();
        assertThat(A.events(RecordingListener.Kind.DOWN, "d")).hasSize(1);
    }

    @Test
    void framesSentAtOnceOnNodeUpReachTheJoinerEvenBeforeItHasTheView() {
        int count = 1_000;
        A.whenUp(n -> {
            if (n.name().equals("e")) {
                for (int i = 0; i < count; i++) {
                    a.send(n, ByteBuffer.allocate(4).putInt(i).array());
                }
            }
        });
        try {
            JGroupsTransport e = start("e", 4);
            RecordingListener eListener = new RecordingListener();
            e.listener(eListener);
            await().atMost(WAIT).until(() -> eListener.frames("a").size() == count);
            for (int i = 0; i < count; i++) {
                assertThat(ByteBuffer.wrap(eListener.frames("a").get(i)).getInt()).isEqualTo(i);
            }
            List<RecordingListener.Event> fromA = eListener.events().stream()
                    .filter(ev -> ev.node().name().equals("a")).toList();
            assertThat(fromA.get(0).kind()).isEqualTo(RecordingListener.Kind.UP);
            assertThat(e.droppedInboundFrames()).isZero();
            assertThat(eListener.violations()).isEmpty();
            System.out.printf("joiner held %d early batch(es) until its view%n", e.heldBatches());
            e.close();
            await().atMost(WAIT).until(() -> !a.members().contains(e.self()));
        } finally {
            A.whenUp(n -> { });
        }
    }

    @Test
    void aDuplicateNodeNameIsRefusedAndNeverSeen() {
        await().atMost(WAIT).until(() -> a.members().contains(b.self()));
        assertThatThrownBy(() -> start("b", 5))
                .isInstanceOf(NodeNameInUseException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("'transport-test'");
        assertThat(a.members()).containsOnlyOnce(b.self());
        assertThat(a.members().stream().filter(n -> n.name().equals("b"))).containsExactly(b.self());
        assertThat(A.events(RecordingListener.Kind.UP, "b")).hasSize(1);
        assertThat(A.violations()).isEmpty();
    }

    @Test
    void sendToANonMemberReturnsFalse() {
        assertThat(a.send(new Node("nobody", 42), new byte[] {1})).isFalse();
        assertThat(a.send(a.self(), new byte[] {1})).as("self is not one of the other members").isFalse();
    }
}
