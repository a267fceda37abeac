package io.foundation.beam.cluster.internal.transport;

import io.foundation.beam.cluster.Node;
import java.util.Set;

/**
 * The network as the router sees it: this node, the other members, and reliable frames between them. Frames to one
 * node arrive in the order they were given to {@link #send} (FIFO per destination, across all calling threads in the
 * order their calls took effect), exactly once, unless the destination leaves the cluster. The transport batches
 * frames for throughput.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface Transport extends AutoCloseable {

    /** @return this node */
    Node self();

    /** @return the other members now (a momentary answer) */
    Set<Node> members();

    /**
     * Queues a frame for a node and returns at once.
     *
     * @param to a member
     * @param frame the bytes (owned by the transport from now on)
     * @return false if {@code to} is not a member now (the frame is dropped; the caller reports it)
     */
    boolean send(Node to, byte[] frame);

    /**
     * Sets the listener. Before it is set no frame is delivered (they wait), so set it before exchanging frames.
     *
     * @param listener the listener
     */
    void listener(TransportListener listener);

    /** Leaves the cluster: the other members see this node down. */
    @Override
    void close();
}
