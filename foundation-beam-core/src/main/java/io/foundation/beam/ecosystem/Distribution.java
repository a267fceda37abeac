package io.foundation.beam.ecosystem;

import java.util.List;
import java.util.Objects;

/**
 * Where an ecosystem's workers run (the seed's {@code distribution: %{policy: ..., placement_strategy: ...}}): on
 * this node only ({@link #localOnly()}, the default), or spread over the nodes of a cluster with one coordinator in
 * the whole cluster ({@link #clusterWide()}, {@link #explicitNodes}). A distributed ecosystem needs the module
 * {@code foundation-beam-cluster} and a runtime that has joined a cluster with Raft voters; spawning one elsewhere
 * fails with an {@link EcosystemConfigException} that says what to add. docs/distributed-ecosystems.md describes
 * what a distributed ecosystem guarantees (every accepted submission completes its future exactly once, on the
 * submitter's node) and what each side of a partition does.
 *
 * <p>Immutable; the {@code with...} methods return a copy.
 *
 * @param policy which nodes run workers
 * @param nodes the nodes that run workers under {@link Policy#EXPLICIT_NODES} (by node name), empty otherwise
 * @param placement how the coordinator picks a node for each piece of work
 * @param workersPerNode workers on each selected node, or 0 to split {@link EcosystemConfig#workerCount()} over the
 *     selected nodes (each gets {@code count / nodes}, the first {@code count % nodes} by name one more)
 * @param journal where accepted submissions are kept until they complete ({@link Journal#REPLICATED} by default)
 */
public record Distribution(Policy policy, List<String> nodes, Placement placement, int workersPerNode,
        Journal journal) {

    /** The most workers per node. */
    static final int MAX_WORKERS_PER_NODE = 1_000_000;

    /** Which nodes run an ecosystem's workers. */
    public enum Policy {
        /** This node only: an ordinary ecosystem (the default). */
        LOCAL_ONLY,
        /** Every node of the cluster that declares the ecosystem. */
        CLUSTER_WIDE,
        /** The named nodes only ({@link Distribution#nodes()}), among those that declare the ecosystem. */
        EXPLICIT_NODES
    }

    /** How the coordinator of a distributed ecosystem picks a node for each piece of work. */
    public enum Placement {
        /** Each node in turn (among those with room). */
        ROUND_ROBIN,
        /** The node with the fewest pieces in flight per worker. */
        LEAST_LOADED,
        /** A node at random (among those with room). */
        RANDOM
    }

    /**
     * Where a distributed ecosystem keeps the submissions it has accepted until they complete: what a submission
     * costs, and what it survives.
     */
    public enum Journal {
        /**
         * In the cluster's replicated journal (a Raft state machine on the voters; the default): a submission is
         * accepted once a majority of the voters has it, and is executed even if its submitter's node dies
         * afterwards (what a queue promises). It costs a Raft commit per batch of submissions and one per batch of
         * completions.
         */
        REPLICATED,
        /**
         * On the submitting node only: the submitter sends its submissions straight to the coordinator, and again to
         * every new coordinator, and the outcomes come straight back. Work survives worker and coordinator crashes
         * but not the submitter's node (whose futures are gone with it anyway); about one message per item instead of
         * two Raft commits. The coordinator's election still runs on Raft.
         */
        SUBMITTER_LOCAL
    }

    /** Checks the parts; see the fields' requirements in {@link EcosystemConfig.Field}. */
    public Distribution {
        if (journal == null) {
            throw EcosystemConfig.Field.DISTRIBUTION_JOURNAL.invalid(null);
        }
        if (policy == null) {
            throw EcosystemConfig.Field.DISTRIBUTION_POLICY.invalid(null);
        }
        if (placement == null) {
            throw EcosystemConfig.Field.DISTRIBUTION_PLACEMENT.invalid(null);
        }
        if (nodes == null || nodes.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw EcosystemConfig.Field.DISTRIBUTION_NODES.invalid(nodes);
        }
        nodes = List.copyOf(nodes);
        if (policy == Policy.EXPLICIT_NODES ? nodes.isEmpty() : !nodes.isEmpty()) {
            throw EcosystemConfig.Field.DISTRIBUTION_NODES.invalid(nodes);
        }
        if (nodes.size() != nodes.stream().distinct().count()) {
            throw EcosystemConfig.Field.DISTRIBUTION_NODES.invalid(nodes);
        }
        if (workersPerNode < 0 || workersPerNode > MAX_WORKERS_PER_NODE) {
            throw EcosystemConfig.Field.DISTRIBUTION_WORKERS_PER_NODE.invalid(workersPerNode);
        }
    }

    /** @return this node only (the default) */
    public static Distribution localOnly() {
        return new Distribution(Policy.LOCAL_ONLY, List.of(), Placement.ROUND_ROBIN, 0, Journal.REPLICATED);
    }

    /** @return every node of the cluster that declares the ecosystem, placement round robin */
    public static Distribution clusterWide() {
        return new Distribution(Policy.CLUSTER_WIDE, List.of(), Placement.ROUND_ROBIN, 0, Journal.REPLICATED);
    }

    /**
     * @param nodes the node names that run workers (at least one)
     * @return those nodes, placement round robin
     */
    public static Distribution explicitNodes(List<String> nodes) {
        return new Distribution(Policy.EXPLICIT_NODES, nodes, Placement.ROUND_ROBIN, 0, Journal.REPLICATED);
    }

    /**
     * @param nodes the node names that run workers (at least one)
     * @return those nodes, placement round robin
     */
    public static Distribution explicitNodes(String... nodes) {
        return explicitNodes(List.of(Objects.requireNonNull(nodes, "nodes")));
    }

    /**
     * @param value how the coordinator picks a node
     * @return a copy with that placement
     */
    public Distribution withPlacement(Placement value) {
        return new Distribution(policy, nodes, value, workersPerNode, journal);
    }

    /**
     * @param count workers on each selected node (1 or more), or 0 to split the ecosystem's worker count
     * @return a copy with that count
     */
    public Distribution withWorkersPerNode(int count) {
        return new Distribution(policy, nodes, placement, count, journal);
    }

    /**
     * @param value where accepted submissions are kept until they complete
     * @return a copy with that journal
     */
    public Distribution withJournal(Journal value) {
        return new Distribution(policy, nodes, placement, workersPerNode, value);
    }

    /** @return whether the workers may run on other nodes (the policy is not {@link Policy#LOCAL_ONLY}) */
    public boolean isDistributed() {
        return policy != Policy.LOCAL_ONLY;
    }

    /**
     * @param node a node's name
     * @return whether the policy lets that node run workers
     */
    public boolean selects(String node) {
        return switch (policy) {
            case LOCAL_ONLY, CLUSTER_WIDE -> true;
            case EXPLICIT_NODES -> nodes.contains(node);
        };
    }

    /**
     * This node's share of the workers: {@link #workersPerNode()} if set, else the split of {@code workerCount} over
     * the selected nodes, the first {@code workerCount % nodes} (in the given order) one more; at least 1.
     *
     * @param workerCount the ecosystem's configured worker count
     * @param selected the selected nodes that run the ecosystem, in an order every node agrees on (sorted by name)
     * @param self this node's name; must be among {@code selected}
     * @return how many workers this node runs
     * @throws IllegalArgumentException if {@code self} is not among {@code selected}
     */
    public int share(int workerCount, List<String> selected, String self) {
        int index = selected.indexOf(self);
        if (index < 0) {
            throw new IllegalArgumentException("node '" + self + "' is not among the selected nodes " + selected);
        }
        if (workersPerNode > 0) {
            return workersPerNode;
        }
        int k = selected.size();
        return Math.max(1, workerCount / k + (index < workerCount % k ? 1 : 0));
    }
}
