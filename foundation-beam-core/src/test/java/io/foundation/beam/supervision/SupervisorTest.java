package io.foundation.beam.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ManualTicker;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTP supervisor semantics, case by case, as documented on {@link Supervisor}. */
class SupervisorTest {

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("sup").ticker(ticker).listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A worker that journals its start and stop, crashes on "crash", stops normally on "stop". */
    private Supplier<ProcessHandler> worker(String id) {
        return () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                journal.add("start " + id);
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                if (message.equals("crash")) {
                    throw new IllegalStateException(id + " crashed");
                }
                if (message.equals("stop")) {
                    context.exit(ExitReason.NORMAL);
                }
                return id;
            }

            @Override
            public void terminate(ExitReason reason, ProcessContext context) {
                journal.add("stop " + id);
            }
        };
    }

    private ProcessRef pid(Supervisor sup, String id) {
        return sup.children().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().process()
                .orElseThrow();
    }

    private int restarts(Supervisor sup, String id) {
        return sup.children().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().restarts();
    }

    private Supervisor three(RestartStrategy strategy) {
        return Supervisor.start(runtime, SupervisorSpec.of(strategy).withIntensity(10, Duration.ofSeconds(5))
                .withChild(ChildSpec.worker("a", worker("a")))
                .withChild(ChildSpec.worker("b", worker("b")))
                .withChild(ChildSpec.worker("c", worker("c"))));
    }

    @Test
    void childrenStartInOrder() {
        Supervisor sup = three(RestartStrategy.ONE_FOR_ONE);
        assertThat(journal).containsExactly("start a", "start b", "start c");
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThat(sup.children()).allMatch(c -> c.status() == ChildStatus.RUNNING);
    }

    @Test
    void childrenAddedInBulkStartInOrderAndMustHaveUniqueIds() {
        SupervisorSpec spec = SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChild(ChildSpec.worker("a", worker("a")))
                .withChildren(List.of(ChildSpec.worker("b", worker("b")), ChildSpec.worker("c", worker("c"))));
        Supervisor sup = Supervisor.start(runtime, spec);
        assertThat(journal).containsExactly("start a", "start b", "start c");
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> spec.withChildren(List.of(ChildSpec.worker("b", worker("b")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'");
    }

    /** A child whose init waits until every child of the group has entered its init. */
    private Supplier<ProcessHandler> rendezvous(String id, CountDownLatch all) {
        return () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) throws Exception {
                all.countDown();
                if (!all.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(id + " started alone: the group was not started at once");
                }
                journal.add("start " + id);
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return id;
            }
        };
    }

    @Test
    void leadingChildrenMarkedConcurrentStartTogetherAndTheRestInOrderAfterThem() {
        CountDownLatch all = new CountDownLatch(3);
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", rendezvous("a", all)))
                .withChild(ChildSpec.worker("b", rendezvous("b", all)))
                .withChild(ChildSpec.worker("c", rendezvous("c", all)))
                .withChild(ChildSpec.worker("last", worker("last")))
                .withConcurrentStart(3));
        // Started in order, each waiting for its init, a would have waited for b and c forever.
        assertThat(journal).hasSize(4).endsWith("start last");
        assertThat(journal.subList(0, 3)).containsExactlyInAnyOrder("start a", "start b", "start c");
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "b", "c", "last");
        assertThat(sup.children()).allMatch(c -> c.status() == ChildStatus.RUNNING);
    }

    @Test
    void aConcurrentStartFailsAsAWholeAndStopsTheChildrenItStarted() {
        List<ProcessRef> started = new CopyOnWriteArrayList<>();
        Supplier<ProcessHandler> good = () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                started.add(context.self());
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        };
        Supplier<ProcessHandler> bad = () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                throw new IllegalStateException("no database");
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        };
        SupervisorSpec spec = SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("ok-1", good))
                .withChild(ChildSpec.worker("broken", bad))
                .withChild(ChildSpec.worker("ok-2", good))
                .withConcurrentStart(3);
        assertThatThrownBy(() -> Supervisor.start(runtime, spec)).isInstanceOf(ChildStartException.class)
                .hasMessageContaining("broken").hasStackTraceContaining("no database");
        await().until(() -> started.size() == 2 && started.stream().noneMatch(ProcessRef::isAlive));
        assertThatThrownBy(() -> spec.withConcurrentStart(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneForOneRestartsOnlyTheCrashedChild() {
        Supervisor sup = three(RestartStrategy.ONE_FOR_ONE);
        ProcessRef a = pid(sup, "a");
        ProcessRef b = pid(sup, "b");
        ProcessRef c = pid(sup, "c");
        journal.clear();
        b.send("crash");
        await().until(() -> restarts(sup, "b") == 1);
        assertThat(pid(sup, "b")).isNotEqualTo(b);
        assertThat(pid(sup, "a")).isEqualTo(a);
        assertThat(pid(sup, "c")).isEqualTo(c);
        assertThat(journal).containsExactly("stop b", "start b");
        assertThat(runtime.call(pid(sup, "b"), "who")).isEqualTo("b");
        assertThat(events).filteredOn(BeamEvent.ChildRestarted.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((BeamEvent.ChildRestarted) e).childId()).isEqualTo("b"));
    }

    @Test
    void oneForAllRestartsEveryChildAndDropsTemporaryOnes() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ALL)
                .withChild(ChildSpec.worker("a", worker("a")))
                .withChild(ChildSpec.worker("t", worker("t")).withRestart(RestartType.TEMPORARY))
                .withChild(ChildSpec.worker("c", worker("c"))));
        journal.clear();
        pid(sup, "a").send("crash");
        await().until(() -> restarts(sup, "c") == 1);
        assertThat(journal).containsExactly("stop a", "stop c", "stop t", "start a", "start c");
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "c");
    }

    @Test
    void restForOneRestartsTheChildAndThoseStartedAfterItInOrder() {
        Supervisor sup = three(RestartStrategy.REST_FOR_ONE);
        ProcessRef a = pid(sup, "a");
        journal.clear();
        pid(sup, "b").send("crash");
        await().until(() -> restarts(sup, "c") == 1);
        assertThat(journal).containsExactly("stop b", "stop c", "start b", "start c");
        assertThat(pid(sup, "a")).isEqualTo(a);
        assertThat(restarts(sup, "a")).isZero();
    }

    @Test
    void secondRestartWithinFiveSecondsEndsTheSupervisorWithDefaults() throws Exception {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a")))
                .withChild(ChildSpec.worker("b", worker("b"))));
        pid(sup, "a").send("crash");
        await().until(() -> restarts(sup, "a") == 1);
        ticker.advance(Duration.ofSeconds(4));
        journal.clear();
        pid(sup, "a").send("crash");
        assertThat(sup.whenStopped().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(journal).containsExactly("stop a", "stop b");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BeamEvent.SupervisorGaveUp.class));
    }

    @Test
    void restartsOutsideThePeriodDoNotAccumulate() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a"))));
        for (int i = 1; i <= 5; i++) {
            pid(sup, "a").send("crash");
            int expected = i;
            await().until(() -> restarts(sup, "a") == expected);
            ticker.advance(Duration.ofSeconds(6));
        }
        assertThat(sup.process().isAlive()).isTrue();
    }

    @Test
    void transientChildIsRestartedOnlyAfterAnAbnormalExit() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(10, Duration.ofSeconds(5))
                .withChild(ChildSpec.worker("t", worker("t")).withRestart(RestartType.TRANSIENT))
                .withChild(ChildSpec.worker("p", worker("p")).withRestart(RestartType.TEMPORARY)));
        pid(sup, "t").send("crash");
        await().until(() -> restarts(sup, "t") == 1);
        pid(sup, "t").send("stop");
        await().until(() -> sup.children().get(0).status() == ChildStatus.TERMINATED);
        assertThat(restarts(sup, "t")).isEqualTo(1);
        pid(sup, "p").send("crash");
        await().until(() -> sup.children().size() == 1);
    }

    @Test
    void givingUpEscalatesToAPermanentParentButNotThroughATransientOne() throws Exception {
        SupervisorSpec inner = SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withIntensity(0, Duration.ofSeconds(5))
                .withChild(ChildSpec.worker("w", worker("w")));
        Supervisor top = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(10, Duration.ofSeconds(5))
                .withChild(ChildSpec.supervisor("permanent", inner))
                .withChild(ChildSpec.supervisor("transient", inner).withRestart(RestartType.TRANSIENT)));
        Supervisor permanent = Supervisor.of(runtime, pid(top, "permanent"));
        Supervisor trans = Supervisor.of(runtime, pid(top, "transient"));

        pid(permanent, "w").send("crash"); // intensity 0: the inner supervisor gives up with reason shutdown
        await().until(() -> restarts(top, "permanent") == 1);

        pid(trans, "w").send("crash");
        await().until(() -> top.children().get(1).status() == ChildStatus.TERMINATED);
        assertThat(restarts(top, "transient")).isZero();
        assertThat(top.process().isAlive()).isTrue();
    }

    @Test
    void failedStartStopsTheStartedChildrenAndFailsWithTheChildsError() {
        assertThatThrownBy(() -> Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a")))
                .withChild(ChildSpec.worker("b", () -> new ProcessHandler() {
                    @Override
                    public void init(ProcessContext context) {
                        throw new IllegalStateException("b cannot start");
                    }

                    @Override
                    public Object handle(Object message, ProcessContext context) {
                        return null;
                    }
                }))
                .withChild(ChildSpec.worker("c", worker("c")))))
                .isInstanceOfSatisfying(ChildStartException.class, e -> assertThat(e.childId()).isEqualTo("b"))
                .hasMessageContaining("'b'").hasRootCauseMessage("b cannot start");
        assertThat(journal).containsExactly("start a", "stop a");
        await().until(() -> runtime.processCount() == 0);
    }

    @Test
    void stopTerminatesChildrenInReverseOrderKillingThoseThatOverstayTheirTimeout() throws Exception {
        CountDownLatch stubbornStarted = new CountDownLatch(1);
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a")))
                .withChild(ChildSpec.bodyWorker("stubborn", () -> ctx -> {
                    journal.add("start stubborn");
                    stubbornStarted.countDown();
                    while (true) {
                        ctx.receive(); // traps exits, so the shutdown signal is just a message: it never ends
                    }
                }).withOptions(SpawnOptions.defaults().withTrapExits(true))
                        .withShutdown(ShutdownPolicy.timeout(Duration.ofMillis(100))))
                .withChild(ChildSpec.worker("brutal", worker("brutal")).withShutdown(ShutdownPolicy.brutalKill()))
                .withChild(ChildSpec.worker("d", worker("d"))));
        assertThat(stubbornStarted.await(5, TimeUnit.SECONDS)).isTrue();
        ProcessRef stubborn = pid(sup, "stubborn");
        journal.clear();
        assertThat(sup.stop(Duration.ofSeconds(5))).isEqualTo(ExitReason.SHUTDOWN);
        // brutal is killed: no terminate hook runs for it
        assertThat(journal).containsExactly("stop d", "stop a");
        assertThat(stubborn.exitReason()).contains(ExitReason.KILLED);
        assertThat(runtime.processCount()).isZero();
    }

    @Test
    void dynamicChildren() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        ProcessRef x = sup.startChild(ChildSpec.worker("x", worker("x")));
        assertThat(runtime.call(x, "hi")).isEqualTo("x");
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("x", worker("x"))))
                .isInstanceOf(SupervisorException.class).hasMessageContaining("'x' already exists");
        assertThatThrownBy(() -> sup.deleteChild("x")).isInstanceOf(SupervisorException.class)
                .hasMessageContaining("running");
        sup.terminateChild("x");
        assertThat(x.isAlive()).isFalse();
        assertThat(sup.children()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ChildStatus.TERMINATED));
        ProcessRef x2 = sup.restartChild("x");
        assertThat(x2.isAlive()).isTrue();
        sup.terminateChild("x");
        sup.deleteChild("x");
        assertThat(sup.children()).isEmpty();
        assertThatThrownBy(() -> sup.terminateChild("nope")).isInstanceOf(SupervisorException.class)
                .hasMessageContaining("no child with id 'nope'");
    }

    @Test
    void backoffDelaysTheRestart() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a"))
                        // 1 s: long enough for the polls below to see RESTARTING on a loaded machine
                        .withBackoff(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.0))));
        long start = System.nanoTime();
        pid(sup, "a").send("crash");
        await().until(() -> sup.children().get(0).status() == ChildStatus.RESTARTING);
        await().until(() -> sup.children().get(0).status() == ChildStatus.RUNNING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        assertThat(restarts(sup, "a")).isEqualTo(1);
    }

    @Test
    void backoffDelaysGrowAndAreCapped() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(3), Duration.ofSeconds(30), 0.0);
        assertThat(List.of(1, 2, 3, 4, 5, 6)).map(n -> backoff.delay(n, 0.5).toSeconds())
                .containsExactly(3L, 6L, 12L, 24L, 30L, 30L);
        assertThat(new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.2).delay(1, 0.999))
                .isLessThan(Duration.ofMillis(1200)).isGreaterThan(Duration.ofMillis(1190));
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least min");
    }

    @Test
    void specsAreValidated() {
        assertThatThrownBy(() -> new RestartIntensity(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
        assertThatThrownBy(() -> SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", worker("a"))).withChild(ChildSpec.worker("a", worker("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThat(RestartIntensity.DEFAULT).isEqualTo(new RestartIntensity(1, Duration.ofSeconds(5)));
        assertThat(ChildSpec.worker("w", worker("w")).shutdown()).isEqualTo(ShutdownPolicy.timeout(Duration.ofSeconds(5)));
        assertThat(ChildSpec.supervisor("s", SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)).shutdown())
                .isEqualTo(ShutdownPolicy.infinity());
    }
}
