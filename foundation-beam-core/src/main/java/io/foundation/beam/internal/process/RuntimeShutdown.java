package io.foundation.beam.internal.process;

import io.foundation.beam.ShutdownReport;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.RuntimeClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A runtime's lifecycle and its shutdown procedure.
 *
 * <h2>Lifecycle</h2>
 * {@link Lifecycle#OPEN} → {@link Lifecycle#CLOSING} → {@link Lifecycle#CLOSED}, held in an atomic reference. Only
 * the thread that moves it from OPEN to CLOSING runs the shutdown; any other caller of {@link #shutdown} waits until
 * it is CLOSED and gets an empty report. CLOSED is set however the procedure ends, so no caller waits forever.
 *
 * <h2>Invariant shared with spawn</h2>
 * Spawn ({@code ProcessKernel.prepare}) checks that the runtime is OPEN before and after adding the process to the
 * process table, and this procedure reads the table only after moving to CLOSING: so a process is either refused
 * ({@link RuntimeClosedException}) or seen by the shutdown.
 *
 * <h2>Procedure</h2>
 * <ol>
 *   <li>Send every process the exit signal {@link ExitReason#SHUTDOWN} from the runtime ({@link SystemRef}).</li>
 *   <li>Wait, up to the grace period, until the process table is empty.</li>
 *   <li>Kill the processes left.</li>
 *   <li>Give the killed threads the orphan grace period to return; mark those that did not as orphaned
 *       ({@link Housekeeping#orphanAll}).</li>
 *   <li>Stop the runtime's timer (housekeeping, call timeouts, scheduled tasks).</li>
 *   <li>Report how many processes ended in time, how many were killed and how many were orphaned.</li>
 * </ol>
 * A process that shuts its own runtime down is left out of the wait and the kill (it cannot handle its signal while
 * it waits here) and gets its shutdown signal at the end.
 *
 * <p>Threading contract: any thread, including a process of the runtime. The waits poll with a backoff of up to
 * 5 ms and stop early if the waiting thread is interrupted.
 */
final class RuntimeShutdown {

    /** The runtime's lifecycle; legal transitions are OPEN→CLOSING→CLOSED. */
    enum Lifecycle {
        OPEN, CLOSING, CLOSED
    }

    private static final System.Logger LOG = System.getLogger(RuntimeShutdown.class.getName());

    private final String runtimeName;
    private final ProcessTable processes;
    private final LongAdder activeThreads;
    private final SystemRef systemRef;
    private final Housekeeping housekeeping;
    private final ExecutorService timer;
    private final Duration shutdownTimeout;
    private final long orphanGraceNanos;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.OPEN);

    /**
     * @param processes the process table (live processes)
     * @param activeThreads the processes' threads running now
     * @param systemRef the sender of the shutdown signals
     * @param housekeeping for the killed processes whose threads still run
     * @param timer the runtime's timer, stopped at the end
     * @param shutdownTimeout the grace period of {@link #close()}
     * @param orphanGraceNanos how long killed threads get to return
     */
    RuntimeShutdown(String runtimeName, ProcessTable processes, LongAdder activeThreads, SystemRef systemRef,
            Housekeeping housekeeping, ExecutorService timer, Duration shutdownTimeout, long orphanGraceNanos) {
        this.runtimeName = runtimeName;
        this.processes = processes;
        this.activeThreads = activeThreads;
        this.systemRef = systemRef;
        this.housekeeping = housekeeping;
        this.timer = timer;
        this.shutdownTimeout = shutdownTimeout;
        this.orphanGraceNanos = orphanGraceNanos;
    }

    // ------------------------------------------------------------------ lifecycle

    Lifecycle lifecycle() {
        return lifecycle.get();
    }

    boolean isOpen() {
        return lifecycle.get() == Lifecycle.OPEN;
    }

    /** @throws RuntimeClosedException unless the runtime is open */
    void checkOpen() {
        Lifecycle l = lifecycle.get();
        if (l != Lifecycle.OPEN) {
            throw refused(l);
        }
    }

    /** @return the exception that refuses a spawn now that the runtime is no longer open */
    RuntimeClosedException refused() {
        return refused(lifecycle.get());
    }

    private RuntimeClosedException refused(Lifecycle l) {
        return new RuntimeClosedException(runtimeName, l.name().toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ shutdown

    ShutdownReport close() {
        return shutdown(shutdownTimeout);
    }

    ShutdownReport shutdown(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, got " + gracePeriod);
        }
        if (!lifecycle.compareAndSet(Lifecycle.OPEN, Lifecycle.CLOSING)) {
            awaitClosed();
            return new ShutdownReport(0, 0, housekeeping.orphanCount(), Duration.ZERO);
        }
        try {
            return shutdownNow(gracePeriod);
        } finally {
            lifecycle.set(Lifecycle.CLOSED); // whatever happened, later close() calls must not wait forever
        }
    }

    private ShutdownReport shutdownNow(Duration gracePeriod) {
        long start = System.nanoTime();
        // A process that shuts its own runtime down cannot handle its shutdown signal while it waits here: leave it
        // out of the wait and the kill; it gets its signal when the others are done.
        ProcessCell caller = null;
        List<ProcessCell> all = new ArrayList<>();
        for (ProcessCell cell : processes.snapshot()) {
            if (cell.isOwnedByCurrentThread()) {
                caller = cell;
            } else {
                all.add(cell);
            }
        }
        ProcessCell self = caller;
        int total = all.size();
        for (ProcessCell cell : all) {
            cell.deliverSignal(new SystemSignal.ExitSignal(systemRef, ExitReason.SHUTDOWN, false));
        }
        long deadline = start + Durations.saturatedNanos(gracePeriod);
        waitUntil(() -> processes.isEmpty() || (self != null && processes.size() == 1 && processes.contains(self)),
                deadline);
        List<ProcessCell> remaining = processes.snapshot();
        remaining.remove(self);
        for (ProcessCell cell : remaining) {
            cell.kill();
        }
        // Give killed threads the orphan grace period to return from their interrupted code.
        int own = self != null ? 1 : 0;
        waitUntil(() -> activeThreads.sum() <= own, System.nanoTime() + orphanGraceNanos);
        int orphaned = housekeeping.orphanAll();
        if (self != null) {
            self.deliverSignal(new SystemSignal.ExitSignal(systemRef, ExitReason.SHUTDOWN, false));
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ShutdownReport report = new ShutdownReport(total - remaining.size(), remaining.size(), orphaned,
                Duration.ofNanos(System.nanoTime() - start));
        lifecycle.set(Lifecycle.CLOSED);
        if (orphaned > 0) {
            LOG.log(System.Logger.Level.WARNING, "runtime '" + runtimeName + "' closed with " + orphaned
                    + " orphaned process thread(s) that ignored interruption");
        }
        return report;
    }

    private void awaitClosed() {
        waitUntil(() -> lifecycle.get() == Lifecycle.CLOSED, Long.MAX_VALUE);
    }

    /** Polls {@code condition} with a backoff until it holds, the deadline passes or the thread is interrupted. */
    private static void waitUntil(BooleanSupplier condition, long deadlineNanos) {
        long backoff = 10_000L;
        while (!condition.getAsBoolean()) {
            long now = System.nanoTime();
            if (deadlineNanos != Long.MAX_VALUE && now - deadlineNanos >= 0) {
                return;
            }
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, 5_000_000L);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
