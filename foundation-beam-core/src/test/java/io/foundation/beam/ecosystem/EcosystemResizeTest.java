package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Changing the worker count of a running ecosystem ({@link Ecosystem#resize}). */
class EcosystemResizeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Work waits on it (workers at or above {@link #gatedFrom} only) until the test opens it. */
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile int gatedFrom = Integer.MAX_VALUE;
    /** The indices of the workers that wait at the gate. */
    private final Set<Integer> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** "index:reason" of every worker terminate hook. */
    private final List<String> terminated = new CopyOnWriteArrayList<>();
    /** "index@generation" of every ring token handled. */
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<io.foundation.beam.telemetry.BeamEvent.EcosystemResized> resized = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("resize").listener(e -> {
            if (e instanceof io.foundation.beam.telemetry.BeamEvent.EcosystemResized r) {
                resized.add(r);
            }
        }).build();
    }

    @AfterEach
    void close() {
        gate.countDown();
        runtime.close();
    }

    /** Answers its index; gated work waits for the gate; a RING passes the token 12 hops per generation. */
    private Worker worker() {
        return new Worker() {
            @Override
            public Object handle(Object message, WorkerContext context) throws Exception {
                if (message instanceof RingToken token) {
                    tokens.add(context.index() + "@" + token.generation());
                    if (token.hops() < 12) {
                        context.passToken(token);
                    }
                    return null;
                }
                if (context.index() >= gatedFrom) {
                    waiting.add(context.index());
                }
                if (context.index() >= gatedFrom && !gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                if ("peers".equals(message)) {
                    return context.peers().size();
                }
                return context.index();
            }

            @Override
            public void terminate(ExitReason reason, WorkerContext context) {
                terminated.add(context.index() + ":" + reason.getClass().getSimpleName().toLowerCase());
            }
        };
    }

    private Ecosystem spawn(String name, int workers, Topology topology, FaultTolerance faultTolerance) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name)
                .workers(workers, this::worker)
                .topology(topology)
                .faultTolerance(faultTolerance)
                .shutdownTimeout(Duration.ofSeconds(2))
                .build());
    }

    private static List<Object> results(List<CompletableFuture<Object>> futures) {
        List<Object> results = new ArrayList<>();
        for (CompletableFuture<Object> f : futures) {
            assertThat(f).succeedsWithin(WAIT);
            results.add(f.join());
        }
        return results;
    }

    @Test
    void growingFromTwoToFiveSendsWorkToTheNewWorkers() {
        Ecosystem eco = spawn("grow", 2, Topology.TREE, FaultTolerance.SELF_HEALING);

        assertThat(eco.resize(5)).isEqualTo(2);

        assertThat(eco.workers()).hasSize(5).allMatch(ProcessRef::isAlive);
        assertThat(eco.info().workers()).hasSize(5).allMatch(MemberInfo::alive);
        assertThat(eco.health().workersTotal()).isEqualTo(5);
        assertThat(eco.health().status()).isEqualTo(EcosystemHealth.Status.HEALTHY);
        assertThat(eco.config().workerCount()).isEqualTo(2); // the configuration is what the ecosystem started with
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(eco.submit("w" + i));
        }
        assertThat(new HashSet<>(results(futures))).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void everyChangeOfTheCountIsReportedOnceAndNoChangeIsNot() {
        Ecosystem eco = spawn("reported", 2, Topology.TREE, FaultTolerance.SELF_HEALING);
        eco.resize(4);
        eco.resize(4);
        eco.resize(1);
        assertThat(resized).extracting(r -> r.ecosystem() + ":" + r.previousWorkers() + "->" + r.workers())
                .containsExactly("reported:2->4", "reported:4->1");
        assertThat(resized).allMatch(r -> r.process().equals(eco.supervisor()));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shrinkingFromFiveToTwoLetsHeldWorkCompleteAndLosesNothing(Topology topology) throws Exception {
        Ecosystem eco = spawn("shrink-" + topology, 5, topology, FaultTolerance.SELF_HEALING);
        gatedFrom = 2; // workers 2 to 4 hold their work until the shrink has begun
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(eco.submit("w" + i));
        }
        List<ProcessRef> retired = eco.workers().subList(2, 5);
        await().atMost(WAIT).until(() -> waiting.containsAll(List.of(2, 3, 4))); // they hold work

        CompletableFuture<Integer> resize = CompletableFuture.supplyAsync(() -> eco.resize(2));
        await().atMost(WAIT).until(() -> eco.workers().size() == 2); // dispatch now stops at index 2
        for (int i = 0; i < 10; i++) {
            futures.add(eco.submit("after" + i));
        }
        gate.countDown();

        assertThat(resize).succeedsWithin(WAIT).isEqualTo(5);
        List<Object> results = results(futures);
        assertThat(results.subList(0, 20)).contains(2, 3, 4); // held work completed on the retired workers
        assertThat(results.subList(20, 30)).allMatch(r -> (int) r < 2);
        assertThat(retired).noneMatch(ProcessRef::isAlive);
        assertThat(terminated).containsExactlyInAnyOrder("2:shutdown", "3:shutdown", "4:shutdown");
        assertThat(eco.info().workers()).hasSize(2).allMatch(MemberInfo::alive);
        assertThat(eco.info().workInFlight()).isZero();
        assertThat(eco.health().workersTotal()).isEqualTo(2);
        if (topology == Topology.MESH) {
            assertThat(eco.submit("peers")).succeedsWithin(WAIT).isEqualTo(1);
        }
        if (topology == Topology.RING) {
            // the token is regenerated after the shrink, and goes round the remaining two workers only
            await().atMost(WAIT).until(() -> tokens.stream().anyMatch(t -> !t.endsWith("@1")));
            await().atMost(WAIT).until(() -> tokens.stream().filter(t -> !t.endsWith("@1")).count() >= 12);
            long generation = tokens.stream().mapToLong(t -> Long.parseLong(t.substring(t.indexOf('@') + 1)))
                    .max().orElseThrow();
            assertThat(tokens.stream().filter(t -> t.endsWith("@" + generation))
                    .map(t -> t.substring(0, t.indexOf('@'))).distinct()).containsExactlyInAnyOrder("0", "1");
        }
    }

    @Test
    void workARetiredWorkerStillHoldsAfterTheShutdownTimeoutIsDispatchedAgainWithoutCountingAsAFailure() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("stuck")
                .workers(3, this::worker)
                .faultTolerance(FaultTolerance.STANDARD)
                .maxAttempts(1) // a counted failed attempt would fail the work
                .shutdownTimeout(Duration.ofMillis(200))
                .build());
        gatedFrom = 2; // worker 2 never finishes before it is stopped
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(eco.submit("w" + i));
        }
        await().atMost(WAIT).until(() -> waiting.contains(2));

        assertThat(eco.resize(2)).isEqualTo(3);

        List<Object> results = results(futures); // the gate never opened: worker 2 completed none of them
        assertThat(results).allMatch(r -> (int) r < 2);
        assertThat(eco.workers()).hasSize(2);
    }

    @Test
    void aShrunkEcosystemGrowsAgainWithFreshWorkersAtTheRetiredIndices() {
        Ecosystem eco = spawn("again", 3, Topology.TREE, FaultTolerance.STANDARD);
        ProcessRef oldTwo = eco.workers().get(2);

        assertThat(eco.resize(1)).isEqualTo(3);
        assertThat(eco.resize(3)).isEqualTo(1);
        assertThat(eco.resize(3)).isEqualTo(3); // the same count: nothing to do

        assertThat(eco.workers()).hasSize(3).allMatch(ProcessRef::isAlive).doesNotContain(oldTwo);
        assertThat(eco.info().workers()).allMatch(w -> w.restarts() == 0);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(eco.submit("w" + i).join());
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(eco.restartWorker(2)).isNotNull();
    }

    @Test
    void shuttingDownAGrownEcosystemFailsTheWorkOfTheAddedWorkersWithTheShutdown() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("grown-stop")
                .workers(1, this::worker)
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .shutdownTimeout(Duration.ofMillis(200))
                .build());
        eco.resize(3);
        gatedFrom = 1; // the added workers hold their work through the shutdown
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(eco.submit("w" + i));
        }
        await().atMost(WAIT).until(() -> waiting.containsAll(List.of(1, 2)));

        eco.shutdown(WAIT);

        assertThat(eco.workers()).noneMatch(ProcessRef::isAlive);
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(futures).filteredOn(CompletableFuture::isCompletedExceptionally).isNotEmpty()
                .allSatisfy(f -> assertThat(f).failsWithin(WAIT).withThrowableThat()
                        .havingCause().isInstanceOf(EcosystemStoppedException.class));
    }

    @Test
    void keyHashDispatchMapsAKeyModuloTheNewCount() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("keys")
                .workers(2, this::worker)
                .dispatch(DispatchStrategy.KEY_HASH)
                .build());
        eco.resize(5);
        for (String key : List.of("a", "b", "c", "d", "e", "f")) {
            for (int i = 0; i < 3; i++) {
                assertThat(eco.submit(key, "w" + i)).succeedsWithin(WAIT)
                        .isEqualTo(Math.floorMod(key.hashCode(), 5));
            }
        }
    }

    @Test
    void sizesOutsideOneToTheMaximumAreRejected() {
        Ecosystem eco = spawn("bad", 2, Topology.TREE, FaultTolerance.SELF_HEALING);
        for (int bad : new int[] {0, -1, Ecosystem.MAX_RESIZE_WORKERS + 1}) {
            assertThatThrownBy(() -> eco.resize(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ecosystem 'bad'").hasMessageContaining(bad + " workers")
                    .hasMessageContaining("1 to " + Ecosystem.MAX_RESIZE_WORKERS);
        }
        assertThat(eco.workers()).hasSize(2);
        assertThatThrownBy(() -> eco.restartWorker(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aStoppedEcosystemCannotBeResized() {
        Ecosystem eco = spawn("gone", 2, Topology.TREE, FaultTolerance.SELF_HEALING);
        eco.shutdown(WAIT);

        assertThatThrownBy(() -> eco.resize(3)).isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("ecosystem 'gone' is stopped").hasMessageContaining("cannot be resized");
    }
}
