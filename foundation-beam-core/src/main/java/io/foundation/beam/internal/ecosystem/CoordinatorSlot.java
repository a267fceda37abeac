package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ecosystem's coordinator role, which outlives each coordinator process: the current process, how many times one
 * started, and the state a {@code Coordinator} checkpointed for its successor.
 *
 * <p>Threading: any thread reads. Each coordinator process writes it from its own thread: {@link #started} in its
 * {@code init}, {@link #checkpoint(Object)} from the application's code. With message analytics on, the process is
 * swapped through {@link EcosystemAnalytics}, so that the replaced process's figures move to the retired in the same
 * step.
 */
final class CoordinatorSlot {

    private final String ecosystem;
    private final Kernel kernel;
    private final EcosystemAnalytics analytics;
    /** Every current member of the ecosystem (shared with the {@link WorkerTable}); kept current here. */
    private final Set<ProcessRef> members;
    private volatile ProcessRef current;
    private final AtomicInteger starts = new AtomicInteger();
    private volatile Object checkpoint;

    /**
     * @param config the configuration (name)
     * @param kernel the kernel (telemetry)
     * @param analytics the ecosystem's message analytics
     * @param members the ecosystem's member set, which this slot keeps current for the coordinator
     */
    CoordinatorSlot(EcosystemConfig config, Kernel kernel, EcosystemAnalytics analytics, Set<ProcessRef> members) {
        this.ecosystem = config.name();
        this.kernel = kernel;
        this.analytics = analytics;
        this.members = members;
    }

    /** @return the current coordinator process (alive or not), or null before the first one started */
    ProcessRef current() {
        return current;
    }

    /** @return how many coordinator processes started */
    int starts() {
        return starts.get();
    }

    /** @return the coordinator's restarts: its starts but the first */
    int restarts() {
        return Math.max(0, starts.get() - 1);
    }

    /** A coordinator process started: it takes the slot from the process it replaces. */
    void started(ProcessRef pid) {
        ProcessRef old = analytics.replaceCoordinator(this, pid);
        if (old != null) {
            members.remove(old);
        }
        members.add(pid);
        int n = starts.incrementAndGet();
        if (n > 1 && kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.CoordinatorRestarted(pid, ecosystem, n - 1));
        }
    }

    /**
     * Puts {@code pid} in the slot; only through {@link EcosystemAnalytics#replaceCoordinator}.
     *
     * @return the process it replaces, or null
     */
    ProcessRef swap(ProcessRef pid) {
        ProcessRef old = current;
        current = pid;
        return old;
    }

    /** @return the state last checkpointed, or null */
    Object checkpoint() {
        return checkpoint;
    }

    /** @param state the state to keep for a successor (already isolated), or null */
    void checkpoint(Object state) {
        this.checkpoint = state;
    }
}
