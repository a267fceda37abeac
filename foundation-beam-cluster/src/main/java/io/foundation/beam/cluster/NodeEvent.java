package io.foundation.beam.cluster;

/**
 * Something that happened to a member of the cluster, as this node saw it: {@link NodeUp} or {@link NodeDown}. A
 * process that monitors a node ({@code monitorNode}) receives the {@link NodeDown} as a message; telemetry hears
 * both.
 */
public sealed interface NodeEvent permits NodeUp, NodeDown {

    /** @return the node */
    Node node();
}
