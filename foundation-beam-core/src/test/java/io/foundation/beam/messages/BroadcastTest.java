package io.foundation.beam.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    /** An immutable announcement. */
    record Announcement(String text) {
    }

    private BeamRuntime runtime;
    /** What each worker index received, in order. */
    private final Map<Integer, List<Object>> received = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        runtime = BeamRuntime.builder().name("broadcast").build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private Ecosystem ecosystem(String name, Topology topology, int workers) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name)
                .workers(workers, () -> (message, ctx) -> record(ctx, message))
                .topology(topology)
                .memoryStrategy(MemoryStrategy.ISOLATED_HEAPS)
                .build());
    }

    private Object record(WorkerContext ctx, Object message) {
        received.computeIfAbsent(ctx.index(), i -> new CopyOnWriteArrayList<>()).add(message);
        return null;
    }

    private int receivers() {
        return received.size();
    }

    @Test
    void anImmutableMessageIsOneSharedObjectAndAMutableOneACopyPerWorker() {
        Ecosystem eco = ecosystem("tree", Topology.TREE, 4);
        Announcement hello = new Announcement("hello");
        BroadcastReport shared = eco.broadcast(hello);
        assertThat(shared.reachedCount()).isEqualTo(4);
        assertThat(shared.copies()).isZero();
        assertThat(shared.complete()).isTrue();
        await().until(() -> receivers() == 4 && received.values().stream().allMatch(l -> l.size() == 1));
        assertThat(received.values()).allSatisfy(l -> assertThat(l.get(0)).isSameAs(hello));

        List<Integer> mutable = new ArrayList<>(List.of(1, 2, 3));
        BroadcastReport copied = eco.broadcast(mutable);
        assertThat(copied.copies()).isEqualTo(4);
        await().until(() -> received.values().stream().allMatch(l -> l.size() == 2));
        List<Object> copies = received.values().stream().map(l -> l.get(1)).toList();
        assertThat(copies).allSatisfy(c -> assertThat(c).isEqualTo(mutable).isNotSameAs(mutable));
        java.util.Set<Object> distinct = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(copies);
        assertThat(distinct).as("no two workers share a copy").hasSize(4);
    }

    @Test
    void fullAndDeadWorkersAreReportedNotSkippedSilently() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("tight")
                .workers(3, () -> (message, ctx) -> {
                    if ("block".equals(message)) {
                        blocked.countDown();
                        release.await();
                    }
                    return record(ctx, message);
                })
                .topology(Topology.MESH)
                .mailbox(MailboxSpec.bounded(1, OverflowPolicy.REJECT))
                .build());
        List<ProcessRef> workers = eco.workers();
        workers.get(0).send("block");
        blocked.await();
        workers.get(0).send("filler"); // its one slot is taken
        runtime.kill(workers.get(2)); // STANDARD fault tolerance: stays dead
        await().until(() -> !workers.get(2).isAlive());
        BroadcastReport report = eco.broadcast(new Announcement("news"));
        assertThat(report.reached()).containsExactly(workers.get(1));
        assertThat(report.full()).containsExactly(workers.get(0));
        assertThat(report.dead()).containsExactly(workers.get(2));
        assertThat(report.complete()).isFalse();
        release.countDown();
    }

    @Test
    void inARingTheMessageTravelsWorkerToWorkerAndSkipsADeadOne() {
        Ecosystem eco = ecosystem("ring", Topology.RING, 5);
        List<ProcessRef> workers = eco.workers();
        runtime.kill(workers.get(2));
        await().until(() -> !workers.get(2).isAlive());
        BroadcastReport report = eco.broadcast(new Announcement("round"));
        assertThat(report.reached()).containsExactly(workers.get(0), workers.get(1), workers.get(3), workers.get(4));
        assertThat(report.dead()).containsExactly(workers.get(2));
        await().until(() -> received.keySet().containsAll(List.of(0, 1, 3, 4)));
        // Ring tokens may also arrive; the broadcast itself reached each live worker exactly once.
        for (int i : List.of(0, 1, 3, 4)) {
            assertThat(received.get(i).stream().filter(m -> m instanceof Announcement).count()).isEqualTo(1);
        }
        assertThat(received).doesNotContainKey(2);
    }

    @Test
    void meshPeersGetTheirOwnCopies() {
        Map<Integer, Object> got = new ConcurrentHashMap<>();
        List<Integer> payload = new ArrayList<>(List.of(7));
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("mesh")
                .workers(3, () -> (message, ctx) -> {
                    if ("gossip".equals(message)) {
                        return ctx.broadcastToPeers(payload);
                    }
                    got.put(ctx.index(), message);
                    return null;
                })
                .topology(Topology.MESH)
                .memoryStrategy(MemoryStrategy.ISOLATED_HEAPS)
                .build());
        eco.workers().get(0).send("gossip");
        await().until(() -> got.size() == 2);
        assertThat(got.keySet()).containsExactlyInAnyOrder(1, 2);
        assertThat(got.get(1)).isEqualTo(payload).isNotSameAs(payload).isNotSameAs(got.get(2));
    }

    @Test
    void processGroupsReachTheirLiveMembersAndForgetTheDead() {
        List<Object> a = new CopyOnWriteArrayList<>();
        List<Object> b = new CopyOnWriteArrayList<>();
        ProcessRef pa = runtime.spawn((m, c) -> a.add(m));
        ProcessRef pb = runtime.spawn((m, c) -> b.add(m), SpawnOptions.defaults().withIsolatedHeap(true));
        runtime.join("listeners", pa);
        runtime.join("listeners", pb);
        runtime.join("listeners", pb);
        assertThat(runtime.groupMembers("listeners")).containsExactlyInAnyOrder(pa, pb);

        List<String> mutable = new ArrayList<>(List.of("x"));
        BroadcastReport report = runtime.broadcast("listeners", mutable);
        assertThat(report.reached()).containsExactlyInAnyOrder(pa, pb);
        assertThat(report.copies()).as("only the isolated member gets a copy").isEqualTo(1);
        await().until(() -> a.size() == 1 && b.size() == 1);
        assertThat(a.get(0)).isSameAs(mutable);
        assertThat(b.get(0)).isEqualTo(mutable).isNotSameAs(mutable);

        runtime.kill(pa);
        await().until(() -> runtime.groupMembers("listeners").equals(List.of(pb)));
        assertThat(runtime.leave("listeners", pb)).isTrue();
        assertThat(runtime.groupMembers("listeners")).isEmpty();
        assertThat(runtime.broadcast("nobody", "x").reachedCount()).isZero();
        assertThatThrownBy(() -> runtime.join("listeners", pa)).isInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining("listeners");
    }
}
