package io.foundation.beam.cluster.internal.transport;

/**
 * Joining was refused: a member of the cluster already has this node's name. Node names are unique in a cluster,
 * because pids name their node. A node that was restarted quickly may meet its own former life that is not yet
 * reported down; starting again after the failure detection timeout then succeeds.
 */
public final class NodeNameInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String nodeName;
    private final String clusterName;

    /**
     * @param nodeName the name in use
     * @param clusterName the cluster
     * @param holder the member that has it (as JGroups prints it)
     */
    public NodeNameInUseException(String nodeName, String clusterName, String holder) {
        super("Node name '" + nodeName + "' is already in use in cluster '" + clusterName + "' (by member " + holder
                + "): each node needs a name of its own; this node did not join");
        this.nodeName = nodeName;
        this.clusterName = clusterName;
    }

    /** @return the name in use */
    public String nodeName() {
        return nodeName;
    }

    /** @return the cluster */
    public String clusterName() {
        return clusterName;
    }
}
