package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.RestartIntensity;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The terminate hooks of workers and coordinators, and restarting one worker on request. */
class EcosystemOperationsTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    /** "index:reason" for every worker terminate hook, "coordinator:reason" for the coordinator's. */
    private final List<String> terminated = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("ops").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** Echoes its index; crashes on "crash"; records its terminate hook. */
    private Worker recordingWorker() {
        return new Worker() {
            @Override
            public Object handle(Object message, WorkerContext context) {
                if ("crash".equals(message)) {
                    throw new IllegalStateException("crash on request");
                }
                return context.index();
            }

            @Override
            public void terminate(ExitReason reason, WorkerContext context) {
                terminated.add(context.index() + ":" + kind(reason));
            }
        };
    }

    private static String kind(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Normal n -> "normal";
            case ExitReason.Shutdown s -> "shutdown";
            case ExitReason.Killed k -> "killed";
            case ExitReason.Crashed c -> "crashed";
            case ExitReason.Custom c -> "custom";
            case ExitReason.NoProc n -> "noproc";
            case ExitReason.NoConnection n -> "noconnection";
        };
    }

    private Ecosystem spawn(String name, int workers, FaultTolerance faultTolerance) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder(name)
                .workers(workers, this::recordingWorker)
                .coordinator(() -> new Coordinator() {
                    @Override
                    public void terminate(ExitReason reason, CoordinatorContext context) {
                        terminated.add("coordinator:" + kind(reason));
                    }
                })
                .faultTolerance(faultTolerance)
                .build());
    }

    @Test
    void shutdownRunsTheTerminateHookOfEveryWorkerAndTheCoordinator() {
        Ecosystem eco = spawn("stop", 3, FaultTolerance.SELF_HEALING);
        eco.shutdown(Duration.ofSeconds(5));
        assertThat(terminated).containsExactlyInAnyOrder("0:shutdown", "1:shutdown", "2:shutdown",
                "coordinator:shutdown");
    }

    @Test
    void aCrashRunsTheTerminateHookWithTheCrash() {
        Ecosystem eco = spawn("crash", 1, FaultTolerance.SELF_HEALING);
        ProcessRef before = eco.workers().getFirst();
        assertThat(eco.submit("crash")).failsWithin(Duration.ofSeconds(5));
        assertThat(terminated).contains("0:crashed");
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.workers().getFirst() != before);
    }

    @Test
    void aKilledWorkerRunsNoTerminateHook() {
        Ecosystem eco = spawn("kill", 1, FaultTolerance.SELF_HEALING);
        ProcessRef before = eco.workers().getFirst();
        runtime.kill(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.info().workers().getFirst().restarts() == 1);
        assertThat(terminated).isEmpty();
    }

    @Test
    void aThrowingTerminateHookIsReportedAndTheWorkerStillStops() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("throwing")
                .workers(1, () -> new Worker() {
                    @Override
                    public Object handle(Object message, WorkerContext context) {
                        return message;
                    }

                    @Override
                    public void terminate(ExitReason reason, WorkerContext context) {
                        throw new IllegalStateException("cleanup failed");
                    }
                }).build());
        ProcessRef worker = eco.workers().getFirst();
        eco.shutdown(Duration.ofSeconds(5));
        assertThat(worker.isAlive()).isFalse();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BeamEvent.HandlerFailed.class,
                f -> {
                    assertThat(f.process()).isEqualTo(worker);
                    assertThat(f.phase()).isEqualTo("terminate");
                }));
    }

    @Test
    void restartWorkerReplacesOneWorkerWithoutTouchingTheOthers() {
        Ecosystem eco = spawn("restart", 3, FaultTolerance.SELF_HEALING);
        List<ProcessRef> before = eco.workers();
        ProcessRef replacement = eco.restartWorker(1);

        assertThat(replacement).isNotEqualTo(before.get(1));
        assertThat(before.get(1).isAlive()).isFalse();
        assertThat(eco.workers()).containsExactly(before.get(0), replacement, before.get(2));
        assertThat(terminated).containsExactly("1:shutdown");
        EcosystemInfo info = eco.info();
        assertThat(info.workers()).extracting(MemberInfo::restarts).containsExactly(0, 1, 0);
        assertThat(info.totalProcesses()).isEqualTo(4);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BeamEvent.WorkerRestarted.class,
                r -> assertThat(r.index()).isEqualTo(1)));
        assertThat(eco.health().status()).isEqualTo(EcosystemHealth.Status.HEALTHY);
        assertThat(eco.submit(1, "work").join()).isIn(0, 1, 2);
    }

    @Test
    void restartWorkerDoesNotCountAgainstTheRestartIntensity() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("intensity")
                .workers(1, this::recordingWorker)
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .restartIntensity(new RestartIntensity(1, Duration.ofMinutes(1)))
                .build());
        for (int i = 0; i < 3; i++) {
            eco.restartWorker(0);
        }
        assertThat(eco.isRunning()).isTrue();
        assertThat(eco.info().workers().getFirst().restarts()).isEqualTo(3);
    }

    @Test
    void restartWorkerBringsBackADeadWorkerOfAStandardEcosystem() {
        Ecosystem eco = spawn("standard", 2, FaultTolerance.STANDARD);
        ProcessRef dead = eco.workers().get(0);
        runtime.kill(dead);
        await().atMost(Duration.ofSeconds(5)).until(() -> eco.health().workersDead() == 1);

        ProcessRef replacement = eco.restartWorker(0);

        assertThat(replacement.isAlive()).isTrue();
        assertThat(eco.health().status()).isEqualTo(EcosystemHealth.Status.HEALTHY);
        assertThat(eco.submit(0, "after").join()).isIn(0, 1);
        // A live STANDARD worker can be restarted too.
        ProcessRef other = eco.workers().get(1);
        assertThat(eco.restartWorker(1)).isNotEqualTo(other);
        assertThat(other.isAlive()).isFalse();
        assertThat(eco.info().totalProcesses()).isEqualTo(3);
    }

    @Test
    void workHeldByARestartedWorkerIsRedistributed() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("held")
                .workers(1, () -> (message, context) -> {
                    if ("block".equals(message) && started.getCount() > 0) {
                        started.countDown();
                        never.await(); // interrupted by the shutdown signal of the restart
                    }
                    return "done " + message;
                })
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .build());
        var future = eco.submit("block");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        eco.restartWorker(0);
        assertThat(future).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("done block");
    }

    @Test
    void restartWorkerRejectsABadIndexAndAStoppedEcosystem() {
        Ecosystem eco = spawn("bad", 2, FaultTolerance.SELF_HEALING);
        assertThatThrownBy(() -> eco.restartWorker(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> eco.restartWorker(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        eco.shutdown(Duration.ofSeconds(5));
        assertThatThrownBy(() -> eco.restartWorker(0)).isInstanceOf(EcosystemStoppedException.class)
                .hasMessageContaining("'bad'");
    }
}
