package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.cluster.testing.ChildJvm;
import io.foundation.beam.cluster.testing.ClusterNodeMain;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three JVMs form a cluster: node {@code a} is this test's JVM, {@code b} and {@code c} are child JVMs
 * ({@link ClusterNodeMain}); all three are Raft voters of the global registry. Processes reach each other by pid and
 * by global name across JVMs, with Erlang's order per pair; killing {@code b} with kill -9 fires every link, monitor,
 * call and node monitor to it with {@code noconnection} within the failure detection time, and frees its global
 * names. The tests run in order on one cluster (a JVM start costs about a second of CPU on 2 cores);
 * the last one kills {@code b}.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAcceptanceTest {

    private static final Duration DETECTION = Duration.ofSeconds(2);
    /** Slack for a loaded 2-core machine: scheduling, view installation, the children's cold JIT. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Duration START = Duration.ofSeconds(60);

    private static BeamRuntime runtime;
    private static BeamCluster a;
    private static ChildJvm b;
    private static ChildJvm c;
    private static Path raftLogs;

    @BeforeAll
    static void startThreeNodes() throws IOException {
        raftLogs = Files.createTempDirectory("acceptance-raft");
        int[] ports = FreePorts.pick(3);
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        runtime = BeamRuntime.builder().name("a").build();
        a = BeamCluster.join(runtime, ClusterConfig.builder("a")
                .clusterName("acceptance-" + ports[0])
                .bindPort(ports[0])
                .initialMembers(members)
                .failureDetectionTimeout(DETECTION)
                // long enough for a busy machine: a JOIN answered late makes the joiner a cluster of its own until
                // the merge (seen under a load of 10 on 2 CPUs: then no Raft leader within the raftTimeout)
                .joinTimeout(Duration.ofMillis(2000))
                .allowMessageTypes(List.of(ClusterNodeMain.class.getName()))
                .raftMembers(List.of("a", "b", "c"))
                .raftLogDirectory(raftLogs.resolve("a"))
                .build());
        b = child("b", ports[1], members, ports[0]);
        c = child("c", ports[2], members, ports[0]);
        b.awaitLine("READY b"::equals, START);
        c.awaitLine("READY c"::equals, START);
        await().atMost(START).until(() -> a.nodes().stream().map(Node::name).sorted().toList()
                .equals(List.of("b", "c")));
    }

    private static ChildJvm child(String name, int port, List<String> members, int clusterId) {
        return ChildJvm.start(name, ClusterNodeMain.class, name, Integer.toString(port), String.join(",", members),
                Long.toString(DETECTION.toMillis()), "3000", "2000", "acceptance-" + clusterId, "a,b,c",
                raftLogs.resolve(name).toString());
    }

    @AfterAll
    static void stopAll() {
        for (ChildJvm child : new ChildJvm[] {b, c}) {
            if (child != null) {
                child.close();
            }
        }
        if (a != null) {
            a.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (raftLogs != null) {
            try (Stream<Path> files = Files.walk(raftLogs)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + raftLogs + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void everyNodeSeesTheOtherTwo() {
        for (ChildJvm child : new ChildJvm[] {b, c}) {
            await().atMost(START).until(() -> {
                child.send("nodes");
                return child.awaitLine(l -> l.startsWith("NODES "), Duration.ofSeconds(5));
            }, line -> line.equals("NODES " + (child == b ? "a,c" : "a,b")));
        }
    }

    @Test
    @Order(2)
    void messagesByPidAndByGlobalNameKeepTheirOrderPerPairOver100000FromTwoNodes() {
        c.send("collector collector-c");
        long collector = idIn(c.awaitLine(l -> l.startsWith("COLLECTOR "), START));
        ProcessRef target = ((DefaultBeamCluster) a).router().pid("c", collector);
        assertThat(target).hasToString("<c." + collector + ">");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.whereisGlobal("collector-c"), p -> p.isPresent());
        assertThat(a.whereisGlobal("collector-c")).contains(target);

        b.send("sendglobal collector-c 100000");
        runtime.spawn(context -> {
            for (long n = 1; n <= 100_000; n++) {
                target.send(new ClusterNodeMain.Seq(context.self(), n));
            }
            target.send(new ClusterNodeMain.Done(context.self(), 100_000));
        });

        List<String> done = new ArrayList<>();
        done.add(c.awaitLine(l -> l.startsWith("DONE "), START));
        done.add(c.awaitLine(l -> l.startsWith("DONE "), START));
        assertThat(done).allSatisfy(line -> assertThat(line).endsWith(" 100000 true"));
        assertThat(done).anySatisfy(line -> assertThat(line).startsWith("DONE <a."))
                .anySatisfy(line -> assertThat(line).startsWith("DONE <b."));
    }

    @Test
    @Order(3)
    void killingANodeFiresEveryLinkMonitorCallAndNodeMonitorWithNoconnection() throws Exception {
        b.send("idle idle-b");
        ProcessRef idle = ((DefaultBeamCluster) a).router().pid("b", idIn(b.awaitLine(l -> l.startsWith("IDLE "),
                START)));
        ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
        CountDownLatch watching = new CountDownLatch(1);
        CompletableFuture<Throwable> callFailure = new CompletableFuture<>();
        runtime.spawn(context -> {
            context.trapExits(true);
            context.link(idle);
            context.monitor(idle);
            a.monitorNode(context.self(), "b");
            context.spawn(caller -> {
                try {
                    caller.call(idle, "never answered", Duration.ofMinutes(5));
                } catch (RuntimeException e) {
                    callFailure.complete(e);
                }
            });
            watching.countDown();
            for (int n = 0; n < 3; n++) {
                events.add(context.receive());
            }
        });
        assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.isAlive()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.whereisGlobal("idle-b"), p -> p.equals(Optional.of(idle)));

        long killedAt = System.nanoTime();
        b.kill();
        Throwable failure = callFailure.get(DETECTION.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        await().atMost(DETECTION.plus(MARGIN)).until(() -> events.size() == 3);
        Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("kill -9 of b: noconnection everywhere after " + took.toMillis() + " ms");

        assertThat(failure).isInstanceOf(ProcessExitedException.class);
        assertThat(((ProcessExitedException) failure).reason()).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new Signal.Exit(idle, ExitReason.NOCONNECTION)))
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(Signal.Down.class, down -> {
                    assertThat(down.process()).isEqualTo(idle);
                    assertThat(down.reason()).isEqualTo(ExitReason.NOCONNECTION);
                }))
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(NodeDown.class,
                        down -> assertThat(down.node().name()).isEqualTo("b")));
        assertThat(idle.isAlive()).isFalse();
        assertThat(a.nodes()).extracting(Node::name).containsExactly("c");
        await().atMost(DETECTION.plus(MARGIN)).until(() -> a.whereisGlobal("idle-b").isEmpty());
        System.out.println("kill -9 of b: its global name freed after "
                + Duration.ofNanos(System.nanoTime() - killedAt).toMillis() + " ms");
        assertThat(a.whereisGlobal("collector-c")).isPresent();
    }

    private static long idIn(String line) {
        return Long.parseLong(line.substring(line.indexOf(' ') + 1).strip());
    }
}
