package io.foundation.beam.cluster.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three voters a, b, c in this JVM, shared by the tests (each test uses names of its own). */
@Timeout(60)
class GlobalRegistryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<RegistryNode> NODES = new ArrayList<>();
    private static RegistryNode a;
    private static RegistryNode b;
    private static RegistryNode c;

    @TempDir
    static Path logs;

    @BeforeAll
    static void formCluster() {
        int[] ports = FreePorts.pick(3);
        for (String name : RegistryNode.VOTERS) {
            NODES.add(RegistryNode.start(name, ports, "registry-test", logs.resolve(name)));
        }
        a = NODES.get(0);
        b = NODES.get(1);
        c = NODES.get(2);
        await().atMost(WAIT).until(() -> NODES.stream().allMatch(n -> n.registry.hasLeader()));
    }

    @AfterAll
    static void closeAll() {
        NODES.forEach(RegistryNode::close);
    }

    @Test
    void oneLeaderIsElectedAndKnownToAll() {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(NODES.stream().filter(n -> n.registry.isLeader())).hasSize(1);
            assertThat(NODES.stream().map(n -> n.transport.raft().get().leader()).distinct()).hasSize(1);
        });
    }

    @Test
    void aNameRegisteredOnOneNodeIsSeenOnAll() {
        TestPid pid = b.pids.spawn();
        b.registry.register("orders", pid);
        assertThat(b.registry.whereis("orders")).contains(pid);
        await().atMost(WAIT).untilAsserted(() -> NODES.forEach(n -> {
            assertThat(n.registry.whereis("orders")).contains(pid);
            assertThat(n.registry.names()).containsEntry("orders", pid);
        }));
        b.registry.register("orders", pid); // the holder again: fine
        assertThatThrownBy(() -> c.registry.register("orders", c.pids.spawn()))
                .isInstanceOf(NameAlreadyRegisteredException.class)
                .hasMessageContaining("'orders'")
                .satisfies(e -> assertThat(((NameAlreadyRegisteredException) e).holder()).isEqualTo(pid));
    }

    @Test
    void theSameNameRegisteredConcurrentlyOnAllNodesHasExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                String name = "contested-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<TestPid> pids = NODES.stream().map(n -> n.pids.spawn()).toList();
                List<Future<Optional<ProcessRef>>> outcomes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    RegistryNode node = NODES.get(i);
                    TestPid pid = pids.get(i);
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            node.registry.register(name, pid);
                            return Optional.empty();
                        } catch (NameAlreadyRegisteredException e) {
                            return Optional.of(e.holder());
                        }
                    }));
                }
                go.countDown();
                List<Optional<ProcessRef>> results = new ArrayList<>();
                for (Future<Optional<ProcessRef>> f : outcomes) {
                    results.add(f.get());
                }
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    if (results.get(i).isEmpty()) {
                        winners.add(i);
                    }
                }
                assertThat(winners).as("winners of %s", name).hasSize(1);
                TestPid winner = pids.get(winners.get(0));
                assertThat(results).as("the losers are told the winner")
                        .allMatch(r -> r.isEmpty() || r.get().equals(winner));
                await().atMost(WAIT).untilAsserted(() ->
                        NODES.forEach(n -> assertThat(n.registry.whereis(name)).contains(winner)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unregisterFreesTheNameEverywhereFromAnyNode() {
        TestPid pid = a.pids.spawn();
        a.registry.register("cart", pid);
        await().atMost(WAIT).until(() -> c.registry.whereis("cart").isPresent());
        c.registry.unregister("cart");
        await().atMost(WAIT).untilAsserted(() ->
                NODES.forEach(n -> assertThat(n.registry.whereis("cart")).isEmpty()));
        c.registry.unregister("cart"); // free: nothing to do
        TestPid other = c.pids.spawn();
        c.registry.register("cart", other);
        await().atMost(WAIT).until(() -> a.registry.whereis("cart").equals(Optional.of(other)));
    }

    @Test
    void whenTheRegisteredProcessEndsItsNameIsFreedEverywhere() {
        TestPid pid = c.pids.spawn();
        c.registry.register("worker", pid);
        c.registry.register("worker-alias", pid);
        await().atMost(WAIT).until(() -> a.registry.whereis("worker-alias").isPresent());
        c.pids.kill(pid);
        await().atMost(WAIT).untilAsserted(() -> NODES.forEach(n -> {
            assertThat(n.registry.whereis("worker")).isEmpty();
            assertThat(n.registry.whereis("worker-alias")).isEmpty();
        }));
        a.registry.register("worker", a.pids.spawn());
    }

    @Test
    void onlyLiveProcessesOfThisNodeCanBeRegistered() {
        TestPid dead = a.pids.spawn();
        a.pids.kill(dead);
        assertThatThrownBy(() -> a.registry.register("ghost", dead))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining("not alive");
        TestPid ofB = b.pids.spawn();
        assertThatThrownBy(() -> a.registry.register("elsewhere", ofB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of node 'b', not of this node 'a'");
        assertThatThrownBy(() -> a.registry.register(" ", a.pids.spawn()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("register:");
        assertThat(Stream.of(a, b, c).map(n -> n.registry.whereis("ghost"))).allMatch(Optional::isEmpty);
    }

    @Test
    void aProcessThatEndsWhileRegisteringDoesNotKeepTheName() throws Exception {
        TestPid pid = b.pids.spawn();
        CompletableFuture<Void> registered = CompletableFuture.runAsync(() -> b.registry.register("brief", pid));
        b.pids.kill(pid);
        try {
            registered.get();
        } catch (Exception e) {
            assertThat(e).hasCauseInstanceOf(NoSuchProcessException.class);
        }
        await().atMost(WAIT).untilAsserted(() ->
                NODES.forEach(n -> assertThat(n.registry.whereis("brief")).isEmpty()));
        Map<String, ProcessRef> names = a.registry.names();
        assertThat(names).doesNotContainKey("brief");
    }
}
