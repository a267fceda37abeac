package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's Foundation.BEAM.Processes scenarios, ported, and the behaviours the seed promised but never built. */
class EcosystemTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("eco").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** Doubles integers; crashes on "poison"; echoes anything else with its index. */
    static Worker doubler() {
        return (message, ctx) -> switch (message) {
            case Integer i -> i * 2;
            case String s when s.equals("poison") -> throw new IllegalStateException("poisoned");
            default -> ctx.index() + ":" + message;
        };
    }

    private EcosystemConfig.Builder config(String name, int workers) {
        return EcosystemConfig.builder(name).workers(workers, EcosystemTest::doubler);
    }

    @Test
    void fiveWorkerEcosystemReportsSixLiveProcesses() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("five", 5).build());
        EcosystemInfo info = Ecosystems.ecosystemInfo(eco);
        assertThat(info.totalProcesses()).isEqualTo(6);
        assertThat(info.workers()).hasSize(5).allMatch(MemberInfo::alive);
        assertThat(info.coordinator().alive()).isTrue();
        assertThat(info.workers()).allSatisfy(w -> assertThat(w.memoryBytes()).isPositive());
        assertThat(info.topology()).isEqualTo(Topology.TREE);
        assertThat(Ecosystems.ecosystemHealth(eco).status()).isEqualTo(EcosystemHealth.Status.HEALTHY);
    }

    @Test
    void hundredWorkersAreCreatedAndAlive() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("hundred", 100).build());
        assertThat(eco.info().totalProcesses()).isEqualTo(101);
    }

    @Test
    void workRequestsAllGetResults() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("work", 3).build());
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(eco.submit(i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 2);
        }
        await().until(() -> eco.info().workInFlight() == 0);
        assertThat(events).filteredOn(BeamEvent.WorkProcessed.class::isInstance).hasSize(5);
    }

    @Test
    void killedCoordinatorIsReplacedAndInfoShowsTheReplacement() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime,
                config("heal", 5).faultTolerance(FaultTolerance.SELF_HEALING).build());
        ProcessRef old = eco.coordinator();
        runtime.kill(old);
        await().atMost(Duration.ofSeconds(2)).until(() -> eco.coordinator() != old && eco.coordinator().isAlive());
        EcosystemInfo info = eco.info();
        assertThat(info.coordinator().process()).isEqualTo(eco.coordinator()).isNotEqualTo(old);
        assertThat(info.coordinator().alive()).isTrue();
        assertThat(info.coordinator().restarts()).isEqualTo(1);
        assertThat(info.totalProcesses()).isEqualTo(6);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BeamEvent.CoordinatorRestarted.class));
    }

    @Test
    void killingTwoOfFiveWorkersRecoversToSixLiveProcesses() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime,
                config("two", 5).faultTolerance(FaultTolerance.SELF_HEALING).build());
        List<ProcessRef> before = eco.workers();
        runtime.kill(before.get(1));
        runtime.kill(before.get(3));
        assertThat(eco.info().totalProcesses()).isGreaterThanOrEqualTo(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.info().totalProcesses() == 6);
        EcosystemInfo info = eco.info();
        assertThat(info.workers().get(1).process()).isNotEqualTo(before.get(1));
        assertThat(info.workers().get(3).process()).isNotEqualTo(before.get(3));
        assertThat(info.workers().get(1).restarts()).isEqualTo(1);
        assertThat(info.workers()).noneMatch(w -> w.process().equals(before.get(1)));
    }

    @Test
    void standardFaultToleranceRestartsNothingAndReportsIt() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("std", 3).build());
        ProcessRef w = eco.workers().get(0);
        runtime.kill(w);
        await().until(() -> eco.health().workersDead() == 1);
        EcosystemHealth health = eco.health();
        assertThat(health.status()).isEqualTo(EcosystemHealth.Status.DEGRADED);
        assertThat(health.reasons()).anyMatch(r -> r.contains("1 of 3 workers are dead"));
        assertThat(eco.workers().get(0)).isEqualTo(w);
        runtime.kill(eco.coordinator());
        await().until(() -> eco.health().status() == EcosystemHealth.Status.CRITICAL);
        assertThat(eco.health().coordinator()).isEqualTo(EcosystemHealth.CoordinatorState.DEAD);
        assertThatThrownBy(() -> eco.submit(1).get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WorkFailedException.class).hasMessageContaining("coordinator");
    }

    @Test
    void workOnACrashedWorkerIsRetriedThenFailsWithTheCause() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime,
                config("retry", 2).faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(3).build());
        CompletableFuture<Object> poisoned = eco.submit("poison");
        assertThatThrownBy(() -> poisoned.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WorkFailedException.class,
                        e -> assertThat(e.attempts()).isEqualTo(3))
                .hasRootCauseMessage("poisoned");
        // The ecosystem healed and still works.
        assertThat(eco.submit(21).get(5, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void inFlightWorkOnAKilledWorkerIsRedistributed() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("redistribute")
                .workers(2, () -> (message, ctx) -> {
                    if (attempts.incrementAndGet() == 1) {
                        blocked.countDown();
                        release.await(); // the first attempt hangs until its worker is killed
                    }
                    return "done by " + ctx.index();
                }).faultTolerance(FaultTolerance.SELF_HEALING).build());
        CompletableFuture<Object> result = eco.submit("job");
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        ProcessRef holder = eco.workers().stream().filter(p -> runtime.info(p).orElseThrow().status()
                == io.foundation.beam.process.ProcessStatus.RUNNING).findFirst().orElseThrow();
        runtime.kill(holder);
        assertThat(result.get(5, TimeUnit.SECONDS)).asString().startsWith("done by");
        assertThat(attempts.get()).isEqualTo(2);
        release.countDown();
    }

    @Test
    void keyHashSendsOneKeyToOneWorkerInOrder() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, Integer> workerOfKey = new ConcurrentHashMap<>();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("keys")
                .workers(4, () -> (message, ctx) -> {
                    String[] parts = ((String) message).split(":");
                    seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
                    Integer previous = workerOfKey.putIfAbsent(parts[0], ctx.index());
                    return previous == null || previous == ctx.index();
                }).dispatch(DispatchStrategy.KEY_HASH).build());
        List<CompletableFuture<Object>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "k" + (i % 7);
            all.add(eco.submit(key, key + ":" + i));
        }
        for (CompletableFuture<Object> f : all) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(true);
        }
        seen.forEach((key, values) -> assertThat(values).isSorted());
    }

    @Test
    void leastLoadedAvoidsABusyWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("least")
                .workers(2, () -> (message, ctx) -> {
                    if (message.equals("slow")) {
                        release.await();
                    }
                    return ctx.index();
                }).dispatch(DispatchStrategy.LEAST_LOADED).build());
        CompletableFuture<Object> slow = eco.submit("slow");
        await().until(() -> eco.info().workers().stream().anyMatch(w ->
                w.status() == io.foundation.beam.process.ProcessStatus.RUNNING));
        int busy = eco.info().workers().stream().filter(w ->
                w.status() == io.foundation.beam.process.ProcessStatus.RUNNING).findFirst().orElseThrow().index();
        for (int i = 0; i < 5; i++) {
            assertThat(eco.submit("fast").get(5, TimeUnit.SECONDS)).isEqualTo(1 - busy);
        }
        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(busy);
    }

    @Test
    void customCoordinatorRoutesAndRestoresItsCheckpoint() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("custom", 3)
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .coordinator(() -> new Coordinator() {
                    private int handled;

                    @Override
                    public void init(CoordinatorContext ctx) {
                        handled = (Integer) ctx.restoredState().orElse(0);
                    }

                    @Override
                    public int route(Object work, Optional<Object> key, CoordinatorContext ctx) {
                        return 2; // everything to the last worker
                    }

                    @Override
                    public Object handle(Object message, CoordinatorContext ctx) {
                        handled++;
                        ctx.checkpoint(handled);
                        return handled;
                    }
                }).build());
        assertThat(eco.submit("x").get(5, TimeUnit.SECONDS)).isEqualTo("2:x");
        assertThat(eco.call("count")).isEqualTo(1);
        assertThat(eco.call("count")).isEqualTo(2);
        ProcessRef old = eco.coordinator();
        runtime.kill(old);
        await().until(() -> eco.coordinator() != old && eco.coordinator().isAlive());
        assertThat(eco.call("count")).isEqualTo(3);
    }

    @Test
    void defaultCoordinatorTakesOnlyWork() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("plain", 1).build());
        assertThatThrownBy(() -> eco.call("hello")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("use submit()");
    }

    @Test
    void broadcastReachesEveryLiveWorker() throws Exception {
        CountDownLatch got = new CountDownLatch(4);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("bcast")
                .workers(4, () -> (message, ctx) -> {
                    got.countDown();
                    return null;
                }).build());
        assertThat(eco.broadcast("hello").reachedCount()).isEqualTo(4);
        assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownInAnyStateLeavesNothingAliveAndRestartsNothing() throws Exception {
        for (String state : List.of("untouched", "workersKilled", "coordinatorKilled", "everythingKilled")) {
            Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("down-" + state, 4)
                    .faultTolerance(FaultTolerance.SELF_HEALING).restartIntensity(
                            new io.foundation.beam.supervision.RestartIntensity(100, Duration.ofSeconds(5))).build());
            List<ProcessRef> pids = new ArrayList<>(eco.workers());
            pids.add(eco.coordinator());
            switch (state) {
                case "workersKilled" -> eco.workers().forEach(runtime::kill);
                case "coordinatorKilled" -> runtime.kill(eco.coordinator());
                case "everythingKilled" -> pids.forEach(runtime::kill);
                default -> { }
            }
            EcosystemShutdownReport report = Ecosystems.shutdownEcosystem(eco, Duration.ofSeconds(5));
            assertThat(report.killed()).isZero();
            assertThat(eco.isRunning()).isFalse();
            EcosystemInfo info = eco.info();
            assertThat(info.totalProcesses()).as(state).isZero();
            assertThat(info.supervisor().alive()).isFalse();
            List<ProcessRef> after = new ArrayList<>(eco.workers());
            after.add(eco.coordinator());
            assertThat(after).as(state).noneMatch(ProcessRef::isAlive);
            assertThat(eco.shutdown(Duration.ofSeconds(1)).stopped()).isZero();
        }
        await().until(() -> runtime.processCount() == 0);
    }

    @Test
    void shutdownFailsUnfinishedWorkInsteadOfLosingIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("abandon")
                .workers(1, () -> (message, ctx) -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return null;
                }).shutdownTimeout(Duration.ofMillis(200)).build());
        CompletableFuture<Object> running = eco.submit("a");
        CompletableFuture<Object> queued = eco.submit("b");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        EcosystemShutdownReport report = eco.shutdown(Duration.ofSeconds(5));
        assertThat(report.abandonedWork()).isEqualTo(2);
        assertThatThrownBy(() -> running.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(EcosystemStoppedException.class);
        assertThatThrownBy(() -> queued.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(EcosystemStoppedException.class);
        assertThatThrownBy(() -> eco.submit("c")).isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("'abandon'");
    }

    @Test
    void supervisorGivingUpMakesTheEcosystemCritical() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("fragile", 2)
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .restartIntensity(new io.foundation.beam.supervision.RestartIntensity(0, Duration.ofSeconds(5)))
                .build());
        runtime.kill(eco.workers().get(0));
        await().until(() -> eco.health().status() == EcosystemHealth.Status.CRITICAL);
        assertThat(eco.health().reasons()).anyMatch(r -> r.contains("gave up"));
        assertThat(eco.isRunning()).isFalse();
        await().until(() -> events.stream().anyMatch(BeamEvent.EcosystemStopped.class::isInstance));
    }

    @Test
    void invalidConfigurationNamesTheFieldAndTheAcceptedValues() {
        assertThatThrownBy(() -> config("zero", 0).build()).isInstanceOf(EcosystemConfigException.class)
                .hasMessageContaining("workerCount").hasMessageContaining("from 1 to 1000000, got 0");
        assertThatThrownBy(() -> config("t", 1).topology("star")).isInstanceOf(EcosystemConfigException.class)
                .hasMessageContaining("topology").hasMessageContaining("tree, mesh, ring").hasMessageContaining("'star'");
        assertThatThrownBy(() -> config("f", 1).faultTolerance("forgiving"))
                .hasMessageContaining("standard, self_healing");
        assertThatThrownBy(() -> EcosystemConfig.builder("no workers").build())
                .hasMessageContaining("name");
        assertThatThrownBy(() -> EcosystemConfig.builder("x").build()).hasMessageContaining("workers");
        assertThat(config("ok", 1).topology(":ring").faultTolerance("self-healing").build().topology())
                .isEqualTo(Topology.RING);
    }

    @Test
    void workersRestartWithAFreshInstance() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("fresh")
                .workers(1, () -> {
                    int n = instances.incrementAndGet();
                    return (message, ctx) -> n;
                }).faultTolerance(FaultTolerance.SELF_HEALING).build());
        assertThat(eco.submit("x").get(5, TimeUnit.SECONDS)).isEqualTo(1);
        runtime.kill(eco.workers().get(0));
        await().until(() -> eco.info().totalProcesses() == 2);
        assertThat(eco.submit("x").get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(eco.shutdown(Duration.ofSeconds(5)).killed()).isZero();
        assertThat(runtime.exitFuture(eco.supervisor()).get(1, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void workThatOnlyWaitedInACrashedWorkersMailboxCostsNoAttemptAndRunsOnItsReplacement() throws Exception {
        CountDownLatch began = new CountDownLatch(1);
        CountDownLatch crash = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("queued-not-attempted")
                .workers(1, () -> (message, ctx) -> {
                    if ("poison".equals(message)) {
                        began.countDown();
                        crash.await();
                        throw new IllegalStateException("poisoned");
                    }
                    return message;
                }).faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(1).build());
        try {
            CompletableFuture<Object> poison = eco.submit("poison");
            assertThat(began.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Object>> queued = List.of(eco.submit("a"), eco.submit("b"), eco.submit("c"));
            ProcessRef worker = eco.workers().get(0);
            // the three wait in the busy worker's mailbox: dispatched to it, never begun
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.info(worker)
                    .map(io.foundation.beam.process.ProcessInfo::mailboxLength).orElse(0) == 3);

            crash.countDown();

            assertThatThrownBy(() -> poison.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WorkFailedException.class, e -> assertThat(e.attempts()).isEqualTo(1));
            assertThat(queued.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(queued.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(queued.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("c");
            assertThat(eco.workers().get(0)).isNotEqualTo(worker);
        } finally {
            crash.countDown();
            eco.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMessageSentStraightToTheDefaultCoordinatorIsReportedAsUnhandled() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, config("stray", 2).build());
        try {
            ProcessRef coordinator = eco.coordinator();
            coordinator.send("stray message");

            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof BeamEvent.UnhandledMessage u && u.process().equals(coordinator)));
            assertThat(events).filteredOn(BeamEvent.UnhandledMessage.class::isInstance)
                    .singleElement().isEqualTo(new BeamEvent.UnhandledMessage(coordinator, "stray", String.class));
            assertThat(eco.submit(21).get(5, TimeUnit.SECONDS)).isEqualTo(42); // the coordinator goes on
            assertThat(coordinator.isAlive()).isTrue();
        } finally {
            eco.shutdown(Duration.ofSeconds(5));
        }
    }
}
