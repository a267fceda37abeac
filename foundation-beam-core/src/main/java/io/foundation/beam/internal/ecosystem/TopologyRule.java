package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.messages.Broadcaster;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.messages.BroadcastReport;

/**
 * What an ecosystem's {@link Topology} means at run time: one rule per ecosystem, chosen from its configuration, and
 * the only code that tells the topologies apart.
 * <ul>
 *   <li><b>Who a worker may message</b> besides the coordinator (every worker may): nobody ({@link TreeRule}), every
 *       peer ({@link MeshRule}), its successor around the ring ({@link RingRule}). The {@link WorkerContext}
 *       operations of a topology are methods of its rule, reached through {@link #mesh} or {@link #ring}; asked of
 *       another topology, they throw {@link IllegalStateException} naming the topologies.</li>
 *   <li><b>How {@code Ecosystem.broadcast} travels</b>: sent to each worker (TREE, MESH), or from worker to worker
 *       around the ring (RING).</li>
 *   <li><b>The ring's token</b> (RING only): created when the first coordinator starts, regenerated when its holder
 *       is lost or a shrink retired workers; a token of an older generation is discarded.</li>
 * </ul>
 *
 * <p>Threading: every method may be called from any thread. TREE and MESH hold no mutable state; see {@link RingRule}
 * for the token's.
 */
abstract sealed class TopologyRule permits TreeRule, MeshRule, RingRule {

    final String ecosystem;
    final Kernel kernel;
    final WorkerTable workers;
    /** The ISOLATED_HEAPS memory strategy: what a rule hands a worker goes through {@link #isolated}. */
    private final boolean isolatedHeaps;

    TopologyRule(EcosystemConfig config, Kernel kernel, WorkerTable workers) {
        this.ecosystem = config.name();
        this.kernel = kernel;
        this.workers = workers;
        this.isolatedHeaps = config.memoryStrategy() == MemoryStrategy.ISOLATED_HEAPS;
    }

    /**
     * @param config the configuration (its topology chooses the rule)
     * @param kernel the kernel
     * @param workers the ecosystem's workers
     * @return the rule of the configured topology
     */
    static TopologyRule of(EcosystemConfig config, Kernel kernel, WorkerTable workers) {
        return switch (config.topology()) {
            case TREE -> new TreeRule(config, kernel, workers);
            case MESH -> new MeshRule(config, kernel, workers);
            case RING -> new RingRule(config, kernel, workers);
        };
    }

    /** @return the topology this rule is for */
    abstract Topology topology();

    /**
     * {@code Ecosystem.broadcast}: sent to each worker in use (TREE and MESH; RING overrides it).
     *
     * @param message the message
     * @return which workers it reached, and which were full or dead
     */
    BroadcastReport broadcast(Object message) {
        return Broadcaster.send(kernel, workers.inUse(), message);
    }

    /** The ecosystem's first coordinator started (not a replacement): it watches the workers. */
    void firstCoordinatorStarted() {
    }

    /**
     * The coordinator saw the worker at {@code index} go down (not retired by a shrink), and dispatched again what it
     * held.
     */
    void workerDown(int index) {
    }

    /** A shrink stopped every worker it retired (the coordinator acts on it). */
    void workersRetired() {
    }

    /**
     * A worker received a {@link RingToken}.
     *
     * @param token the token
     * @param index the worker's index
     * @return whether the worker's {@code Worker} gets it (outside a RING, a token is an application message)
     */
    boolean tokenArrived(RingToken token, int index) {
        return true;
    }

    /**
     * @param operation the {@link WorkerContext} operation asked for, for the message
     * @return the MESH rule, whose operations a MESH worker may use
     * @throws IllegalStateException if the topology is not MESH
     */
    MeshRule mesh(String operation) {
        throw refused(operation, Topology.MESH);
    }

    /**
     * @param operation the {@link WorkerContext} operation asked for, for the message
     * @return the RING rule, whose operations a RING worker may use
     * @throws IllegalStateException if the topology is not RING
     */
    RingRule ring(String operation) {
        throw refused(operation, Topology.RING);
    }

    /** @return what the refusal of another topology's operation adds to its message (empty, or a note) */
    String refusalNote() {
        return "";
    }

    private IllegalStateException refused(String operation, Topology needed) {
        return new IllegalStateException(operation + " needs topology " + needed + ", but ecosystem '" + ecosystem
                + "' is " + topology() + refusalNote());
    }

    /** @return what a worker gets of a message a rule hands it (see {@link HeapIsolation}) */
    final Object isolated(Object message) {
        return HeapIsolation.forReceiver(isolatedHeaps, message);
    }
}
