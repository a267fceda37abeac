package io.foundation.beam.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ManualTicker;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dynamic supervisor semantics (Elixir's DynamicSupervisor, OTP's simple_one_for_one), as documented on {@link DynamicSupervisor}. */
class DynamicSupervisorTest {

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("dyn").ticker(ticker).listener(events::add).build();
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

    /** A worker that does not answer its shutdown signal: it traps exits and ignores them, so it must be killed. */
    private static ChildSpec stubborn(String id, Duration shutdown) {
        Supplier<ProcessHandler> factory = () -> (message, context) -> message instanceof Signal.Exit ? null : id;
        return ChildSpec.worker(id, factory).withOptions(SpawnOptions.defaults().withTrapExits(true))
                .withShutdown(ShutdownPolicy.timeout(shutdown));
    }

    private DynamicSupervisor start() {
        return DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withIntensity(10, Duration.ofSeconds(5)));
    }

    private static ChildInfo info(DynamicSupervisor sup, int index) {
        return sup.children().get(index);
    }

    private <E extends BeamEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void defaultsAreElixirsThreeRestartsInFiveSecondsAndNoChildLimit() {
        DynamicSupervisorSpec spec = DynamicSupervisorSpec.defaults();
        assertThat(spec.intensity()).isEqualTo(new RestartIntensity(3, Duration.ofSeconds(5)));
        assertThat(spec.maxChildren()).isEqualTo(DynamicSupervisorSpec.UNLIMITED);
        assertThat(spec.name()).isEmpty();
        assertThatThrownBy(() -> spec.withMaxChildren(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> spec.withName(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childrenStartOnDemandAreKnownByPidAndListedInStartOrder() {
        DynamicSupervisor sup = start();
        assertThat(sup.children()).isEmpty();
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(0, 0, 0, 0));
        List<ProcessRef> pids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pids.add(sup.startChild(ChildSpec.worker("same-id", worker("w" + i))));
        }
        assertThat(pids).doesNotHaveDuplicates().allMatch(ProcessRef::isAlive);
        assertThat(journal).hasSize(100).startsWith("start w0", "start w1").endsWith("start w99");
        assertThat(sup.children()).extracting(c -> c.process().orElseThrow()).containsExactlyElementsOf(pids);
        assertThat(sup.children()).allMatch(c -> c.id().equals("same-id") && c.status() == ChildStatus.RUNNING);
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(100, 100, 0, 100));
        assertThat(runtime.call(pids.get(42), "who")).isEqualTo("w42");
    }

    @Test
    void aCrashedPermanentChildIsRestartedWithANewPidInItsPlace() {
        DynamicSupervisor sup = start();
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a")));
        ProcessRef b = sup.startChild(ChildSpec.worker("b", worker("b")));
        ProcessRef c = sup.startChild(ChildSpec.worker("c", worker("c")));
        b.send("crash");
        await().until(() -> info(sup, 1).restarts() == 1);
        ProcessRef b2 = info(sup, 1).process().orElseThrow();
        assertThat(b2).isNotEqualTo(b);
        assertThat(b.isAlive()).isFalse();
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThat(sup.children()).extracting(i -> i.process().orElseThrow()).containsExactly(a, b2, c);
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(3, 3, 0, 3));
        assertThat(events(BeamEvent.ChildRestarted.class)).singleElement().satisfies(e -> {
            assertThat(e.process()).isEqualTo(b2);
            assertThat(e.supervisor()).isEqualTo(sup.process());
            assertThat(e.childId()).isEqualTo("b");
            assertThat(e.reason()).isInstanceOf(ExitReason.Crashed.class);
            assertThat(e.restarts()).isEqualTo(1);
        });
        // the new pid is the child now: the old one is unknown
        assertThatThrownBy(() -> sup.terminateChild(b)).isInstanceOf(SupervisorException.class)
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.NOT_FOUND);
        sup.terminateChild(b2);
        assertThat(sup.countChildren().specs()).isEqualTo(2);
    }

    @Test
    void aPermanentChildIsRestartedEvenAfterANormalExit() {
        DynamicSupervisor sup = start();
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a")));
        a.send("stop");
        await().until(() -> info(sup, 0).restarts() == 1);
        assertThat(info(sup, 0).process()).get().isNotEqualTo(a);
    }

    @Test
    void aTransientChildIsRestartedOnlyAfterAnAbnormalExitAndOtherwiseForgotten() {
        DynamicSupervisor sup = start();
        ProcessRef t = sup.startChild(ChildSpec.worker("t", worker("t")).withRestart(RestartType.TRANSIENT));
        t.send("crash");
        await().until(() -> info(sup, 0).restarts() == 1);
        ProcessRef t2 = info(sup, 0).process().orElseThrow();
        t2.send("stop");
        await().until(() -> sup.countChildren().specs() == 0);
        assertThat(sup.children()).isEmpty();
        ProcessRef t3 = sup.startChild(ChildSpec.worker("t", worker("t")).withRestart(RestartType.TRANSIENT));
        runtime.exit(t3, ExitReason.SHUTDOWN); // shutdown is not abnormal either
        await().until(() -> sup.countChildren().specs() == 0);
        assertThat(events(BeamEvent.ChildRestarted.class)).hasSize(1);
    }

    @Test
    void aTemporaryChildIsNeverRestarted() {
        DynamicSupervisor sup = start();
        ProcessRef t = sup.startChild(ChildSpec.worker("t", worker("t")).withRestart(RestartType.TEMPORARY));
        ProcessRef p = sup.startChild(ChildSpec.worker("p", worker("p")));
        t.send("crash");
        await().until(() -> sup.countChildren().specs() == 1);
        assertThat(sup.children()).extracting(c -> c.process().orElseThrow()).containsExactly(p);
        assertThat(events(BeamEvent.ChildRestarted.class)).isEmpty();
    }

    @Test
    void startingBeyondMaxChildrenIsRefusedAndARestartDoesNotCountAsANewChild() {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withMaxChildren(2));
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a")));
        sup.startChild(ChildSpec.worker("b", worker("b")));
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("c", worker("c"))))
                .isInstanceOf(SupervisorException.class).hasMessageContaining("maxChildren")
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN);
        assertThat(journal).doesNotContain("start c");
        a.send("crash");
        await().until(() -> info(sup, 0).restarts() == 1);
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(2, 2, 0, 2));
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("c", worker("c"))))
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN);
        sup.terminateChild(info(sup, 0).process().orElseThrow());
        ProcessRef c = sup.startChild(ChildSpec.worker("c", worker("c")));
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("b", "c");
        assertThat(c.isAlive()).isTrue();
    }

    @Test
    void zeroMaxChildrenRefusesEveryStart() {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withMaxChildren(0));
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("a", worker("a"))))
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN);
    }

    @Test
    void terminateChildStopsItWithItsShutdownPolicyAndForgetsIt() throws Exception {
        DynamicSupervisor sup = start();
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a")));
        ProcessRef b = sup.startChild(ChildSpec.worker("b", worker("b")));
        sup.terminateChild(a);
        assertThat(runtime.exitFuture(a).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(journal).contains("stop a");
        assertThat(sup.children()).extracting(c -> c.process().orElseThrow()).containsExactly(b);
        assertThat(events(BeamEvent.ChildRestarted.class)).isEmpty(); // a permanent child terminated is not restarted
        assertThatThrownBy(() -> sup.terminateChild(a)).isInstanceOf(SupervisorException.class)
                .hasMessageContaining(a.toString())
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.NOT_FOUND);
    }

    @Test
    void terminateChildKillsAChildThatOutlivesItsShutdownTimeout() throws Exception {
        DynamicSupervisor sup = start();
        ProcessRef s = sup.startChild(stubborn("s", Duration.ofMillis(100)));
        sup.terminateChild(s);
        assertThat(runtime.exitFuture(s).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
        assertThat(sup.countChildren().specs()).isZero();
        assertThat(sup.process().isAlive()).isTrue();
    }

    @Test
    void terminateChildOfAnUnknownPidIsNotFound() {
        DynamicSupervisor sup = start();
        sup.startChild(ChildSpec.worker("a", worker("a")));
        ProcessRef stranger = runtime.spawn(worker("x").get());
        assertThatThrownBy(() -> sup.terminateChild(stranger)).isInstanceOf(SupervisorException.class)
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.NOT_FOUND);
        assertThat(stranger.isAlive()).isTrue();
        assertThat(sup.countChildren().active()).isEqualTo(1);
    }

    @Test
    void aChildThatFailsInitFailsTheStartAndNothingIsKept() {
        DynamicSupervisor sup = start();
        Supplier<ProcessHandler> failing = () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                throw new IllegalStateException("no database");
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }
        };
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("db", failing)))
                .isInstanceOf(ChildStartException.class).hasMessageContaining("db").hasMessageContaining("no database");
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(0, 0, 0, 0));
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(sup.startChild(ChildSpec.worker("a", worker("a"))).isAlive()).isTrue();
        assertThat(events(BeamEvent.ChildRestarted.class)).isEmpty();
    }

    @Test
    void exceedingTheIntensityStopsAllChildrenAndTheSupervisorWithShutdown() throws Exception {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime,
                DynamicSupervisorSpec.defaults().withIntensity(1, Duration.ofSeconds(5)));
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a")));
        ProcessRef b = sup.startChild(ChildSpec.worker("b", worker("b")));
        a.send("crash");
        await().until(() -> info(sup, 0).restarts() == 1);
        ticker.advance(Duration.ofSeconds(4));
        info(sup, 0).process().orElseThrow().send("crash"); // the second restart within 5 s
        assertThat(sup.whenStopped().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(b.isAlive()).isFalse();
        assertThat(journal).contains("stop b");
        assertThat(events(BeamEvent.SupervisorGaveUp.class)).singleElement().satisfies(e -> {
            assertThat(e.process()).isEqualTo(sup.process());
            assertThat(e.maxRestarts()).isEqualTo(1);
            assertThat(e.period()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.lastChildId()).isEqualTo("a");
        });
        assertThat(events(BeamEvent.ChildRestarted.class)).hasSize(1);
    }

    @Test
    void restartsOlderThanThePeriodAreForgotten() {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime,
                DynamicSupervisorSpec.defaults().withIntensity(1, Duration.ofSeconds(5)));
        sup.startChild(ChildSpec.worker("a", worker("a")));
        for (int i = 1; i <= 3; i++) {
            int restarts = i;
            info(sup, 0).process().orElseThrow().send("crash");
            await().until(() -> info(sup, 0).restarts() == restarts);
            ticker.advance(Duration.ofSeconds(6));
        }
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(events(BeamEvent.SupervisorGaveUp.class)).isEmpty();
    }

    @Test
    void stopStopsAllChildrenConcurrentlyKillingThoseThatOutliveTheirShutdownTimeout() {
        DynamicSupervisor sup = start();
        List<ProcessRef> pids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pids.add(sup.startChild(stubborn("s" + i, Duration.ofSeconds(1))));
        }
        ProcessRef polite = sup.startChild(ChildSpec.worker("polite", worker("polite")));
        long begin = System.nanoTime();
        assertThat(sup.stop(Duration.ofSeconds(60))).isEqualTo(ExitReason.SHUTDOWN);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        // one after the other this would take 50 s; together about 1 s (generous bound: a functional check)
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(pids).allSatisfy(p -> assertThat(runtime.exitFuture(p)).isCompletedWithValue(ExitReason.KILLED));
        assertThat(runtime.exitFuture(polite)).isCompletedWithValue(ExitReason.SHUTDOWN);
        assertThat(journal).contains("stop polite");
    }

    @Test
    void brutalKillChildrenAreKilledAtOnceOnStop() {
        DynamicSupervisor sup = start();
        ProcessRef k = sup.startChild(stubborn("k", Duration.ofDays(1)).withShutdown(ShutdownPolicy.brutalKill()));
        assertThat(sup.stop(Duration.ofSeconds(30))).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(runtime.exitFuture(k)).isCompletedWithValue(ExitReason.KILLED);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aHundredThousandChildrenAreStartedAndTerminated() {
        DynamicSupervisor sup = start();
        int n = 100_000;
        int before = runtime.processCount();
        List<ProcessRef> pids = new ArrayList<>(n);
        Supplier<ProcessHandler> factory = () -> (message, context) -> message;
        for (int i = 0; i < n; i++) {
            pids.add(sup.startChild(ChildSpec.worker("w", factory)));
        }
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(n, n, 0, n));
        assertThat(runtime.processCount()).isEqualTo(before + n);
        for (int i = 0; i < n / 2; i++) {
            sup.terminateChild(pids.get(i)); // by pid, each stopped and forgotten
        }
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(n / 2, n / 2, 0, n / 2));
        assertThat(sup.children().getFirst().process()).contains(pids.get(n / 2));
        assertThat(sup.stop(Duration.ofMinutes(2))).isEqualTo(ExitReason.SHUTDOWN); // the other half, all at once
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.processCount() == before - 1);
        assertThat(pids).noneMatch(ProcessRef::isAlive);
    }

    @Test
    void anExitFromItsParentEndsItWithTheParentsReason() throws Exception {
        CompletableFuture<DynamicSupervisor> started = new CompletableFuture<>();
        ProcessRef parent = runtime.spawn(ctx -> {
            DynamicSupervisor sup = DynamicSupervisor.startLink(ctx, DynamicSupervisorSpec.defaults());
            started.complete(sup);
            ctx.receive(String.class);
            throw new IllegalStateException("parent failed");
        });
        DynamicSupervisor sup = started.get(5, TimeUnit.SECONDS);
        ProcessRef child = sup.startChild(ChildSpec.worker("a", worker("a")));
        parent.send("die");
        ExitReason reason = sup.whenStopped().get(10, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessage("parent failed"));
        assertThat(runtime.exitFuture(child).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aNormalExitOfItsParentEndsItToo() throws Exception {
        CompletableFuture<DynamicSupervisor> started = new CompletableFuture<>();
        ProcessRef parent = runtime.spawn(ctx -> {
            started.complete(DynamicSupervisor.startLink(ctx, DynamicSupervisorSpec.defaults()));
            ctx.receive(String.class);
        });
        DynamicSupervisor sup = started.get(5, TimeUnit.SECONDS);
        parent.send("done");
        assertThat(sup.whenStopped().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void exitSignalsFromOtherProcessesAreIgnored() throws Exception {
        DynamicSupervisor sup = start();
        ProcessRef child = sup.startChild(ChildSpec.worker("a", worker("a")));
        ProcessRef linked = runtime.spawn(ctx -> {
            ctx.link(sup.process());
            throw new IllegalStateException("linked stranger crashed");
        });
        ProcessRef sender = runtime.spawn(ctx -> ctx.exit(sup.process(), ExitReason.SHUTDOWN));
        runtime.exitFuture(linked).get(5, TimeUnit.SECONDS);
        runtime.exitFuture(sender).get(5, TimeUnit.SECONDS);
        // Signals overtake messages: by the time this call is answered both exit signals were handled.
        assertThat(sup.countChildren().active()).isEqualTo(1);
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void anExitSignalFromTheRuntimeEndsIt() throws Exception {
        DynamicSupervisor sup = start();
        ProcessRef child = sup.startChild(ChildSpec.worker("a", worker("a")));
        runtime.exit(sup.process(), ExitReason.crashed(new IllegalStateException("operator")));
        assertThat(sup.whenStopped().get(10, TimeUnit.SECONDS)).isInstanceOf(ExitReason.Crashed.class);
        assertThat(runtime.exitFuture(child).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void supervisorChildrenAreCountedAndStoppedWithTheirTree() throws Exception {
        DynamicSupervisor sup = start();
        ProcessRef tree = sup.startChild(ChildSpec.supervisor("tree", SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("leaf", worker("leaf")))));
        sup.startChild(ChildSpec.worker("a", worker("a")));
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(2, 2, 1, 1));
        assertThat(sup.children().getFirst().supervisor()).isTrue();
        sup.stop(Duration.ofSeconds(30));
        assertThat(runtime.exitFuture(tree).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(journal).contains("stop leaf", "stop a");
    }

    @Test
    void aChildWithABackoffIsRestartedAfterItsDelay() {
        DynamicSupervisor sup = start();
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a"))
                .withBackoff(new RestartBackoff(Duration.ofMillis(50), Duration.ofMillis(50), 0)));
        a.send("crash");
        await().until(() -> info(sup, 0).restarts() == 1);
        assertThat(info(sup, 0).status()).isEqualTo(ChildStatus.RUNNING);
        assertThat(info(sup, 0).process()).get().isNotEqualTo(a);
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(1, 1, 0, 1));
    }

    @Test
    void aChildWaitingForItsBackoffIsRestartingAndStillCountsAgainstMaxChildren() {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withMaxChildren(1));
        ProcessRef a = sup.startChild(ChildSpec.worker("a", worker("a"))
                .withBackoff(new RestartBackoff(Duration.ofHours(1), Duration.ofHours(1), 0)));
        a.send("crash");
        await().until(() -> info(sup, 0).status() == ChildStatus.RESTARTING);
        assertThat(info(sup, 0).process()).isEmpty();
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(1, 0, 0, 1));
        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("b", worker("b"))))
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.MAX_CHILDREN);
        assertThatThrownBy(() -> sup.terminateChild(a)) // its old pid is no child any more
                .extracting(e -> ((SupervisorException) e).reason()).isEqualTo(SupervisorException.Reason.NOT_FOUND);
        assertThat(sup.stop(Duration.ofSeconds(30))).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aRestartThatFailsToStartIsTriedAgainAndCountsTowardTheIntensity() throws Exception {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime,
                DynamicSupervisorSpec.defaults().withIntensity(3, Duration.ofSeconds(5)));
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        Supplier<ProcessHandler> firstStartOnly = () -> new ProcessHandler() {
            @Override
            public void init(ProcessContext context) {
                if (starts.incrementAndGet() > 1) {
                    throw new IllegalStateException("cannot start again");
                }
            }

            @Override
            public Object handle(Object message, ProcessContext context) {
                throw new IllegalStateException("crash");
            }
        };
        sup.startChild(ChildSpec.worker("once", firstStartOnly)).send("crash");
        assertThat(sup.whenStopped().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(starts.get()).isEqualTo(4); // the first start, then 3 failed restarts; the 4th restart gives up
        assertThat(events(BeamEvent.SupervisorGaveUp.class)).singleElement()
                .satisfies(e -> assertThat(e.lastChildId()).isEqualTo("once"));
        assertThat(events(BeamEvent.ChildRestarted.class)).isEmpty();
    }

    @Test
    void aNamedSupervisorIsRegisteredAndItsNameIsUnique() {
        DynamicSupervisor sup = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withName("jobs"));
        assertThat(runtime.whereis("jobs")).contains(sup.process());
        assertThatThrownBy(() -> DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults().withName("jobs")))
                .isInstanceOf(NameAlreadyRegisteredException.class);
    }

    @Test
    void ofAProcessThatIsNotADynamicSupervisorFailsNamingIt() {
        ProcessRef echo = runtime.spawn(worker("echo").get());
        DynamicSupervisor notOne = DynamicSupervisor.of(runtime, echo);
        assertThatThrownBy(notOne::countChildren).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(echo.toString()).hasMessageContaining("not a dynamic supervisor");
        DynamicSupervisor sup = start();
        ProcessRef a = DynamicSupervisor.of(runtime, sup.process()).startChild(ChildSpec.worker("a", worker("a")));
        assertThat(sup.children()).extracting(c -> c.process().orElseThrow()).containsExactly(a);
    }

    @Test
    void underASupervisorItEndsWithItsParentAndARestartStartsItEmpty() throws Exception {
        Supervisor top = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(DynamicSupervisor.childSpec("jobs", DynamicSupervisorSpec.defaults())));
        ChildInfo jobs = top.children().getFirst();
        assertThat(jobs.restart()).isEqualTo(RestartType.PERMANENT);
        assertThat(jobs.supervisor()).isTrue(); // counted as a supervisor child by its parent
        assertThat(top.countChildren()).isEqualTo(new ChildCount(1, 1, 1, 0));
        DynamicSupervisor sup = DynamicSupervisor.of(runtime, jobs.process().orElseThrow());
        ProcessRef child = sup.startChild(ChildSpec.worker("a", worker("a")));
        // a stranger's exit signal is still ignored: only the parent's ends it
        runtime.exitFuture(runtime.spawn(ctx -> ctx.exit(sup.process(), ExitReason.SHUTDOWN))).get(5, TimeUnit.SECONDS);
        assertThat(sup.countChildren().active()).isEqualTo(1);
        runtime.kill(sup.process());
        await().until(() -> top.children().getFirst().restarts() == 1);
        DynamicSupervisor restarted = DynamicSupervisor.of(runtime, top.children().getFirst().process().orElseThrow());
        assertThat(restarted.countChildren()).isEqualTo(new ChildCount(0, 0, 0, 0));
        assertThat(child.isAlive()).isFalse(); // killed with its supervisor (a kill propagates to the linked child)
        ProcessRef next = restarted.startChild(ChildSpec.worker("b", worker("b")));
        assertThat(top.stop(Duration.ofSeconds(30))).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(restarted.whenStopped().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(runtime.exitFuture(next).get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(journal).contains("stop b");
    }
}
