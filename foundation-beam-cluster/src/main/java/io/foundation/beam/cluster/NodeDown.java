package io.foundation.beam.cluster;

import java.util.Objects;

/**
 * A node left the cluster as this node sees it (Erlang's {@code {nodedown, Node}}): it stopped, crashed, was killed,
 * or is cut off by a partition. Every link and monitor to its processes has fired with {@code noconnection}. A process
 * that monitors a node gets this message once per monitor, at once if the node was not up when it asked; the node
 * is then the last incarnation this node saw, or one with {@link Node#incarnation() incarnation} 0 if it never saw it.
 *
 * @param node the node
 */
public record NodeDown(Node node) implements NodeEvent {

    /** @throws NullPointerException if {@code node} is null */
    public NodeDown {
        Objects.requireNonNull(node, "node");
    }
}
