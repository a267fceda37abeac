package io.foundation.beam.cluster;

import java.util.Objects;

/**
 * A node monitor made by {@link BeamCluster#monitorNode}: pass it to {@link BeamCluster#demonitorNode} to cancel it.
 *
 * @param node the monitored node's name
 * @param number the monitor's number on this node
 */
public record NodeMonitor(String node, long number) {

    /** @throws NullPointerException if {@code node} is null */
    public NodeMonitor {
        Objects.requireNonNull(node, "node");
    }
}
