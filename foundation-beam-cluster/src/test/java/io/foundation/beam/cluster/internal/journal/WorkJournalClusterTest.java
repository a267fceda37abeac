package io.foundation.beam.cluster.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.NoQuorumException;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.cluster.internal.raft.RaftBatcher;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.process.ProcessRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work journal on three real nodes in this JVM (127.0.0.1), sharing the Raft log with the global registry
 * through {@link DefaultBeamCluster}'s multiplexer.
 */
@Timeout(90)
class WorkJournalClusterTest {

    private static final List<String> VOTERS = List.of("a", "b", "c");
    private static final String ORDERS = "orders";

    private final List<DefaultBeamCluster> nodes = new ArrayList<>();
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
    void itemsAppendedOnAFollowerAreAppliedEverywhereInOrderAndStaleCompletionsAreFenced() throws Exception {
        Roles roles = formCluster();
        DefaultBeamCluster leader = roles.leader();
        DefaultBeamCluster follower = roles.follower();
        Map<String, List<String>> completedOn = new ConcurrentHashMap<>();
        List<List<JournalItem>> acceptBatches = new CopyOnWriteArrayList<>();
        for (DefaultBeamCluster n : nodes) {
            List<String> heard = new CopyOnWriteArrayList<>();
            completedOn.put(n.self().name(), heard);
            journal(n).addListener(new JournalListener() {
                @Override
                public void accepted(String ecosystem, List<JournalItem> items) {
                    if (n == follower) {
                        acceptBatches.add(items);
                    }
                }

                @Override
                public void completed(String ecosystem, ItemId id, Completion completion) {
                    heard.add(id.toString());
                }
            });
        }

        // 200 items from 8 threads on a follower, in batches of at most ~300 bytes
        Set<ItemId> registered = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<ItemId>> accepted = new CopyOnWriteArrayList<>();
        try (JournalAppender appender = new JournalAppender(raft(follower), follower.self(), ORDERS, 300);
                ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                threads.execute(() -> accepted.add(appender.accept("k" + (n % 5), work("work " + n),
                        registered::add)));
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        }
        List<ItemId> inOrder = LongStream.rangeClosed(1, 200)
                .mapToObj(s -> new ItemId(follower.self().name(), follower.self().incarnation(), s)).toList();
        assertThat(registered).containsExactlyInAnyOrderElementsOf(inOrder);
        assertThat(accepted).extracting(CompletableFuture::join).containsExactlyInAnyOrderElementsOf(inOrder);
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> nodes.forEach(n ->
                assertThat(journal(n).pending(ORDERS)).extracting(JournalItem::id).containsExactlyElementsOf(inOrder)));
        assertThat(journal(leader).counters(ORDERS).duplicateAccepts()).isZero();
        // an item takes about 41 to 43 bytes: at most 7 in 300 bytes; 200 items from 8 threads do not go one by one
        assertThat(acceptBatches).allSatisfy(batch ->
                assertThat(batch.stream().mapToInt(JournalItem::encodedSize).sum()).isBetween(1, 300));
        assertThat(acceptBatches.size()).isBetween(200 / 7, 199);

        // the coordinator on the leader: epoch = its term; a completion of a lower epoch is fenced
        long term = raft(leader).currentTerm();
        byte[] started = JournalCommands.coordinatorStarted(ORDERS, term, leader.self().name(),
                leader.self().incarnation());
        raft(leader).setAsync(started, 0, started.length, null).get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> completions = new ArrayList<>();
        try (RaftBatcher<Completion> completer = JournalAppender.completions(raft(leader), ORDERS, 1024)) {
            completions.add(completer.append(new Completion(inOrder.get(0), term - 1, 1, true, work("stale"))));
            for (ItemId id : inOrder.subList(0, 100)) {
                completions.add(completer.append(new Completion(id, term, 1, true, work("done " + id))));
            }
            completions.add(completer.append(new Completion(inOrder.get(0), term, 2, true, work("again"))));
            CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        }
        List<String> firstHundred = inOrder.subList(0, 100).stream().map(ItemId::toString).toList();
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> nodes.forEach(n -> {
            WorkJournal j = journal(n);
            assertThat(j.epoch(ORDERS)).isEqualTo(term);
            assertThat(j.coordinator(ORDERS)).contains(leader.self());
            assertThat(j.pending(ORDERS)).extracting(JournalItem::id).containsExactlyElementsOf(inOrder.subList(100,
                    200));
            assertThat(j.counters(ORDERS)).isEqualTo(new JournalCounters(200, 100, 0, 1, 1, 0, 0, 0));
            assertThat(completedOn.get(n.self().name())).as("completed once each, in order, on " + n.self())
                    .containsExactlyElementsOf(firstHundred);
            assertThat(j.outcomesOf(ORDERS, follower.self())).extracting(Completion::id)
                    .containsExactlyElementsOf(inOrder.subList(0, 100));
        }));
        assertThat(journal(other(leader, follower)).completion(ORDERS, inOrder.get(0)))
                .contains(new Completion(inOrder.get(0), term, 1, true, work("done " + inOrder.get(0))));

        // the submitter releases the outcomes of the futures it completed: gone on every replica
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        try (JournalAppender appender = new JournalAppender(raft(follower), follower.self(), ORDERS, 100)) {
            for (ItemId id : inOrder.subList(0, 60)) {
                releases.add(appender.release(id));
            }
            releases.add(appender.release(inOrder.get(0))); // again: ignored, counted
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            ItemId someoneElses = new ItemId(leader.self().name(), leader.self().incarnation(), 1);
            assertThatThrownBy(() -> appender.release(someoneElses)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a node releases only its own items");
        }
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> nodes.forEach(n -> {
            WorkJournal j = journal(n);
            assertThat(j.outcomeCount(ORDERS)).isEqualTo(40);
            assertThat(j.completion(ORDERS, inOrder.get(0))).isEmpty();
            assertThat(j.completion(ORDERS, inOrder.get(60))).isPresent();
            assertThat(j.counters(ORDERS)).isEqualTo(new JournalCounters(200, 100, 0, 1, 1, 60, 1, 0));
        }));

        // a command the journal refuses fails its batch at once, from the leader or through a follower
        for (DefaultBeamCluster n : List.of(leader, follower)) {
            try (RaftBatcher<String> bad = new RaftBatcher<>(raft(n), "a test's bad commands", batch -> new byte[] {9},
                    String::length, 100)) {
                assertThat(bad.append("x")).failsWithin(Duration.ofSeconds(3)).withThrowableOfType(Exception.class)
                        .havingCause().isInstanceOf(IllegalArgumentException.class)
                        .withMessageContaining("a test's bad commands on node '" + n.self().name() + "': the state "
                                + "machine refused the command");
            }
        }

        // the global registry shares the log
        BeamRuntime runtimeB = joined.runtime(VOTERS.indexOf(follower.self().name()));
        ProcessRef holder = runtimeB.spawn((message, context) -> message);
        follower.registerGlobal("journal-neighbour", holder);
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> nodes.forEach(n ->
                assertThat(n.whereisGlobal("journal-neighbour")).isPresent()));

        // without a majority an append fails at once, naming the ecosystem
        DefaultBeamCluster last = nodes.get(0);
        nodes.subList(1, 3).forEach(BeamCluster::close);
        await().atMost(LocalNodes.WAIT).until(() -> last.nodes().isEmpty());
        try (JournalAppender appender = new JournalAppender(raft(last), last.self(), ORDERS, 300)) {
            CompletableFuture<ItemId> refused = appender.accept(null, work("late"), id -> { });
            assertThat(refused).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(Exception.class)
                    .havingRootCause().isInstanceOf(NoQuorumException.class)
                    .withMessageContaining("the work journal of ecosystem 'orders' on node 'a'")
                    .withMessageContaining("sees 1 of the 3 Raft voters");
        }
    }

    @Test
    void itemsAppendedWhileTheLeaderLeavesAreAcceptedOnceInOrder() throws Exception {
        Roles roles = formCluster();
        DefaultBeamCluster leader = roles.leader();
        DefaultBeamCluster follower = roles.follower();
        DefaultBeamCluster other = roles.other();

        List<CompletableFuture<ItemId>> futures = new CopyOnWriteArrayList<>();
        try (JournalAppender appender = new JournalAppender(raft(follower), follower.self(), ORDERS, 1024);
                ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                threads.execute(() -> {
                    for (int i = 0; i < 60; i++) {
                        futures.add(appender.accept(null, work("w" + i), id -> { }));
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                });
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(40));
            leader.close(); // leaves gracefully: a new leader is elected among the two others
            threads.shutdown();
            assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(futures.stream().map(f -> f.handle((id, e) -> id))
                    .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        List<ItemId> accepted = new ArrayList<>();
        for (CompletableFuture<ItemId> f : futures) {
            if (f.isCompletedExceptionally()) {
                assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class).havingRootCause()
                        .isInstanceOf(NoQuorumException.class).withMessageContaining("ecosystem 'orders'");
            } else {
                accepted.add(f.join());
            }
        }
        assertThat(accepted).as("most are accepted (a batch fails only after the raftTimeout)").isNotEmpty();
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> {
            List<ItemId> pending = journal(follower).pending(ORDERS).stream().map(JournalItem::id).toList();
            assertThat(pending).containsAll(accepted).doesNotHaveDuplicates()
                    .isSortedAccordingTo(Comparator.comparingLong(ItemId::sequence));
            assertThat(journal(other).pending(ORDERS)).extracting(JournalItem::id).isEqualTo(pending);
        });
        System.out.println("WorkJournalClusterTest: leader " + leader.self().name() + " left; " + accepted.size() + " of "
                + futures.size() + " accepted; " + journal(follower).counters(ORDERS));
    }

    /** The three nodes by Raft role, once they agree on a leader. */
    private record Roles(DefaultBeamCluster leader, DefaultBeamCluster follower, DefaultBeamCluster other) {
    }

    private Roles formCluster() {
        joined = new JoinedNodes("journal", FreePorts.pick(3));
        for (String name : VOTERS) {
            nodes.add(join(name));
        }
        await().atMost(LocalNodes.WAIT).until(() -> nodes.stream().map(n -> raft(n).leader()).distinct()
                .filter(l -> l != null).count() == 1 && nodes.stream().allMatch(n -> raft(n).leader() != null));
        DefaultBeamCluster leader = nodes.stream().filter(n -> raft(n).isLeader()).findFirst().orElseThrow();
        List<DefaultBeamCluster> followers = nodes.stream().filter(n -> n != leader).toList();
        return new Roles(leader, followers.get(0), followers.get(1));
    }

    private DefaultBeamCluster other(DefaultBeamCluster a, DefaultBeamCluster b) {
        return nodes.stream().filter(n -> n != a && n != b).findFirst().orElseThrow();
    }

    private static RaftMachine raft(DefaultBeamCluster node) {
        return RaftMachine.of(node.transport(), journal(node));
    }

    private static WorkJournal journal(DefaultBeamCluster node) {
        return node.workJournal().orElseThrow();
    }

    private static byte[] work(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private DefaultBeamCluster join(String name) {
        return (DefaultBeamCluster) joined.join(name, VOTERS.indexOf(name), r -> r, c -> c.raftMembers(VOTERS)
                .raftLogDirectory(logs.resolve(name)).raftTimeout(Duration.ofSeconds(5)));
    }
}
