package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ecosystem's message analytics ({@code Ecosystem.messageStats()}), cumulative over restarts and resizes.
 *
 * <p>With {@link EcosystemConfig#messageAnalytics()} on, every member keeps its own analytics. When a member is
 * replaced (restart) or retired (shrink), its final figures are added to {@code retiredCoordinator} or
 * {@code retiredWorkers}, in the same step (under {@code lock}) that swaps it out of its slot, and {@link #snapshot}
 * reads the slots and those sums under that lock: a process is counted either in its slot or among the retired, never
 * in both or neither. With analytics off, a swap is a plain swap and there is nothing to read.
 *
 * <p>Threading: any thread; the retired sums are guarded by {@code lock}.
 */
final class EcosystemAnalytics {

    private final BeamRuntime runtime;
    private final boolean enabled;
    private final ReentrantLock lock = new ReentrantLock();
    /** Analytics of coordinator processes that were replaced; guarded by {@code lock}. */
    private MessageStats retiredCoordinator = MessageStats.empty();
    /** Analytics of worker processes that were replaced or retired; guarded by {@code lock}. */
    private MessageStats retiredWorkers = MessageStats.empty();

    /**
     * @param runtime the runtime (the members' figures)
     * @param enabled whether the ecosystem keeps message analytics
     */
    EcosystemAnalytics(BeamRuntime runtime, boolean enabled) {
        this.runtime = runtime;
        this.enabled = enabled;
    }

    /**
     * Puts {@code pid} (or null) in a worker slot; with analytics, moves the old process's figures to the retired.
     *
     * @return the process it replaced, or null
     */
    ProcessRef replaceWorker(WorkerTable workers, int index, ProcessRef pid) {
        if (!enabled) {
            return workers.swap(index, pid);
        }
        lock.lock();
        try {
            ProcessRef old = workers.swap(index, pid);
            retiredWorkers = retire(retiredWorkers, old);
            return old;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts {@code pid} in the coordinator slot; with analytics, moves the old process's figures to the retired.
     *
     * @return the process it replaced, or null
     */
    ProcessRef replaceCoordinator(CoordinatorSlot coordinator, ProcessRef pid) {
        if (!enabled) {
            return coordinator.swap(pid);
        }
        lock.lock();
        try {
            ProcessRef old = coordinator.swap(pid);
            retiredCoordinator = retire(retiredCoordinator, old);
            return old;
        } finally {
            lock.unlock();
        }
    }

    private MessageStats retire(MessageStats retired, ProcessRef old) {
        return old == null ? retired : runtime.messageStats(old).map(retired::plus).orElse(retired);
    }

    /**
     * @return the ecosystem's analytics now, or empty if it keeps none
     */
    Optional<EcosystemMessageStats> snapshot(CoordinatorSlot coordinator, WorkerTable workers) {
        if (!enabled) {
            return Optional.empty();
        }
        lock.lock();
        try {
            MessageStats coord = stats(coordinator.current());
            int n = workers.count();
            List<MessageStats> current = new ArrayList<>(n);
            MessageStats all = retiredWorkers;
            for (int i = 0; i < workers.capacity(); i++) {
                ProcessRef pid = workers.get(i);
                if (pid == null && i >= n) {
                    continue; // an unused slot of the table (it holds up to MAX_RESIZE_WORKERS)
                }
                MessageStats w = stats(pid);
                all = all.plus(w);
                if (i < n) {
                    current.add(w);
                }
            }
            return Optional.of(new EcosystemMessageStats(retiredCoordinator.plus(coord), all, current));
        } finally {
            lock.unlock();
        }
    }

    private MessageStats stats(ProcessRef pid) {
        return pid == null ? MessageStats.empty() : runtime.messageStats(pid).orElseGet(MessageStats::empty);
    }
}
