package io.foundation.beam.cluster;

import java.util.Objects;

/**
 * A node joined the cluster, or came back after a partition (a new incarnation after a restart).
 *
 * @param node the node
 */
public record NodeUp(Node node) implements NodeEvent {

    /** @throws NullPointerException if {@code node} is null */
    public NodeUp {
        Objects.requireNonNull(node, "node");
    }
}
