package io.foundation.beam.internal.process;

import io.foundation.beam.Ticker;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's periodic task ({@link #run}, every {@code housekeepingInterval} on the runtime's timer): idle
 * hibernation and orphan detection.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><em>Idle hibernation.</em> The handler processes spawned with {@code hibernateAfter} are tracked from spawn
 *       to death; each run asks those idle for longer than their {@code hibernateAfter} to hibernate
 *       ({@link ProcessCell#maybeHibernate}).</li>
 *   <li><em>Orphan detection.</em> A process killed while its thread runs its code cannot be stopped: it is
 *       interrupted, and its thread may ignore that. The killed-while-running table records when each such kill
 *       happened; an entry goes when the process's thread has returned. A process whose thread still runs the
 *       orphan grace period after the kill is marked {@code orphaned} (its {@code ProcessInfo} says so, snapshots
 *       list it, telemetry hears {@code ProcessOrphaned} once); shutdown marks the remaining ones at its end
 *       ({@link #orphanAll}).</li>
 * </ul>
 *
 * <p>Threading contract: {@link #run} runs on the timer's one thread; the other methods are called from any thread
 * (spawn, the thread that kills or ends a process, the process's own thread as its activation ends, shutdown,
 * snapshots, an ecosystem's shutdown waiting for the members it killed), so both tables are concurrent. Marking a
 * process orphaned (with its one {@code ProcessOrphaned} event) is done under {@code orphanLock}, by the timer's run
 * or by {@link #awaitKilledThreads}, whichever comes first. A run never throws: a failure is logged and the next run
 * happens.
 */
final class Housekeeping {

    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

    private final String runtimeName;
    private final Ticker ticker;
    private final Telemetry telemetry;
    private final long orphanGraceNanos;
    private final Set<ProcessCell> hibernatable = ConcurrentHashMap.newKeySet();
    /** Processes killed while their thread ran, to the ticker's time of the kill. */
    private final ConcurrentHashMap<ProcessCell, Long> killedRunning = new ConcurrentHashMap<>();
    /** Makes marking a process orphaned, and its event, happen once. Guards the check and set of {@code orphaned}. */
    private final ReentrantLock orphanLock = new ReentrantLock();

    Housekeeping(String runtimeName, Ticker ticker, Telemetry telemetry, long orphanGraceNanos) {
        this.runtimeName = runtimeName;
        this.ticker = ticker;
        this.telemetry = telemetry;
        this.orphanGraceNanos = orphanGraceNanos;
    }

    // ------------------------------------------------------------------ idle hibernation

    /** Spawn: tracks a new process with a {@code hibernateAfter}, idle from now. */
    void trackIdle(ProcessCell cell) {
        cell.touch(ticker.read());
        hibernatable.add(cell);
    }

    /** The process ended (on the thread that ended it). */
    void onDeath(ProcessCell cell) {
        if (cell.hibernatesWhenIdle()) {
            hibernatable.remove(cell);
        }
    }

    // ------------------------------------------------------------------ orphans

    /** {@code cell} was killed while its thread ran (on the killing thread). */
    void killedWhileRunning(ProcessCell cell) {
        killedRunning.put(cell, ticker.read());
    }

    /** The activation of a killed process ended (on its thread, as it ends). */
    void activationEndedAfterKill(ProcessCell cell) {
        if (cell.thread() == null) {
            killedRunning.remove(cell);
        }
    }

    /** @return how many processes are orphaned and still hold their thread */
    int orphanCount() {
        int n = 0;
        for (ProcessCell cell : killedRunning.keySet()) {
            if (cell.orphaned && cell.thread() != null) {
                n++;
            }
        }
        return n;
    }

    /** @return the processes orphaned that still hold their thread (a snapshot lists them with the live ones) */
    List<ProcessCell> orphans() {
        List<ProcessCell> orphans = new ArrayList<>();
        for (ProcessCell cell : killedRunning.keySet()) {
            if (cell.orphaned && cell.thread() != null) {
                orphans.add(cell);
            }
        }
        return orphans;
    }

    /**
     * Shutdown, after its grace period for killed threads: marks every killed process whose thread still runs as
     * orphaned, without waiting for the orphan grace period of each, and without telemetry.
     *
     * @return how many there were
     */
    int orphanAll() {
        int orphaned = 0;
        for (ProcessCell cell : killedRunning.keySet()) {
            if (cell.thread() != null) {
                cell.orphaned = true;
                orphaned++;
            }
        }
        return orphaned;
    }

    /**
     * Waits up to the orphan grace period from now until the threads of {@code killed} have returned from their code,
     * then marks those still running orphaned at once (see {@code Kernel.awaitKilledThreads}). Any thread but theirs.
     *
     * @param killed processes that were killed
     * @return how many are orphaned
     */
    int awaitKilledThreads(List<ProcessCell> killed) {
        long start = System.nanoTime();
        long backoff = 10_000L;
        while (anyRuns(killed) && System.nanoTime() - start < orphanGraceNanos
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, 5_000_000L);
        }
        int orphaned = 0;
        for (ProcessCell cell : killed) {
            if (cell.thread() != null && killedRunning.containsKey(cell)) {
                markOrphaned(cell);
                orphaned++;
            }
        }
        return orphaned;
    }

    private static boolean anyRuns(List<ProcessCell> cells) {
        for (ProcessCell cell : cells) {
            if (cell.thread() != null) {
                return true;
            }
        }
        return false;
    }

    /** Marks a killed process whose thread runs on as orphaned, and tells telemetry, once. */
    private void markOrphaned(ProcessCell cell) {
        orphanLock.lock();
        try {
            if (cell.orphaned) {
                return;
            }
            cell.orphaned = true;
        } finally {
            orphanLock.unlock();
        }
        if (telemetry.enabled()) {
            telemetry.emit(new BeamEvent.ProcessOrphaned(cell));
        }
    }

    // ------------------------------------------------------------------ the periodic task

    /** One housekeeping round; on the timer's thread. */
    void run() {
        try {
            long now = ticker.read();
            for (ProcessCell cell : hibernatable) {
                cell.maybeHibernate(now);
            }
            for (Map.Entry<ProcessCell, Long> e : killedRunning.entrySet()) {
                ProcessCell cell = e.getKey();
                if (cell.thread() == null) {
                    killedRunning.remove(cell);
                } else if (!cell.orphaned && now - e.getValue() >= orphanGraceNanos) {
                    markOrphaned(cell);
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "housekeeping of runtime '" + runtimeName + "' failed", t);
        }
    }
}
