package io.foundation.beam.cluster.internal.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.cluster.testing.ChildJvm;
import io.foundation.beam.cluster.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nodes a, b, c (also the Raft voters) of a distributed ecosystem "orders", each an {@link EcosystemNodeMain} in
 * a child JVM on 127.0.0.1, the test's JVM only observing; a node can be killed and started again with the same name
 * and Raft log directory (a new incarnation). Keeps every JVM it started (the killed ones too, for their lines);
 * {@link #close()} ends them all.
 */
final class EcosystemJvms implements AutoCloseable {

    static final List<String> NAMES = List.of("a", "b", "c");
    static final Duration START = Duration.ofSeconds(40);

    private final int[] ports = FreePorts.pick(3);
    private final Path logs;
    private final long detectionMillis;
    private final long mergeMillis;
    private final int workers;
    private final int maxAttempts;
    private final long workMillis;
    private final Map<String, ChildJvm> live = new LinkedHashMap<>();
    private final Map<String, Long> incarnations = new HashMap<>();
    private final List<ChildJvm> all = new ArrayList<>();
    private int generation;

    EcosystemJvms(Path logs, long detectionMillis, long mergeMillis, int workers, int maxAttempts) {
        this(logs, detectionMillis, mergeMillis, workers, maxAttempts, 1);
    }

    EcosystemJvms(Path logs, long detectionMillis, long mergeMillis, int workers, int maxAttempts, long workMillis) {
        this.logs = logs;
        this.detectionMillis = detectionMillis;
        this.mergeMillis = mergeMillis;
        this.workers = workers;
        this.maxAttempts = maxAttempts;
        this.workMillis = workMillis;
    }

    /** Starts a node (again) and waits until it is READY; returns its incarnation. */
    long start(String name) {
        String members = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
        ChildJvm jvm = ChildJvm.start(name + "#" + (++generation), EcosystemNodeMain.class, name,
                Integer.toString(ports[NAMES.indexOf(name)]), members, Long.toString(detectionMillis),
                Long.toString(mergeMillis), "ecosystem-" + ports[0], String.join(",", NAMES),
                logs.resolve(name).toString(), Integer.toString(workers), Integer.toString(maxAttempts),
                Long.toString(workMillis));
        all.add(jvm);
        live.put(name, jvm);
        String ready = jvm.awaitLine(l -> l.startsWith("READY "), START);
        long incarnation = Long.parseLong(ready.split(" ")[2]);
        incarnations.put(name, incarnation);
        return incarnation;
    }

    ChildJvm jvm(String name) {
        return live.get(name);
    }

    Collection<ChildJvm> live() {
        return live.values();
    }

    long incarnation(String name) {
        return incarnations.get(name);
    }

    /** kill -9; the JVM's lines stay readable in {@link #allLines}. */
    void kill(String name) {
        live.remove(name).kill();
    }

    /**
     * Waits until no live node has the node in its view (so that a new JVM of that name may join: the cluster
     * refuses a second node of one name).
     */
    void awaitGone(String name) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (ChildJvm j : live.values()) {
                        j.send("raft");
                        assertThat(j.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5))
                                .replaceAll(".* view=", "")).doesNotContain(name);
                    }
                });
    }

    /**
     * Waits, with the submitters still submitting, until every live voter's Raft log has reached the highest commit
     * index any of them had when this was called: a voter that (re)joined behind the leader (restarted with an older
     * log, or thawed) catches up under load (the leader resends to laggards while busy: {@code CatchUpRaft}).
     */
    void awaitTheLogsCaughtUp() {
        long start = System.nanoTime();
        long target = 0;
        for (ChildJvm j : live.values()) {
            target = Math.max(target, commitIndex(j));
        }
        long reach = target;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (ChildJvm j : live.values()) {
                        assertThat(commitIndex(j)).as("the commit index of a live voter").isGreaterThanOrEqualTo(reach);
                    }
                });
        System.out.printf("EcosystemJvms: every voter reached commit index %d in %d ms, under load%n", reach,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static long commitIndex(ChildJvm j) {
        j.send("raft");
        String line = j.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5));
        return Long.parseLong(line.replaceAll(".* commit=(\\d+) .*", "$1"));
    }

    /** Waits until every live node's replica names the same coordinator, of an epoch above 0, on a live node. */
    void awaitOneCoordinator() {
        org.awaitility.Awaitility.await().atMost(START).untilAsserted(() -> {
            List<String> seen = new ArrayList<>();
            for (ChildJvm j : live.values()) {
                String[] c = lastCoord(j);
                seen.add(c[0] + " " + c[1]);
                assertThat(Long.parseLong(c[0])).isPositive();
            }
            assertThat(seen).as("one coordinator").containsOnly(seen.get(0));
            assertThat(live).as("on a live node").containsKey(coordinatorName(live.values().iterator().next()));
        });
    }

    /** @return how many workers the node's share runs now (asked with {@code status}) */
    int workers(String name) {
        ChildJvm j = live.get(name);
        j.send("status");
        return Integer.parseInt(j.awaitLine(l -> l.startsWith("STATUS "), Duration.ofSeconds(5))
                .replaceAll(".* workers=(\\d+) .*", "$1"));
    }

    /** @return the latest {@code COORD} line's parts of a node: epoch, coordinator, wall clock ms */
    static String[] lastCoord(ChildJvm jvm) {
        List<String> lines = jvm.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("COORD ")) {
                String[] w = lines.get(i).split(" ");
                return new String[] {w[1], w[2], w[3]};
            }
        }
        return new String[] {"0", "-", "0"};
    }

    /** @return the name of the node that runs the coordinator, per the given node's replica */
    static String coordinatorName(ChildJvm jvm) {
        String c = lastCoord(jvm)[1];
        return c.equals("-") ? "-" : c.substring(0, c.indexOf('/'));
    }

    /** @return every line of every JVM started, the killed ones included */
    List<String> allLines() {
        List<String> lines = new ArrayList<>();
        all.forEach(j -> lines.addAll(j.lines()));
        return lines;
    }

    /**
     * Stops the submitters of the live nodes and checks each one's futures: none open, none failed, each work
     * completed at most once with its own result.
     *
     * @return the live nodes' STOPPED lines
     */
    List<String> stopAndCheck(Duration wait) {
        live.values().forEach(j -> j.send("stop " + wait.toMillis()));
        List<String> stopped = new ArrayList<>();
        for (ChildJvm j : live.values()) {
            String line = j.awaitLine(l -> l.startsWith("STOPPED "), wait.plusSeconds(10));
            stopped.add(line);
            assertThat(line).as("every accepted future completed, none failed").contains(" failed=0 ")
                    .endsWith(" open=0");
            Map<String, Integer> doneCount = new HashMap<>();
            for (String l : j.lines()) {
                if (l.startsWith("DONE ")) {
                    String[] w = l.split(" ");
                    assertThat(w[2]).as("the result of its own work").startsWith(w[1] + "@");
                    doneCount.merge(w[1], 1, Integer::sum);
                }
                assertThat(l).as("no future failed otherwise").doesNotStartWith("FAILED ");
            }
            assertThat(doneCount).as("each future completed once").allSatisfy((w, n) -> assertThat(n).isEqualTo(1));
        }
        return stopped;
    }

    /** @return executions per work, over every JVM started */
    Map<String, Integer> executions() {
        Map<String, Integer> runs = new HashMap<>();
        for (String l : allLines()) {
            if (l.startsWith("RAN ")) {
                runs.merge(l.split(" ")[1], 1, Integer::sum);
            }
        }
        return runs;
    }

    /** Asks each live JVM for its Raft state, then {@link #dump}s. */
    void dumpWithRaft() {
        try {
            live.values().forEach(j -> j.send("raft"));
            live.values().forEach(j -> j.awaitLine(l -> l.startsWith("RAFT "), Duration.ofSeconds(5)));
        } catch (RuntimeException | AssertionError e) {
            System.out.println("no Raft state from every node: " + e.getMessage().lines().findFirst().orElse(""));
        }
        dump();
    }

    /** Prints what each JVM said but its RAN and DONE lines, for a failure's diagnosis. */
    void dump() {
        for (ChildJvm j : all) {
            List<String> lines = j.lines().stream().filter(l -> !l.startsWith("RAN ") && !l.startsWith("DONE "))
                    .toList();
            System.out.println("---- " + j + ": " + lines.size() + " lines besides RAN/DONE, the last 40:");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
        }
    }

    @Override
    public void close() {
        all.forEach(ChildJvm::close);
    }
}
