package io.foundation.beam.cluster;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.process.ProcessRef;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A runtime that is a node of a cluster: its processes reach the processes of the other nodes, as Erlang's
 * distribution does. Made by {@link #join}; closing it leaves the cluster (the runtime keeps running, alone).
 *
 * <h2>What crosses between nodes</h2>
 * <ul>
 *   <li><b>Pids.</b> A pid received in a message from another node is used as any pid: {@code send}, {@code link},
 *       {@code monitor}, {@code call}, exit signals. It prints with its node's name ({@code <orders-2.42>}); pids are
 *       equal across nodes when they name the same process of the same node incarnation.</li>
 *   <li><b>Messages</b> keep Erlang's guarantee: everything one process sends to another (messages and signals)
 *       arrives in the order sent, asynchronously. A message is encoded on the sender's thread: a value that cannot
 *       cross (see {@link ClusterConfig.Builder#allowMessageTypes}) throws {@link MessageNotTransferableException}
 *       there. A message to a process that has ended, or that the other node does not know, is a dead letter
 *       counted on that node; one to a node that is not up, a dead letter counted here.</li>
 *   <li><b>Failures.</b> When a node is lost (it stopped, crashed, was killed, or is cut off by a partition for
 *       longer than the failure detection timeout), every link to its processes gets an exit signal and every
 *       monitor a Down, with {@link io.foundation.beam.process.ExitReason#NOCONNECTION noconnection}; every call to
 *       them fails with that reason; processes that {@linkplain #monitorNode monitor the node} get {@link NodeDown}.
 *       Nothing waits forever.</li>
 * </ul>
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface BeamCluster extends AutoCloseable {

    /**
     * Joins (or starts) the cluster that {@code config} names, and makes {@code runtime} one of its nodes. Returns when
     * this node has its first view of the cluster.
     *
     * @param runtime the runtime; its name is the node's name ({@link ClusterConfig#nodeName()} must equal it, since
     *     pids print with the runtime's name)
     * @param config where to listen and whom to ask
     * @return the node
     * @throws IllegalArgumentException if the names differ
     * @throws IllegalStateException if the runtime is a node already, if the network layer cannot start (e.g. the
     *     port is taken; the message says why), or if another member has the same name
     *     ({@link NodeNameInUseException})
     */
    static BeamCluster join(BeamRuntime runtime, ClusterConfig config) {
        return DefaultBeamCluster.join(runtime, config);
    }

    /** @return this node */
    Node self();

    /** @return the other nodes that are up now, as Erlang's {@code nodes()} (a momentary answer) */
    Set<Node> nodes();

    /**
     * Erlang's {@code monitor_node(Node, true)}: {@code watcher} receives one {@link NodeDown} message when the node
     * goes down, at once if it is not up now. Each call is its own monitor; it ends with its message, with
     * {@link #demonitorNode}, or when the watcher ends.
     *
     * @param watcher a process of this node
     * @param node the node's name
     * @return the monitor
     * @throws IllegalArgumentException if {@code watcher} is not a process of this node
     */
    NodeMonitor monitorNode(ProcessRef watcher, String node);

    /**
     * Erlang's {@code monitor_node(Node, false)} for one monitor.
     *
     * @param monitor a monitor {@link #monitorNode} returned
     * @return whether it was active (it had not fired, nor been cancelled)
     */
    boolean demonitorNode(NodeMonitor monitor);

    /**
     * Adds a listener told of every {@link NodeUp} and {@link NodeDown}, on the cluster's network thread: it must not
     * block. A listener that throws is logged and kept.
     *
     * @param listener the listener
     */
    void addNodeListener(Consumer<? super NodeEvent> listener);

    /** @param listener a listener added before; removed */
    void removeNodeListener(Consumer<? super NodeEvent> listener);

    /**
     * Leaves the cluster: the other nodes see this node down, and here every link, monitor and call to another node's
     * processes fires with {@code noconnection}. The runtime keeps running. Idempotent.
     */
    @Override
    void close();
}
