package io.foundation.beam.cluster.internal.journal;

import io.foundation.beam.cluster.Node;
import java.util.Objects;

/**
 * The cluster-wide id of a work item: the submitter's node incarnation and a sequence number that this incarnation's
 * {@link JournalAppender} of the ecosystem gives in the order it queues items (from 1, increasing).
 *
 * @param node the submitter's node name
 * @param incarnation the submitter node's incarnation
 * @param sequence the sequence number, at least 1
 */
public record ItemId(String node, long incarnation, long sequence) {

    /** Checks the parts. */
    public ItemId {
        Objects.requireNonNull(node, "node");
        if (sequence < 1) {
            throw new IllegalArgumentException("item id of node '" + node + "': sequence " + sequence + " < 1");
        }
    }

    /** @return the submitter's node incarnation */
    public Node submitter() {
        return new Node(node, incarnation);
    }

    /** @return about how many bytes the id takes in a command */
    int encodedSize() {
        return node.length() + 20;
    }

    @Override
    public String toString() {
        return node + "/" + incarnation + "#" + sequence;
    }
}
