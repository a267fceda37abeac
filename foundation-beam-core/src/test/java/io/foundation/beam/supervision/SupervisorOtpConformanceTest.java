package io.foundation.beam.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.SupervisorException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cases where the supervisor used to deviate from OTP's {@code supervisor.erl} (issue 18): the shutdown of a child that
 * unlinked itself, calls without a time limit, structured errors, and requests during a pending restart.
 */
class SupervisorOtpConformanceTest {

    /** Just above the 5 s a call used to wait: a child's init or shutdown that long must not fail the call. */
    private static final Duration LONGER_THAN_A_DEFAULT_CALL = Duration.ofMillis(5_500);

    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("sup-otp").build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A receive loop that unlinks itself from its supervisor first, then runs until killed by a signal. */
    private static ChildSpec unlinking(String id, Supervisor sup, CountDownLatch unlinked) {
        return ChildSpec.bodyWorker(id, () -> ctx -> {
            ctx.unlink(sup.process());
            unlinked.countDown();
            while (true) {
                ctx.receive();
            }
        });
    }

    /** Issue 18: a handle on a process that is not a supervisor threw a ClassCastException naming internal classes. */
    @Test
    void aHandleOnAProcessThatIsNotASupervisorSaysSoNamingTheProcess() {
        ProcessRef echo = runtime.spawn((message, ctx) -> message);
        ProcessRef silent = runtime.spawn((message, ctx) -> null);
        assertThatThrownBy(() -> Supervisor.of(runtime, echo).children())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(echo + " is not a supervisor: asked for WhichChildren it answered a WhichChildren");
        assertThatThrownBy(() -> Supervisor.of(runtime, silent).terminateChild("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(silent + " is not a supervisor: asked for TerminateChild it answered nothing");
    }

    @Test
    void terminatingAChildThatUnlinkedItselfWaitsForItsEndThroughAMonitor() throws Exception {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        CountDownLatch unlinked = new CountDownLatch(1);
        ProcessRef x = sup.startChild(unlinking("x", sup, unlinked));
        assertThat(unlinked.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> terminated = CompletableFuture.runAsync(() -> sup.terminateChild("x"));

        assertThat(terminated).succeedsWithin(Duration.ofSeconds(3));
        assertThat(x.isAlive()).isFalse();
        assertThat(sup.children()).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(ChildStatus.TERMINATED));
        assertThat(sup.process().isAlive()).isTrue();
    }

    @Test
    void stoppingASupervisorWithABrutallyKilledChildThatUnlinkedItselfEndsWithShutdown() throws Exception {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        CountDownLatch unlinked = new CountDownLatch(1);
        ProcessRef x = sup.startChild(unlinking("x", sup, unlinked).withShutdown(ShutdownPolicy.brutalKill()));
        assertThat(unlinked.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(sup.stop(Duration.ofSeconds(3))).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(x.isAlive()).isFalse();
    }

    @Test
    void aStoppedLinkedChildsExitSignalIsNotTakenForACrash() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new))
                .withChild(ChildSpec.worker("b", Worker::new).withShutdown(ShutdownPolicy.brutalKill())));
        for (int i = 0; i < 20; i++) {
            sup.terminateChild("a");
            sup.terminateChild("b");
            sup.restartChild("a");
            sup.restartChild("b");
        }
        assertThat(sup.children()).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(ChildStatus.RUNNING);
            assertThat(c.restarts()).isZero();
        });
        assertThat(sup.process().isAlive()).isTrue();
    }

    /** A child's slow work: waits on a latch nobody releases, for the given time. */
    private static void busyFor(Duration d) throws InterruptedException {
        assertThat(new CountDownLatch(1).await(d.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void callsToTheSupervisorWaitWithoutATimeLimit() throws Exception {
        // Both calls last longer than the 5 s a call used to wait; they run side by side to keep the test short.
        Supervisor slowInit = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        CompletableFuture<ProcessRef> started = CompletableFuture.supplyAsync(
                () -> slowInit.startChild(ChildSpec.worker("slow", () -> new Worker() {
                    @Override
                    public void init(ProcessContext context) throws Exception {
                        busyFor(LONGER_THAN_A_DEFAULT_CALL); // the child's own work, as long as it takes
                    }
                })));

        CountDownLatch trapping = new CountDownLatch(1);
        Supervisor slowStop = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.bodyWorker("slow", () -> ctx -> {
                    trapping.countDown();
                    ctx.receive(m -> m instanceof Signal.Exit, Duration.ofDays(1));
                    busyFor(LONGER_THAN_A_DEFAULT_CALL); // cleaning up, as long as it takes
                }).withOptions(SpawnOptions.defaults().withTrapExits(true)).withShutdown(ShutdownPolicy.infinity())));
        assertThat(trapping.await(5, TimeUnit.SECONDS)).isTrue();
        ProcessRef stopping = slowStop.children().get(0).process().orElseThrow();
        CompletableFuture<Void> terminated = CompletableFuture.runAsync(() -> slowStop.terminateChild("slow"));

        assertThat(started).succeedsWithin(Duration.ofSeconds(10));
        assertThat(terminated).succeedsWithin(Duration.ofSeconds(10));
        assertThat(slowInit.children()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ChildStatus.RUNNING);
            assertThat(c.process()).contains(started.join());
        });
        assertThat(stopping.exitReason()).contains(ExitReason.NORMAL);
        await().until(() -> slowStop.children().get(0).status() == ChildStatus.TERMINATED);
    }

    private static ProcessRef pid(Supervisor sup, String id) {
        return sup.children().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().process()
                .orElseThrow();
    }

    private static ChildStatus status(Supervisor sup, String id) {
        return sup.children().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().status();
    }

    /** Runs the request and checks it was refused with that reason and no process. */
    private static void refused(Runnable request, Reason reason) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(SupervisorException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.process()).isEmpty();
        });
    }

    @Test
    void startingAChildWithATakenIdIsRefusedAsAlreadyStartedWithItsPidOrAsAlreadyPresent() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)));
        ProcessRef a = pid(sup, "a");

        assertThatThrownBy(() -> sup.startChild(ChildSpec.worker("a", Worker::new)))
                .isInstanceOfSatisfying(SupervisorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ALREADY_STARTED);
                    assertThat(e.process()).contains(a);
                    assertThat(e).hasMessageContaining("'a' already exists");
                });
        sup.terminateChild("a");
        refused(() -> sup.startChild(ChildSpec.worker("a", Worker::new)), Reason.ALREADY_PRESENT);
        assertThat(sup.children()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ChildStatus.TERMINATED));
    }

    @Test
    void requestsForAnUnknownChildAreRefusedAsNotFound() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        refused(() -> sup.terminateChild("nope"), Reason.NOT_FOUND);
        refused(() -> sup.restartChild("nope"), Reason.NOT_FOUND);
        refused(() -> sup.deleteChild("nope"), Reason.NOT_FOUND);
    }

    @Test
    void restartingOrDeletingARunningChildIsRefusedAsRunning() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)));
        ProcessRef a = pid(sup, "a");
        refused(() -> sup.restartChild("a"), Reason.RUNNING);
        refused(() -> sup.deleteChild("a"), Reason.RUNNING);
        assertThat(pid(sup, "a")).isEqualTo(a);
        assertThat(a.isAlive()).isTrue();
    }

    @Test
    void restartingOrDeletingAChildWhoseRestartIsPendingIsRefusedAsRestarting() {
        // A backoff far longer than the test: the restart stays pending until the child is terminated.
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)
                        .withBackoff(new RestartBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10), 0.0))));
        ProcessRef a = pid(sup, "a");
        a.send("crash");
        await().until(() -> status(sup, "a") == ChildStatus.RESTARTING);

        refused(() -> sup.restartChild("a"), Reason.RESTARTING);
        refused(() -> sup.deleteChild("a"), Reason.RESTARTING);
        refused(() -> sup.startChild(ChildSpec.worker("a", Worker::new)), Reason.ALREADY_PRESENT);
        assertThat(sup.children()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ChildStatus.RESTARTING);
            assertThat(c.process()).isEmpty();
        });

        sup.terminateChild("a"); // OTP: terminating a restarting child cancels its restart
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.TERMINATED);
        ProcessRef again = sup.restartChild("a");
        assertThat(again.isAlive()).isTrue();
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.RUNNING);
    }

    @Test
    void aRefusalMadeFromAMessageAloneHasReasonOther() {
        SupervisorException e = new SupervisorException("refused");
        assertThat(e.reason()).isEqualTo(Reason.OTHER);
        assertThat(e.process()).isEmpty();
        assertThat(e).hasMessage("refused");
    }

    /**
     * Issue 18, deviation 6: child operations scanned a list (by id and by pid), so n children cost O(n^2); this
     * starts 100 000 children one by one, then terminates and deletes them in random order. The timeout is a
     * complexity guard with a wide margin, not a timing goal (that lives in {@code SupervisorChildOpsBenchmark}): this
     * takes about 17 s with O(1) operations on a loaded 2-CPU machine and took 280 s with the list scans, so 2 minutes
     * fails only a quadratic supervisor.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aHundredThousandChildrenAreStartedTerminatedAndDeletedOneByOne() {
        int n = 100_000;
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "c" + i;
            ids.add(id);
            sup.startChild(ChildSpec.worker(id, Worker::new).withShutdown(ShutdownPolicy.brutalKill()));
        }
        List<ChildInfo> children = sup.children();
        assertThat(children).hasSize(n);
        assertThat(children).extracting(ChildInfo::id).containsExactlyElementsOf(ids);
        assertThat(children).allSatisfy(c -> assertThat(c.status()).isEqualTo(ChildStatus.RUNNING));

        Collections.shuffle(ids, new Random(18));
        for (String id : ids) {
            sup.terminateChild(id);
            sup.deleteChild(id);
        }
        assertThat(sup.children()).isEmpty();
        assertThat(sup.process().isAlive()).isTrue();
    }

    /** A worker whose factory counts its starts and records each process it became. */
    private static final class Recorded {
        final List<ProcessRef> pids = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();

        /** @param failingStart the start (1 = first) whose factory throws, or 0 for none */
        ChildSpec spec(String id, int failingStart) {
            return ChildSpec.worker(id, () -> {
                if (starts.incrementAndGet() == failingStart) {
                    throw new IllegalStateException(id + " cannot start now");
                }
                return new Worker() {
                    @Override
                    public void init(ProcessContext context) {
                        pids.add(context.self());
                    }
                };
            });
        }
    }

    /**
     * Issue 18, deviation 1: under ONE_FOR_ALL, when the group's restart fails at child b, OTP's retry restarts the
     * whole group again: child a, already restarted by the failed attempt, is shut down again and restarted. Only b
     * used to be retried, and a's restarted process was kept.
     */
    @Test
    void aFailedOneForAllRestartStopsTheChildrenItRestartedAndRestartsTheWholeGroup() {
        Recorded a = new Recorded();
        Recorded b = new Recorded();
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ALL)
                .withIntensity(10, Duration.ofMinutes(1))
                .withChild(a.spec("a", 0))
                .withChild(b.spec("b", 2))); // b's first start after the crash fails
        a.pids.get(0).send("crash");

        await().until(() -> a.pids.size() == 3 && b.pids.size() == 2
                && sup.children().stream().allMatch(c -> c.status() == ChildStatus.RUNNING));
        assertThat(b.starts).hasValue(3); // initial, failed, retried
        // a's process from the failed attempt was shut down by the retry, before the group started again.
        assertThat(a.pids.get(1).exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(pid(sup, "a")).isEqualTo(a.pids.get(2));
        assertThat(pid(sup, "b")).isEqualTo(b.pids.get(1));
        assertThat(a.pids.get(2).isAlive()).isTrue();
    }

    /**
     * Issue 18, deviation 1, REST_FOR_ONE: as OTP's retry splits the children at the one that failed to start, the
     * retry restarts that child and those after it; b, which crashed and was restarted before c's start failed,
     * keeps its new process; a, before the crashed child, is never touched.
     */
    @Test
    void aFailedRestForOneRestartRetriesFromTheChildThatFailedToStart() {
        Recorded a = new Recorded();
        Recorded b = new Recorded();
        Recorded c = new Recorded();
        Recorded d = new Recorded();
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.REST_FOR_ONE)
                .withIntensity(10, Duration.ofMinutes(1))
                .withChild(a.spec("a", 0))
                .withChild(b.spec("b", 0))
                .withChild(c.spec("c", 2)) // c's first start after the crash fails
                .withChild(d.spec("d", 0)));
        ProcessRef d1 = d.pids.get(0);
        b.pids.get(0).send("crash");

        await().until(() -> c.pids.size() == 2 && d.pids.size() == 2
                && sup.children().stream().allMatch(x -> x.status() == ChildStatus.RUNNING));
        assertThat(c.starts).hasValue(3);
        assertThat(a.pids).hasSize(1);
        assertThat(b.pids).hasSize(2);
        assertThat(pid(sup, "b")).isEqualTo(b.pids.get(1));
        assertThat(d1.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("a", "b", "c", "d");
    }

    /**
     * Issue 18, deviation 5: a supervisor started with startLink ends when its parent ends, with the parent's reason,
     * normal included (it used to ignore a normal exit signal from its parent and outlive it).
     */
    @Test
    void aLinkedSupervisorEndsWithNormalWhenItsParentEndsNormally() throws Exception {
        CompletableFuture<Supervisor> started = new CompletableFuture<>();
        CountDownLatch parentMayEnd = new CountDownLatch(1);
        ProcessRef parent = runtime.spawn(ctx -> {
            started.complete(Supervisor.startLink(ctx, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.worker("a", Worker::new))));
            parentMayEnd.await();
        });
        Supervisor sup = started.get(5, TimeUnit.SECONDS);
        ProcessRef a = pid(sup, "a");

        parentMayEnd.countDown();

        assertThat(sup.whenStopped()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.NORMAL);
        assertThat(parent.exitReason()).contains(ExitReason.NORMAL);
        assertThat(a.exitReason()).contains(ExitReason.SHUTDOWN);
    }

    /**
     * Issue 18, deviation 5: an exit signal from a process that is neither the parent nor a child is ignored, as OTP's
     * supervisor ignores an unexpected 'EXIT': a stranger that links to the supervisor and crashes, and a stranger
     * calling exit(supervisor, reason), used to end it.
     */
    @Test
    void exitSignalsFromStrangersLeaveTheSupervisorRunning() throws Exception {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)));
        ProcessRef a = pid(sup, "a");

        ProcessRef linkedAndCrashed = runtime.spawn(ctx -> {
            ctx.link(sup.process());
            throw new IllegalStateException("the stranger crashes");
        });
        ProcessRef exiting = runtime.spawn(ctx -> ctx.exit(sup.process(),
                ExitReason.crashed(new IllegalStateException("from a stranger"))));
        assertThat(runtime.exitFuture(linkedAndCrashed)).succeedsWithin(Duration.ofSeconds(5));
        assertThat(runtime.exitFuture(exiting)).succeedsWithin(Duration.ofSeconds(5));

        // Both signals were delivered before this call: signals overtake messages.
        assertThat(sup.children()).singleElement().satisfies(c -> assertThat(c.process()).contains(a));
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(sup.stop(Duration.ofSeconds(5))).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(a.isAlive()).isFalse();
    }

    /**
     * Issue 18, deviation 5: the runtime is every supervisor's parent of last resort, so an exit signal sent from
     * outside any process (BeamRuntime.exit) still ends it with that reason.
     */
    @Test
    void anExitSignalFromOutsideAnyProcessEndsTheSupervisorWithItsReason() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)));
        ProcessRef a = pid(sup, "a");
        ExitReason reason = ExitReason.crashed(new IllegalStateException("operator"));

        runtime.exit(sup.process(), reason);

        assertThat(sup.whenStopped()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(reason);
        assertThat(a.exitReason()).contains(ExitReason.SHUTDOWN);
    }

    /**
     * Issue 18, deviation 5: with strangers ignored, the runtime's shutdown still stops a top-level supervisor and a
     * linked one whose parent is alive, children first.
     */
    @Test
    void closingTheRuntimeStopsSupervisorsWithOrWithoutAParent() throws Exception {
        BeamRuntime own = BeamRuntime.builder().name("sup-close").build();
        Supervisor top = Supervisor.start(own, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new)));
        CompletableFuture<Supervisor> started = new CompletableFuture<>();
        own.spawn(ctx -> {
            started.complete(Supervisor.startLink(ctx, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.worker("b", Worker::new))));
            new CountDownLatch(1).await(); // the parent lives until the runtime ends it
        });
        Supervisor linked = started.get(5, TimeUnit.SECONDS);

        own.close();

        assertThat(top.whenStopped()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(linked.whenStopped()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(top.process().isAlive()).isFalse();
        assertThat(linked.process().isAlive()).isFalse();
    }

    /** A worker whose init answers ignore while {@code ignoring} is set (OTP's {@code init} returning {@code ignore}). */
    private static ChildSpec ignoringInit(String id, java.util.concurrent.atomic.AtomicBoolean ignoring) {
        return ChildSpec.worker(id, () -> new Worker() {
            @Override
            public void init(ProcessContext context) {
                if (ignoring.get()) {
                    throw new IgnoreStart("not configured");
                }
            }
        });
    }

    /**
     * Issue 18, a start answering ignore (OTP's {@code ignore}) at the supervisor's start: the static child is kept
     * not running (a temporary one is forgotten) and the start goes on; a failure used to fail the whole start.
     */
    @Test
    void aStaticChildWhoseStartAnswersIgnoreIsKeptNotRunningAndTheStartGoesOn() {
        java.util.concurrent.atomic.AtomicBoolean ignoring = new java.util.concurrent.atomic.AtomicBoolean(true);
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ignoringInit("init-ignores", ignoring))
                .withChild(ChildSpec.worker("factory-ignores", () -> {
                    throw new IgnoreStart();
                }))
                .withChild(ignoringInit("temporary", ignoring).withRestart(RestartType.TEMPORARY))
                .withChild(ChildSpec.worker("runs", Worker::new)));

        assertThat(sup.children()).extracting(ChildInfo::id).containsExactly("init-ignores", "factory-ignores", "runs");
        assertThat(status(sup, "init-ignores")).isEqualTo(ChildStatus.TERMINATED);
        assertThat(status(sup, "factory-ignores")).isEqualTo(ChildStatus.TERMINATED);
        assertThat(status(sup, "runs")).isEqualTo(ChildStatus.RUNNING);

        ignoring.set(false);
        assertThat(sup.restartChild("init-ignores")).isNotNull().satisfies(p -> assertThat(p.isAlive()).isTrue());
    }

    /**
     * Issue 18, a start answering ignore through startChild and restartChild: they return null (OTP's
     * {@code {ok, undefined}}), the spec is kept unless temporary.
     */
    @Test
    void startChildAndRestartChildAnsweringIgnoreReturnNull() {
        java.util.concurrent.atomic.AtomicBoolean ignoring = new java.util.concurrent.atomic.AtomicBoolean(true);
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));

        assertThat(sup.startChild(ignoringInit("a", ignoring))).isNull();
        assertThat(sup.startChild(ignoringInit("t", ignoring).withRestart(RestartType.TEMPORARY))).isNull();
        assertThat(sup.children()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("a");
            assertThat(c.status()).isEqualTo(ChildStatus.TERMINATED);
            assertThat(c.process()).isEmpty();
        });
        refused(() -> sup.startChild(ignoringInit("a", ignoring)), Reason.ALREADY_PRESENT);
        assertThat(sup.restartChild("a")).isNull();
        assertThat(status(sup, "a")).isEqualTo(ChildStatus.TERMINATED);
        assertThat(sup.process().isAlive()).isTrue();
    }

    /**
     * Issue 18, a restart after a crash answering ignore: the child stays down, kept, and is not tried again (a
     * failed restart is), and the supervisor goes on.
     */
    @Test
    void aRestartAnsweringIgnoreLeavesTheChildDownWithoutRetry() {
        java.util.concurrent.atomic.AtomicBoolean ignoring = new java.util.concurrent.atomic.AtomicBoolean(false);
        java.util.concurrent.atomic.AtomicInteger inits = new java.util.concurrent.atomic.AtomicInteger();
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withIntensity(10, Duration.ofMinutes(1))
                .withChild(ChildSpec.worker("a", () -> new Worker() {
                    @Override
                    public void init(ProcessContext context) {
                        inits.incrementAndGet();
                        if (ignoring.get()) {
                            throw new IgnoreStart("gone");
                        }
                    }
                })));
        ignoring.set(true);
        pid(sup, "a").send("crash");

        await().until(() -> status(sup, "a") == ChildStatus.TERMINATED);
        assertThat(inits).hasValue(2);
        assertThat(sup.children()).singleElement().satisfies(c -> assertThat(c.process()).isEmpty());
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(inits).hasValue(2); // the call above was answered after any retry would have been queued
    }

    /** Issue 18, OTP's count_children: specs, active, supervisors, workers (it had no equivalent). */
    @Test
    void countChildrenCountsSpecsRunningChildrenSupervisorsAndWorkers() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("a", Worker::new))
                .withChild(ChildSpec.worker("b", Worker::new))
                .withChild(ChildSpec.supervisor("s", SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE))));
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(3, 3, 1, 2));

        sup.terminateChild("b");
        sup.terminateChild("s");
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(3, 1, 1, 2));
        sup.deleteChild("b");
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(2, 1, 1, 1));
    }

    /** Issue 18, OTP's get_childspec: the spec of a child, or not_found (it had no equivalent). */
    @Test
    void getChildSpecReturnsTheSpecOrRefusesAnUnknownIdAsNotFound() {
        ChildSpec a = ChildSpec.worker("a", Worker::new).withRestart(RestartType.TRANSIENT);
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChild(a));
        assertThat(sup.getChildSpec("a")).isSameAs(a);
        refused(() -> sup.getChildSpec("nope"), Reason.NOT_FOUND);
        assertThatThrownBy(() -> sup.getChildSpec("nope")).hasMessageContaining("'nope'")
                .hasMessageContaining(sup.process().toString());
    }

    /** Issue 18, OTP's check_childspecs: a static check naming the bad spec, also run by SupervisorSpec. */
    @Test
    void checkChildSpecsRefusesDuplicateIdsNamingTheChild() {
        List<ChildSpec> specs = List.of(ChildSpec.worker("a", Worker::new), ChildSpec.worker("b", Worker::new),
                ChildSpec.worker("a", Worker::new));
        assertThatThrownBy(() -> Supervisor.checkChildSpecs(specs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChildren(specs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        Supervisor.checkChildSpecs(specs.subList(0, 2)); // no error
    }

    /**
     * Issue 18, named supervisors (OTP's {@code {local, Name}}): registered at start, found by name, the name freed
     * when it ends; an unknown name is a clear error.
     */
    @Test
    void aNamedSupervisorIsRegisteredAndFoundByName() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withName("top")
                .withChild(ChildSpec.worker("a", Worker::new)));
        assertThat(runtime.whereis("top")).contains(sup.process());
        Supervisor byName = Supervisor.of(runtime, "top");
        assertThat(byName.process()).isEqualTo(sup.process());
        assertThat(byName.children()).extracting(ChildInfo::id).containsExactly("a");

        assertThatThrownBy(() -> Supervisor.of(runtime, "nope"))
                .isInstanceOf(io.foundation.beam.process.NoSuchProcessException.class).hasMessageContaining("'nope'");
        sup.stop(Duration.ofSeconds(5));
        assertThat(runtime.whereis("top")).isEmpty();
    }

    /** Issue 18, named supervisors: a name held by a live process fails the start, and nothing is started. */
    @Test
    void startingASupervisorUnderATakenNameFailsNamingIt() {
        Supervisor first = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withName("top"));
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        assertThatThrownBy(() -> Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withName("top").withChild(ChildSpec.worker("a", () -> {
                    starts.incrementAndGet();
                    return new Worker();
                }))))
                .isInstanceOf(io.foundation.beam.process.NameAlreadyRegisteredException.class)
                .hasMessageContaining("top");
        assertThat(starts).hasValue(0);
        assertThat(runtime.whereis("top")).contains(first.process());
    }

    /**
     * Issue 18, named supervisors: a child supervisor whose name is taken fails to start like any child, with a
     * ChildStartException naming it and caused by the runtime's NameAlreadyRegisteredException.
     */
    @Test
    void aChildSupervisorWhoseNameIsTakenFailsToStartNamingTheChild() {
        ProcessRef holder = runtime.spawn(new Worker(), SpawnOptions.defaults().withName("taken"));
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        assertThatThrownBy(() -> sup.startChild(ChildSpec.supervisor("inner",
                SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withName("taken"))))
                .isInstanceOfSatisfying(ChildStartException.class, e -> {
                    assertThat(e).hasMessageContaining("inner");
                    assertThat(e.getCause()).isInstanceOf(io.foundation.beam.process.NameAlreadyRegisteredException.class);
                });
        assertThat(sup.children()).isEmpty();
        assertThat(runtime.whereis("taken")).contains(holder);
    }

    /** Issue 18, named supervisors: a child supervisor with a name registers it again when it is restarted. */
    @Test
    void aRestartedNamedChildSupervisorRegistersItsNameAgain() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.supervisor("inner", SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                        .withName("inner-sup").withChild(ChildSpec.worker("w", Worker::new)))));
        ProcessRef inner = pid(sup, "inner");
        assertThat(runtime.whereis("inner-sup")).contains(inner);

        runtime.exit(inner, ExitReason.crashed(new IllegalStateException("inner crashes")));

        await().until(() -> runtime.whereis("inner-sup").filter(p -> !p.equals(inner)).isPresent());
        assertThat(runtime.whereis("inner-sup")).contains(pid(sup, "inner"));
        assertThat(Supervisor.of(runtime, "inner-sup").children()).extracting(ChildInfo::id).containsExactly("w");
    }

    /** A worker that ends normally on "stop" and crashes on "crash". */
    private static ChildSpec stoppable(String id, RestartType restart) {
        return ChildSpec.worker(id, () -> new Worker() {
            @Override
            public Object handle(Object message, ProcessContext context) {
                if (message.equals("stop")) {
                    context.exit(ExitReason.NORMAL);
                }
                return super.handle(message, context);
            }
        }).withRestart(restart);
    }

    /**
     * Issue 18, auto shutdown (OTP 24) ANY_SIGNIFICANT: a significant temporary child that ends by itself shuts the
     * supervisor down with reason shutdown, its other children stopped first.
     */
    @Test
    void anySignificantShutsTheSupervisorDownWhenASignificantChildEndsByItself() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .withChild(ChildSpec.worker("a", Worker::new))
                .withChild(stoppable("s", RestartType.TEMPORARY).withSignificant(true)));
        ProcessRef a = pid(sup, "a");

        pid(sup, "s").send("stop");

        assertThat(sup.whenStopped()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(a.exitReason()).contains(ExitReason.SHUTDOWN);
    }

    /**
     * Issue 18, auto shutdown ALL_SIGNIFICANT: the supervisor shuts down only when the last significant child has
     * ended by itself; a significant transient child that crashes is restarted and triggers nothing.
     */
    @Test
    void allSignificantShutsTheSupervisorDownWhenTheLastSignificantChildHasEnded() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT).withIntensity(10, Duration.ofMinutes(1))
                .withChild(ChildSpec.worker("a", Worker::new))
                .withChild(stoppable("s1", RestartType.TRANSIENT).withSignificant(true))
                .withChild(stoppable("s2", RestartType.TRANSIENT).withSignificant(true)));
        ProcessRef s1 = pid(sup, "s1");
        s1.send("crash");
        await().until(() -> sup.children().stream().anyMatch(c -> c.id().equals("s1")
                && c.status() == ChildStatus.RUNNING && !c.process().orElseThrow().equals(s1)));

        pid(sup, "s1").send("stop");
        await().until(() -> status(sup, "s1") == ChildStatus.TERMINATED);
        assertThat(sup.process().isAlive()).isTrue();

        pid(sup, "s2").send("stop");
        assertThat(sup.whenStopped()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.SHUTDOWN);
    }

    /** Issue 18, auto shutdown: a significant child terminated with terminateChild triggers nothing, as in OTP. */
    @Test
    void terminatingASignificantChildDoesNotShutTheSupervisorDown() {
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .withChild(stoppable("s", RestartType.TRANSIENT).withSignificant(true))
                .withChild(ChildSpec.worker("a", Worker::new)));

        sup.terminateChild("s");

        assertThat(status(sup, "s")).isEqualTo(ChildStatus.TERMINATED);
        assertThat(sup.process().isAlive()).isTrue();
        assertThat(sup.countChildren()).isEqualTo(new ChildCount(2, 1, 0, 2));
    }

    /**
     * Issue 18, OTP's check_childspecs for significant children: a permanent one cannot be made, and one under a
     * supervisor without auto shutdown is refused at start and by startChild, naming the child.
     */
    @Test
    void significantChildrenArePermittedOnlyNonPermanentAndUnderAnAutoShutdown() {
        assertThatThrownBy(() -> ChildSpec.worker("p", Worker::new).withSignificant(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p'");
        ChildSpec significant = stoppable("s", RestartType.TEMPORARY).withSignificant(true);
        assertThatThrownBy(() -> Supervisor.start(runtime,
                SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE).withChild(significant)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s'").hasMessageContaining("NEVER");
        Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        assertThatThrownBy(() -> sup.startChild(significant))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s'")
                .hasMessageContaining(sup.process().toString());
        assertThat(sup.children()).isEmpty();
    }

    /** Answers every call with "ok"; crashes on "crash". */
    private static class Worker implements ProcessHandler {
        @Override
        public Object handle(Object message, ProcessContext context) {
            if (message.equals("crash")) {
                throw new IllegalStateException("crash");
            }
            return "ok";
        }
    }
}
