package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.telemetry.BeamEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * Looks at a running ecosystem: the live view of its members ({@code Ecosystem.info()}), the health derived from it
 * ({@code Ecosystem.health()}), and the memory-pressure check that runs every second while the ecosystem runs and
 * reports each change of pressure ({@code MemoryPressureChanged}). Memory pressure is the JVM heap's used/max: below
 * 70 % low, below 85 % medium, else high.
 *
 * <p>Threading: {@link #info} and {@link #health} may be called from any thread, and read the members as they are at
 * that moment. The memory check runs on the runtime's timer; {@link #cancelMemoryCheck} may run on any thread.
 */
final class EcosystemHealthProbe {

    private final BeamRuntime runtime;
    private final Kernel kernel;
    private final EcosystemConfig config;
    private final EcosystemLifecycle lifecycle;
    private final CoordinatorSlot coordinator;
    private final WorkerTable workers;
    private final WorkLedger ledger;
    private volatile EcosystemHealth.MemoryPressure lastPressure;
    /**
     * The pending memory-pressure check, cancelled when the ecosystem stops: a check left in the timer's queue would
     * keep this ecosystem, and through it every member process, reachable for up to a second after the shutdown.
     */
    private volatile ScheduledFuture<?> memoryCheck;

    EcosystemHealthProbe(BeamRuntime runtime, Kernel kernel, EcosystemConfig config, EcosystemLifecycle lifecycle,
            CoordinatorSlot coordinator, WorkerTable workers, WorkLedger ledger) {
        this.runtime = runtime;
        this.kernel = kernel;
        this.config = config;
        this.lifecycle = lifecycle;
        this.coordinator = coordinator;
        this.workers = workers;
        this.ledger = ledger;
    }

    // ------------------------------------------------------------------ info and health

    private MemberInfo member(String role, int index, ProcessRef pid, int restarts) {
        if (pid == null) {
            return new MemberInfo(role, index, null, ProcessStatus.DEAD, 0, 0, restarts, 0);
        }
        Optional<ProcessInfo> info = runtime.info(pid);
        if (info.isEmpty() || !pid.isAlive()) {
            return new MemberInfo(role, index, pid, ProcessStatus.DEAD, 0,
                    info.map(ProcessInfo::messagesProcessed).orElse(0L), restarts, 0);
        }
        ProcessInfo pi = info.get();
        return new MemberInfo(role, index, pid, pi.status(), pi.mailboxLength(), pi.messagesProcessed(), restarts,
                pi.memoryBytes());
    }

    /**
     * @param supervisor the ecosystem's supervisor process
     * @return the current coordinator and workers (never the processes they replaced), with totals
     */
    EcosystemInfo info(ProcessRef supervisor) {
        MemberInfo sup = member("supervisor", -1, supervisor, 0);
        MemberInfo coord = member("coordinator", -1, coordinator.current(), coordinator.restarts());
        int n = workers.count();
        List<MemberInfo> ws = new ArrayList<>(n);
        int live = coord.alive() ? 1 : 0;
        long memory = coord.memoryBytes();
        long backlog = coord.mailboxLength();
        for (int i = 0; i < n; i++) {
            MemberInfo w = member("worker", i, workers.get(i), workers.restarts(i));
            ws.add(w);
            if (w.alive()) {
                live++;
            }
            memory += w.memoryBytes();
            backlog += w.mailboxLength();
        }
        return new EcosystemInfo(config.name(), config.topology(), config.faultTolerance(), sup, coord,
                List.copyOf(ws), live, memory, backlog, ledger.size(),
                lifecycle.running() && supervisor.isAlive());
    }

    /**
     * CRITICAL when the supervisor gave up, the coordinator is dead for good or no worker is alive; DEGRADED when
     * workers are dead or restarting, the coordinator is restarting, the backlog exceeds the threshold or heap
     * pressure is high; else HEALTHY.
     *
     * @param supervisor the ecosystem's supervisor process
     * @return the health now
     */
    EcosystemHealth health(ProcessRef supervisor) {
        boolean selfHealing = config.faultTolerance() == FaultTolerance.SELF_HEALING;
        EcosystemInfo info = info(supervisor);
        List<String> critical = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        boolean supAlive = info.supervisor().alive() && lifecycle.running();
        EcosystemHealth.CoordinatorState coordState = info.coordinator().alive()
                ? EcosystemHealth.CoordinatorState.ALIVE
                : supAlive && selfHealing ? EcosystemHealth.CoordinatorState.RESTARTING
                        : EcosystemHealth.CoordinatorState.DEAD;
        int alive = (int) info.workers().stream().filter(MemberInfo::alive).count();
        int dead = info.workers().size() - alive;
        if (!supAlive) {
            critical.add(lifecycle.gaveUp() || lifecycle.running()
                    ? "supervisor gave up (restart intensity exceeded)"
                    : "ecosystem is " + lifecycle.describe());
        }
        if (coordState == EcosystemHealth.CoordinatorState.DEAD && supAlive) {
            critical.add("coordinator is dead and will not be restarted (fault tolerance STANDARD)");
        }
        if (alive == 0 && supAlive) {
            critical.add("no worker is alive");
        }
        if (coordState == EcosystemHealth.CoordinatorState.RESTARTING) {
            degraded.add("coordinator is restarting");
        }
        if (dead > 0 && alive > 0) {
            degraded.add(dead + " of " + info.workers().size() + " workers are " + (selfHealing ? "restarting"
                    : "dead"));
        }
        long backlog = info.totalBacklog() + ledger.waiting();
        if (backlog > config.backlogThreshold()) {
            degraded.add("backlog " + backlog + " is above the threshold " + config.backlogThreshold());
        }
        double ratio = heapUsedRatio();
        EcosystemHealth.MemoryPressure pressure = pressure(ratio);
        if (pressure == EcosystemHealth.MemoryPressure.HIGH) {
            degraded.add("heap is " + Math.round(ratio * 100) + "% used");
        }
        EcosystemHealth.Status status = !critical.isEmpty() ? EcosystemHealth.Status.CRITICAL
                : !degraded.isEmpty() ? EcosystemHealth.Status.DEGRADED : EcosystemHealth.Status.HEALTHY;
        List<String> reasons = new ArrayList<>(critical);
        reasons.addAll(degraded);
        return new EcosystemHealth(status, coordState, alive, dead, info.workers().size(), pressure, ratio, backlog,
                List.copyOf(reasons));
    }

    // ------------------------------------------------------------------ memory pressure

    static double heapUsedRatio() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return max <= 0 ? 0.0 : Math.min(1.0, (double) heap.getUsed() / max);
    }

    static EcosystemHealth.MemoryPressure pressure(double ratio) {
        return ratio < 0.70 ? EcosystemHealth.MemoryPressure.LOW
                : ratio < 0.85 ? EcosystemHealth.MemoryPressure.MEDIUM : EcosystemHealth.MemoryPressure.HIGH;
    }

    /**
     * Schedules the next memory-pressure check, one second from now, while the ecosystem runs.
     *
     * @param supervisor the ecosystem's supervisor process, which the reports name
     */
    void scheduleMemoryCheck(ProcessRef supervisor) {
        if (!lifecycle.running() || runtime.isClosed()) {
            return;
        }
        try {
            memoryCheck = kernel.schedule(() -> {
                double ratio = heapUsedRatio();
                EcosystemHealth.MemoryPressure p = pressure(ratio);
                if (p != lastPressure) {
                    lastPressure = p;
                    if (kernel.telemetry().enabled()) {
                        kernel.telemetry().emit(new BeamEvent.MemoryPressureChanged(supervisor, config.name(),
                                p.name().toLowerCase(Locale.ROOT), ratio));
                    }
                }
                scheduleMemoryCheck(supervisor);
            }, Duration.ofSeconds(1));
        } catch (RejectedExecutionException closing) {
            return; // the runtime is closing: no more checks
        }
        // The end of the ecosystem sets STOPPED and then cancels memoryCheck; this writes memoryCheck and then reads
        // the state, so one of the two sees the other and no check outlives the ecosystem in the timer's queue.
        if (lifecycle.state() == EcosystemLifecycle.State.STOPPED) {
            cancelMemoryCheck();
        }
    }

    /** Cancels the pending memory-pressure check (the ecosystem stopped). */
    void cancelMemoryCheck() {
        ScheduledFuture<?> check = memoryCheck;
        if (check != null) {
            check.cancel(false);
        }
    }
}
