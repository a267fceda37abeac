package io.foundation.beam.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A momentary picture of a distributed ecosystem (one whose {@code Distribution} is not local-only) as this node sees
 * it ({@link BeamCluster#distributedEcosystems()}), for the {@code ecosystems} endpoint and health: where its workers
 * run, its coordinator's node and epoch, and whether this node can submit to it. Nothing in it is kept up to date.
 *
 * @param ecosystem the ecosystem's name
 * @param policy its distribution policy, as configured ({@code cluster-wide} or {@code explicit-nodes})
 * @param coordinator the node incarnation of its coordinator, as this node's replica of the journal has it (empty
 *     until one has started)
 * @param epoch the coordinator's epoch: the Raft term it started in (0 until one has started)
 * @param workersByNode the workers each node runs (the nodes up that run the ecosystem, sorted by name): every node
 *     computes the same split from the nodes it sees
 * @param pendingItems the accepted items not yet completed: in this node's replica of the journal (journal
 *     replicated), or this node's own submissions (journal submitter-local)
 * @param available whether this node can submit: it sees a majority of the Raft voters
 */
public record DistributedEcosystemStatus(String ecosystem, String policy, Optional<Node> coordinator, long epoch,
        Map<String, Integer> workersByNode, int pendingItems, boolean available) {

    /** @throws NullPointerException if a part is null */
    public DistributedEcosystemStatus {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(coordinator, "coordinator");
        workersByNode = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(workersByNode));
    }
}
