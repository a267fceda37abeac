package io.foundation.beam.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A momentary, read-only picture of this node's membership of the cluster ({@link BeamCluster#status()}), for health
 * checks and dashboards: nothing in it is kept up to date after it is taken.
 *
 * @param self this node
 * @param nodes the other nodes up now, as {@link BeamCluster#nodes()} (empty once closed)
 * @param closed whether this node has {@linkplain BeamCluster#close() left} the cluster
 * @param raft the global registry's view, when the cluster has Raft voters ({@link ClusterConfig#raftMembers()});
 *     empty otherwise
 */
public record ClusterStatus(Node self, Set<Node> nodes, boolean closed, Optional<RaftStatus> raft) {

    /**
     * @throws NullPointerException if an argument is null
     */
    public ClusterStatus {
        Objects.requireNonNull(self, "self");
        nodes = Set.copyOf(nodes);
        Objects.requireNonNull(raft, "raft");
    }

    /**
     * What this node sees of the Raft voters behind the global names. Only a node that sees a majority of the voters
     * can register or unregister global names ({@link BeamCluster#registerGlobal}); one that does not is on the
     * minority side of a partition, or most voters are down.
     *
     * @param voters the configured voters ({@link ClusterConfig#raftMembers()}), in their configured order
     * @param votersSeen the voters this node sees now (in its view, itself included), in the configured order; only
     *     itself, if it is a voter, once closed
     * @param majority how many voters make a majority ({@link ClusterConfig#raftMajority()})
     * @param leader the name of the node this node knows as the Raft leader, if any (none once closed)
     */
    public record RaftStatus(List<String> voters, List<String> votersSeen, int majority, Optional<String> leader) {

        /**
         * @throws NullPointerException if an argument is null
         */
        public RaftStatus {
            voters = List.copyOf(voters);
            votersSeen = List.copyOf(votersSeen);
            Objects.requireNonNull(leader, "leader");
        }

        /** @return whether this node sees a majority of the voters ({@code votersSeen.size() >= majority}) */
        public boolean hasMajority() {
            return votersSeen.size() >= majority;
        }
    }
}
