package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster-wide process groups (Erlang's pg) on nodes joined in this JVM; each test has its own groups. */
class ProcessGroupsTest {

    private static LocalNodes cluster;
    private static BeamCluster a;
    private static BeamCluster b;

    @BeforeAll
    static void twoNodes() {
        cluster = new LocalNodes(3);
        a = cluster.start(0, "a");
        b = cluster.start(1, "b");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static ProcessRef collector(String node, BlockingQueue<Object> inbox) {
        return cluster.runtime(node).spawn((message, context) -> inbox.add(message));
    }

    private static ProcessRef idle(String node) {
        return cluster.runtime(node).spawn((message, context) -> null);
    }

    private static List<String> names(List<ProcessRef> pids) {
        return pids.stream().map(Object::toString).sorted().toList();
    }

    private static List<String> names(ProcessRef... pids) {
        return names(List.of(pids));
    }

    private static void awaitMembers(String group, List<String> expected, BeamCluster... nodes) {
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            for (BeamCluster node : nodes) {
                assertThat(names(node.groups().members(group))).as(node.self() + " members").isEqualTo(expected);
            }
        });
    }

    @Test
    void joinAndLeaveConvergeOnEveryNodeWithPgMultiplicity() {
        ProcessRef p1 = idle("a");
        ProcessRef p2 = idle("b");

        a.groups().join("g1", p1);
        a.groups().join("g1", p1);
        b.groups().join("g1", p2);

        awaitMembers("g1", names(p1, p1, p2), a, b);
        assertThat(names(a.groups().localMembers("g1"))).isEqualTo(names(p1, p1));
        assertThat(b.groups().groups()).contains("g1");

        assertThat(a.groups().leave("g1", p1)).isTrue();
        awaitMembers("g1", names(p1, p2), a, b);
        assertThat(a.groups().leave("g1", p1)).isTrue();
        assertThat(a.groups().leave("g1", p1)).isFalse();
        assertThat(b.groups().leave("g1", p2)).isTrue();
        awaitMembers("g1", List.of(), a, b);
        assertThat(a.groups().groups()).doesNotContain("g1");
    }

    @Test
    void aMemberThatEndsLeavesEverywhereAndMonitorsAreTold() throws InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        ProcessRef watcher = collector("a", events);
        GroupMonitor monitor = a.groups().monitor(watcher, "g2");
        assertThat(monitor.members()).isEmpty();
        ProcessRef member = idle("b");

        b.groups().join("g2", member);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(GroupJoined.class,
                e -> assertThat(names(e.members())).isEqualTo(names(member)));
        cluster.runtime("b").kill(member);

        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(GroupLeft.class,
                e -> assertThat(names(e.members())).isEqualTo(names(member)));
        awaitMembers("g2", List.of(), a, b);
        assertThat(a.groups().demonitor(monitor)).isTrue();
        assertThat(a.groups().demonitor(monitor)).isFalse();
    }

    @Test
    void broadcastReachesEveryMemberOnEveryNodeOnce() throws InterruptedException {
        BlockingQueue<Object> inboxA = new LinkedBlockingQueue<>();
        BlockingQueue<Object> inboxB = new LinkedBlockingQueue<>();
        ProcessRef onA = collector("a", inboxA);
        ProcessRef onB = collector("b", inboxB);
        a.groups().join("g3", onA);
        a.groups().join("g3", onA);
        b.groups().join("g3", onB);
        awaitMembers("g3", names(onA, onA, onB), a);

        assertThat(a.groups().broadcast("g3", "hello")).isEqualTo(2);

        assertThat(inboxA.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(inboxB.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(a.groups().broadcast("g3", "again")).isEqualTo(2);
        assertThat(inboxA.poll(10, TimeUnit.SECONDS)).isEqualTo("again"); // not a second "hello"
        assertThat(a.groups().broadcast("nobody", "x")).isZero();
    }

    @Test
    void aNodeThatJoinsGetsTheMembershipsAndANodeThatLeavesTakesItsMembersAway() throws InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        ProcessRef watcher = collector("a", events);
        ProcessRef onA = idle("a");
        ProcessRef onB = idle("b");
        a.groups().join("g4", onA);
        b.groups().join("g4", onB);
        awaitMembers("g4", names(onA, onB), a, b);
        a.groups().monitor(watcher, "g4");

        BeamCluster c = cluster.start(2, "c");
        awaitMembers("g4", names(onA, onB), c);
        ProcessRef onC = idle("c");
        c.groups().join("g4", onC);
        awaitMembers("g4", names(onA, onB, onC), a, b, c);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(GroupJoined.class,
                e -> assertThat(names(e.members())).isEqualTo(names(onC)));

        cluster.stop("c");

        assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(GroupLeft.class,
                e -> assertThat(names(e.members())).isEqualTo(names(onC)));
        awaitMembers("g4", names(onA, onB), a, b);
    }

    @Test
    void onlyProcessesOfThisNodeJoin() {
        ProcessRef onB = idle("b");
        BeamRuntime runtimeA = cluster.runtime("a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.groups().join("g5", onB))
                .isInstanceOf(IllegalArgumentException.class);
        ProcessRef ended = idle("a");
        runtimeA.kill(ended);
        await().atMost(LocalNodes.WAIT).until(() -> !ended.isAlive());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.groups().join("g5", ended))
                .isInstanceOf(io.foundation.beam.process.NoSuchProcessException.class);
    }
}
