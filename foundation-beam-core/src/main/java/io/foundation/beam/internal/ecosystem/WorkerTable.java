package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ecosystem's workers by index: the current process in each slot, how many times each index started, and how
 * many slots are in use (the worker count); which workers are live, and which live worker comes next.
 *
 * <h2>Worker count</h2>
 * The tables are allocated once, at a capacity of {@code max(configured count, }{@link Ecosystem#MAX_RESIZE_WORKERS}
 * {@code )}, and never copied; {@link #count()} (volatile) says how many of them are in use. Only indices below it
 * are dispatched to, broadcast to, shown or offered as peers and successors. It is written only by
 * {@link WorkerPoolResize} under the handle's {@code operatorLock}, which also serialises
 * {@link Ecosystem#restartWorker}. Slots at or above it are empty, except while a shrink drains and stops the workers
 * it retires.
 *
 * <p>Once the ecosystem stopped, {@link #release} compacts the tables to the worker count; every access tolerates an
 * index beyond them (a late start or retirement racing with the end is then not recorded).
 *
 * <p>Threading: any thread reads. A slot is written when its worker process starts ({@link #started}: on the
 * worker's thread, or on the supervisor's for a worker without {@code init}) and emptied by a shrink
 * ({@link #retired}, on the operator's thread); with message analytics on, both go through
 * {@link EcosystemAnalytics}, so that a replaced process's figures move to the retired in the same step.
 */
final class WorkerTable {

    private final String ecosystem;
    private final Kernel kernel;
    private final EcosystemAnalytics analytics;
    /** Every current member of the ecosystem (shared with the {@link CoordinatorSlot}); kept current here. */
    private final Set<ProcessRef> members;
    /** Sized at the capacity while the ecosystem runs; compacted to the worker count when it stopped ({@link #release}). */
    private volatile AtomicReferenceArray<ProcessRef> slots;
    private volatile AtomicIntegerArray starts;
    /** Workers in use (indices 0 to count - 1); written under the handle's {@code operatorLock} only. */
    private volatile int count;

    /**
     * @param config the configuration (name, initial worker count)
     * @param kernel the kernel (telemetry)
     * @param analytics the ecosystem's message analytics
     * @param members the ecosystem's member set, which this table keeps current for the workers
     */
    WorkerTable(EcosystemConfig config, Kernel kernel, EcosystemAnalytics analytics, Set<ProcessRef> members) {
        this.ecosystem = config.name();
        this.kernel = kernel;
        this.analytics = analytics;
        this.members = members;
        int n = capacity(config);
        this.slots = new AtomicReferenceArray<>(n);
        this.starts = new AtomicIntegerArray(n);
        this.count = config.workerCount();
    }

    /** @return the size of the worker tables: the most workers the ecosystem can ever have */
    static int capacity(EcosystemConfig config) {
        return Math.max(config.workerCount(), Ecosystem.MAX_RESIZE_WORKERS);
    }

    /** @return the size of the tables (every slot, used or not) */
    int capacity() {
        return slots.length();
    }

    /** @return the workers in use: indices 0 to this - 1 */
    int count() {
        return count;
    }

    /** Sets the workers in use; by {@link WorkerPoolResize}, holding the handle's {@code operatorLock}. */
    void count(int count) {
        this.count = count;
    }

    /** @return the current process at {@code index} (alive or not), or null if the slot is empty */
    ProcessRef get(int index) {
        AtomicReferenceArray<ProcessRef> s = slots;
        return index < s.length() ? s.get(index) : null;
    }

    /** @return whether the slot at {@code index} holds a live process */
    boolean isLive(int index) {
        ProcessRef p = get(index);
        return p != null && p.isAlive();
    }

    /** The next live worker after {@code index} around the ring of workers in use, or -1 if none is alive. */
    int successorOf(int index) {
        int n = count;
        for (int step = 1; step <= n; step++) {
            int j = (index + step) % n;
            if (isLive(j)) {
                return j;
            }
        }
        return -1;
    }

    /** @return the processes of the workers in use, by index (a new, mutable list; empty slots as null) */
    List<ProcessRef> inUse() {
        int n = count;
        List<ProcessRef> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(get(i));
        }
        return list;
    }

    /** @return the restarts of the worker at {@code index}: its starts but the first */
    int restarts(int index) {
        AtomicIntegerArray st = starts;
        return index < st.length() ? Math.max(0, st.get(index) - 1) : 0;
    }

    /** The worker process at {@code index} started: it takes the slot from the process it replaces. */
    void started(int index, ProcessRef pid) {
        ProcessRef old = analytics.replaceWorker(this, index, pid);
        if (old != null) {
            members.remove(old);
        }
        members.add(pid);
        AtomicIntegerArray st = starts;
        int n = index < st.length() ? st.incrementAndGet(index) : 1;
        if (n > 1 && kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.WorkerRestarted(pid, ecosystem, index, n - 1));
        }
    }

    /**
     * The ecosystem stopped: keeps only the slots in use (what {@code info()} still shows: the last process and the
     * restarts of each worker), dropping tables sized for the most workers the ecosystem could have had. A worker
     * starting after this (a start racing with the end) is no longer recorded.
     */
    void release() {
        int n = count;
        AtomicReferenceArray<ProcessRef> s = slots;
        AtomicIntegerArray st = starts;
        if (s.length() == n) {
            return;
        }
        AtomicReferenceArray<ProcessRef> keptSlots = new AtomicReferenceArray<>(n);
        AtomicIntegerArray keptStarts = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) {
            keptSlots.set(i, s.get(i));
            keptStarts.set(i, st.get(i));
        }
        slots = keptSlots;
        starts = keptStarts;
    }

    /** A shrink stopped the worker at {@code index}: empty its slot and forget its restarts. */
    void retired(int index) {
        ProcessRef old = analytics.replaceWorker(this, index, null);
        if (old != null) {
            members.remove(old);
        }
        AtomicIntegerArray st = starts;
        if (index < st.length()) {
            st.set(index, 0);
        }
    }

    /**
     * Puts {@code pid} (or null) in the slot; only through {@link EcosystemAnalytics#replaceWorker}.
     *
     * @return the process it replaces, or null
     */
    ProcessRef swap(int index, ProcessRef pid) {
        AtomicReferenceArray<ProcessRef> s = slots;
        return index < s.length() ? s.getAndSet(index, pid) : null; // beyond it: the ecosystem stopped (release)
    }
}
