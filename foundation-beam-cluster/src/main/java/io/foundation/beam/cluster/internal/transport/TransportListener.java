package io.foundation.beam.cluster.internal.transport;

import io.foundation.beam.cluster.Node;

/**
 * What a {@link Transport} reports. Calls for frames from one node come in the order that node sent them, one at a
 * time; none may block (hand work that may wait to a process or an executor).
 */
public interface TransportListener {

    /**
     * A frame from another node.
     *
     * @param from the node that sent it
     * @param frame the frame's bytes (owned by the listener from now on)
     */
    void onFrame(Node from, byte[] frame);

    /**
     * A node joined the cluster (or came back after a partition: a merge). Also called, once the listener is set,
     * for every member that was up before: treat it as idempotent if you also read {@code Transport.members()}.
     *
     * @param node the node
     */
    void onNodeUp(Node node);

    /**
     * A node left the cluster: it stopped, crashed, was killed, or is cut off (suspected past the failure detection
     * time). Frames it sent that were still in flight may be lost (they are counted); after this call no frame of
     * that membership is delivered. The same node may come up again after a partition heals ({@link #onNodeUp}).
     *
     * @param node the node
     */
    void onNodeDown(Node node);
}
