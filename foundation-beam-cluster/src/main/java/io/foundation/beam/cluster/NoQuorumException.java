package io.foundation.beam.cluster;

import io.foundation.beam.process.BeamException;
import java.util.List;

/**
 * A change to the cluster-wide registry of names (registering or unregistering a global name) failed because a
 * majority of the Raft voters ({@link ClusterConfig#raftMembers()}) did not accept it: this node sees fewer than a
 * majority of them (it is on the minority side of a partition, or the other voters are down), or the majority did
 * not answer within {@link ClusterConfig#raftTimeout()}. Only the majority side of a partition can change the
 * registry, so the two sides never hand out the same name; names stay readable on both sides.
 *
 * <p>When the majority did not answer in time, the change may still take effect later (it may have reached the
 * log): a registration that failed so is withdrawn by this node in the background.
 */
public final class NoQuorumException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String node;
    private final transient List<String> visibleVoters;
    private final int needed;

    /**
     * @param message what failed and why
     * @param node this node
     * @param visibleVoters the voters this node sees (itself included)
     * @param needed how many voters make a majority
     */
    public NoQuorumException(String message, String node, List<String> visibleVoters, int needed) {
        super(message);
        this.node = node;
        this.visibleVoters = List.copyOf(visibleVoters);
        this.needed = needed;
    }

    /** @return the node where the change was asked */
    public String node() {
        return node;
    }

    /** @return the Raft voters that node saw when the change failed (itself included) */
    public List<String> visibleVoters() {
        return visibleVoters;
    }

    /** @return how many voters make a majority */
    public int needed() {
        return needed;
    }
}
