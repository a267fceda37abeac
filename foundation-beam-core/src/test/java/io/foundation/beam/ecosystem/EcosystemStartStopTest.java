package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildStartException;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * How an ecosystem's workers start and stop: a worker with an {@code init} runs it on its own process before
 * {@code spawnEcosystem} returns; one without starts with no thread; a failed start stops the started workers and
 * fails the spawn; a shutdown stops every worker, running each {@code terminate} on the worker's own thread.
 */
class EcosystemStartStopTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("start-stop").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private static final Worker ECHO = (message, context) -> message;

    @Test
    void workerInitRunsOnTheWorkersOwnProcessBeforeSpawnReturns() {
        Map<Integer, ProcessRef> initSelf = new ConcurrentHashMap<>();
        Map<Integer, Thread> initThread = new ConcurrentHashMap<>();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("with-init")
                .workers(8, () -> new Worker() {
                    @Override
                    public void init(WorkerContext context) {
                        initSelf.put(context.index(), context.process().self());
                        initThread.put(context.index(), Thread.currentThread());
                    }

                    @Override
                    public Object handle(Object message, WorkerContext context) {
                        return message;
                    }
                }).build());
        try {
            List<ProcessRef> workers = eco.workers();
            assertThat(initSelf).hasSize(8);
            for (int i = 0; i < 8; i++) {
                assertThat(initSelf.get(i)).isEqualTo(workers.get(i));
                assertThat(initThread.get(i).isVirtual()).isTrue();
                assertThat(initThread.get(i)).isNotSameAs(Thread.currentThread());
            }
        } finally {
            eco.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void workersWithoutInitStartRecordedAndServeWork() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("no-init")
                .workers(50, () -> ECHO).faultTolerance(FaultTolerance.STANDARD).build());
        try {
            assertThat(eco.workers()).hasSize(50).allSatisfy(w -> assertThat(w.isAlive()).isTrue());
            assertThat(eco.info().totalProcesses()).isEqualTo(51);
            assertThat(eco.submit("hello").get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello");
        } finally {
            eco.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailingWorkerInitFailsTheSpawnAndStopsTheWorkersThatStarted() {
        List<String> terminated = new CopyOnWriteArrayList<>();
        int before = runtime.processCount();
        assertThatThrownBy(() -> Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("bad-init")
                .workers(5, () -> new Worker() {
                    @Override
                    public void init(WorkerContext context) {
                        if (context.index() == 3) {
                            throw new IllegalStateException("worker 3 cannot start");
                        }
                    }

                    @Override
                    public Object handle(Object message, WorkerContext context) {
                        return message;
                    }

                    @Override
                    public void terminate(ExitReason reason, WorkerContext context) {
                        terminated.add(context.index() + ":" + reason.getClass().getSimpleName());
                    }
                }).build()))
                .isInstanceOfSatisfying(ChildStartException.class, e -> {
                    assertThat(e.childId()).isEqualTo("worker-3");
                    assertThat(e.getCause()).hasMessage("worker 3 cannot start");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.processCount() == before);
        assertThat(terminated).containsExactlyInAnyOrder("0:Shutdown", "1:Shutdown", "2:Shutdown", "4:Shutdown",
                "3:Crashed");
    }

    @Test
    void aWorkerFactoryReturningNullOrThrowingFailsTheSpawnNamingTheEcosystem() {
        int before = runtime.processCount();
        AtomicInteger made = new AtomicInteger();
        assertThatThrownBy(() -> Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("null-factory")
                .workers(5, () -> made.incrementAndGet() == 3 ? null : ECHO).build()))
                .isInstanceOfSatisfying(ChildStartException.class, e -> {
                    assertThat(e.childId()).isEqualTo("worker-2");
                    assertThat(e.getCause()).hasMessageContaining("null-factory").hasMessageContaining("returned null");
                });
        assertThatThrownBy(() -> Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("throwing-factory")
                .workers(5, () -> {
                    throw new IllegalArgumentException("no worker for you");
                }).build()))
                .isInstanceOfSatisfying(ChildStartException.class,
                        e -> assertThat(e.getCause()).hasMessage("no worker for you"));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.processCount() == before);
    }

    /** Shutting down stops every worker (those without a terminate end on the supervisor's thread) and reports each. */
    @RepeatedTest(10)
    void shutdownStopsEveryWorkerAndReportsEach() {
        int before = runtime.processCount();
        int n = 200;
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("stop-all")
                .workers(n, () -> ECHO).faultTolerance(FaultTolerance.STANDARD)
                .memoryStrategy(MemoryStrategy.SHARED_HEAP).build());
        List<ProcessRef> workers = eco.workers();
        ProcessRef coordinator = eco.coordinator();
        ProcessRef supervisor = eco.supervisor();

        EcosystemShutdownReport report = eco.shutdown(Duration.ofSeconds(10));

        assertThat(report.stopped()).isEqualTo(n + 2); // supervisor, coordinator, workers
        assertThat(report.killed()).isZero();
        assertThat(eco.isRunning()).isFalse();
        for (ProcessRef w : workers) {
            assertThat(w.exitReason()).contains(ExitReason.SHUTDOWN);
        }
        assertThat(coordinator.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(supervisor.isAlive()).isFalse();
        Set<ProcessRef> exited = events.stream().filter(BeamEvent.ProcessExited.class::isInstance)
                .map(e -> ((BeamEvent.ProcessExited) e).process()).collect(Collectors.toSet());
        assertThat(exited).containsAll(workers);
        assertThat(runtime.processCount()).isEqualTo(before);
    }

    @Test
    void shutdownRunsEachWorkersTerminateOnItsOwnThread() {
        Map<Integer, Thread> terminatedOn = new ConcurrentHashMap<>();
        Map<Integer, ProcessRef> terminatedAs = new ConcurrentHashMap<>();
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("terminate-threads")
                .workers(20, () -> new Worker() {
                    @Override
                    public Object handle(Object message, WorkerContext context) {
                        return message;
                    }

                    @Override
                    public void terminate(ExitReason reason, WorkerContext context) {
                        terminatedOn.put(context.index(), Thread.currentThread());
                        terminatedAs.put(context.index(), context.process().self());
                    }
                }).build());
        List<ProcessRef> workers = eco.workers();

        eco.shutdown(Duration.ofSeconds(5));

        assertThat(terminatedOn).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(terminatedAs.get(i)).isEqualTo(workers.get(i));
            assertThat(terminatedOn.get(i).isVirtual()).isTrue();
            assertThat(terminatedOn.get(i)).isNotSameAs(Thread.currentThread());
        }
        assertThat(Set.copyOf(terminatedOn.values())).hasSize(20); // one thread per worker, none shared
    }

    @Test
    void shutdownRejectsANegativeTimeoutNamingItAndLeavesTheEcosystemRunning() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("negative-timeout")
                .workers(2, () -> ECHO).build());
        try {
            assertThatThrownBy(() -> eco.shutdown(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative, got PT-1S");
            assertThat(eco.isRunning()).isTrue();
            assertThat(eco.workers()).allMatch(ProcessRef::isAlive);
            assertThat(eco.submit("still").join()).isEqualTo("still");
        } finally {
            eco.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSecondEcosystemOfTheSameNameIsRefusedWhileTheFirstRunsAndAllowedAfterItStopped() {
        Ecosystem first = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("twin")
                .workers(2, () -> ECHO).build());
        AtomicInteger secondWorkersCreated = new AtomicInteger();
        try {
            assertThatThrownBy(() -> Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("twin")
                    .workers(2, () -> {
                        secondWorkersCreated.incrementAndGet();
                        return ECHO;
                    }).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'twin'")
                    .hasMessageContaining("'start-stop'");
            assertThat(secondWorkersCreated).hasValue(0); // refused before anything of it started
            assertThat(first.isRunning()).isTrue();
            assertThat(first.submit("one").join()).isEqualTo("one");
            assertThat(events(BeamEvent.EcosystemStarted.class)).hasSize(1);
        } finally {
            first.shutdown(Duration.ofSeconds(5));
        }
        Ecosystem again = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("twin")
                .workers(2, () -> ECHO).build());
        try {
            assertThat(again.submit("two").join()).isEqualTo("two");
        } finally {
            again.shutdown(Duration.ofSeconds(5));
        }
    }

    @RepeatedTest(10)
    void ofConcurrentSpawnsOfOneNameExactlyOneWins() throws Exception {
        int contenders = 8;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Ecosystem> won = new CopyOnWriteArrayList<>();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    won.add(Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("contended")
                            .workers(2, () -> ECHO).build()));
                } catch (Throwable t) {
                    refused.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(10));
        }
        try {
            assertThat(won).hasSize(1);
            assertThat(refused).hasSize(contenders - 1).allMatch(IllegalStateException.class::isInstance);
            assertThat(won.get(0).isRunning()).isTrue();
        } finally {
            won.forEach(e -> e.shutdown(Duration.ofSeconds(5)));
        }
    }

    private <E extends BeamEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
