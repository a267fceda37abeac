package io.foundation.beam.cluster;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
     * @throws ClusterJoinRefusedException if the members it contacted refused it (another authentication secret, a
     *     secret on one side only, untrusted TLS certificates, TLS on their side only) and none accepted it: the
     *     message names the peers, the reason and the setting to check. A node that finds nobody starts alone.
     */
    static BeamCluster join(BeamRuntime runtime, ClusterConfig config) {
        return DefaultBeamCluster.join(runtime, config);
    }

    /** @return this node */
    Node self();

    /** @return the other nodes that are up now, as Erlang's {@code nodes()} (a momentary answer) */
    Set<Node> nodes();

    /**
     * A momentary picture of this node's membership, for health checks: its nodes, whether it is closed, and, when the
     * cluster has Raft voters, which of them it sees, whether that is a majority (whether it can register global
     * names) and the leader it knows. Cheap (no network round trip); works after {@link #close()} too.
     *
     * @return the status now
     */
    ClusterStatus status();

    /**
     * The distributed ecosystems started on this node ({@code Ecosystems.spawnEcosystem} with a
     * {@code Distribution} other than local-only), as this node sees them now: where their workers run, their
     * coordinator's node and epoch, whether this node can submit. Cheap (no network round trip).
     *
     * @return one status per ecosystem, by name; empty after {@link #close()}
     */
    java.util.List<DistributedEcosystemStatus> distributedEcosystems();

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

    // ------------------------------------------------------------------ registered names, groups, remote spawn

    /**
     * Erlang's {@code {Name, Node} ! Message}: sends to the process registered under {@code registeredName} (with
     * {@link BeamRuntime#register}) on {@code node}, looked up there when the message arrives. Order and delivery are
     * as for a pid of that node: it follows everything the sending thread sent to that node before; if no live process
     * holds the name there it is a dead letter counted on that node; if the node is not up, a dead letter counted here
     * (dead letters of a name are recorded against the node's pid number 0, {@code <node.0>}). {@code node} may be
     * this node's own name.
     *
     * @param node the node's name
     * @param registeredName the name on that node
     * @param message the message
     * @throws MessageNotTransferableException if the message cannot cross (here, on the caller's thread)
     */
    void send(String node, String registeredName, Object message);

    /** @return the cluster-wide process groups (Erlang's {@code pg}), as this node sees them */
    ProcessGroups groups();

    /**
     * Registers a behaviour that other nodes (and this one) may {@linkplain #spawn spawn} here by name. Each node
     * registers its own: a name means what the node asked registered under it.
     *
     * @param name the behaviour's name
     * @param factory makes a process's handler from the spawn's argument
     * @throws IllegalStateException if a behaviour of that name is registered already
     * @throws IllegalArgumentException if the name is blank
     */
    void registerBehaviour(String name, BehaviourFactory factory);

    /**
     * @param name a behaviour's name
     * @return whether it was registered (spawns already made are not affected)
     */
    boolean unregisterBehaviour(String name);

    /**
     * Spawns a process of a behaviour registered on {@code node} (Erlang's {@code spawn(Node, ...)}, by name since
     * code does not cross): the argument crosses through the codec, the node's factory makes the handler, the process
     * is spawned there and its {@code init} has returned when this returns its pid.
     *
     * @param node the node's name (this node's own name spawns here)
     * @param behaviour the behaviour's name on that node
     * @param argument the factory's argument (a value that can cross; may be null)
     * @param timeout the longest wait
     * @return the new process
     * @throws RemoteSpawnException naming the node and the behaviour, with its {@link RemoteSpawnException#failure()}:
     *     {@code UNKNOWN_BEHAVIOUR} (the message lists those registered there), {@code NOCONNECTION} (the node is not
     *     up, or was lost before answering), {@code FACTORY_FAILED} (the factory's exception is the cause),
     *     {@code INIT_FAILED}, {@code TIMEOUT} (the process may still be spawned there later: use {@link #spawnLink}
     *     to tie it to a process), {@code FAILED}
     * @throws MessageNotTransferableException if the argument cannot cross
     */
    ProcessRef spawn(String node, String behaviour, Object argument, Duration timeout);

    /**
     * As {@link #spawn}, and the new process links itself to {@code caller} in its {@code init}, before anything else
     * (Erlang's {@code spawn_link}): if the caller has ended by then, the new process gets its exit signal
     * ({@code noproc}); if either node is lost, both get {@code noconnection}.
     *
     * @param caller the process to link to, of this node (usually the calling process)
     * @param node the node's name
     * @param behaviour the behaviour's name on that node
     * @param argument the factory's argument
     * @param timeout the longest wait
     * @return the new process, linked to {@code caller}
     * @throws IllegalArgumentException if {@code caller} is not a process of this node
     * @throws RemoteSpawnException as {@link #spawn}
     */
    ProcessRef spawnLink(ProcessRef caller, String node, String behaviour, Object argument, Duration timeout);

    // ------------------------------------------------------------------ global names (on Raft)

    /**
     * Registers a process of this node under a name unique in the whole cluster (Erlang's
     * {@code global:register_name/2}). The name is agreed by a majority of the Raft voters
     * ({@link ClusterConfig.Builder#raftMembers}) before this returns; it is freed when the process ends, and when its
     * node is lost (the majority side frees the names of the nodes it no longer sees). Unlike Erlang's {@code global},
     * which lets both sides of a partition register and resolves clashes after the merge, only the majority side can
     * register: nothing needs resolving after a merge.
     *
     * @param name the name
     * @param pid a live process of this node
     * @throws io.foundation.beam.process.NameAlreadyRegisteredException if a process holds the name (it names it)
     * @throws NoQuorumException if this node sees fewer than a majority of the voters (at once), or the majority did
     *     not answer within {@link ClusterConfig#raftTimeout()}
     * @throws io.foundation.beam.process.NoSuchProcessException if the process has ended
     * @throws IllegalArgumentException if the process is not of this node (register it on its own node)
     * @throws IllegalStateException if the cluster has no Raft voters
     */
    void registerGlobal(String name, ProcessRef pid);

    /**
     * Frees a global name, whoever holds it (Erlang's {@code global:unregister_name/1}).
     *
     * @param name the name
     * @throws NoQuorumException as {@link #registerGlobal}
     * @throws IllegalStateException if the cluster has no Raft voters
     */
    void unregisterGlobal(String name);

    /**
     * The process registered under a global name, from this node's replica of the registry (Erlang's
     * {@code global:whereis_name/1}): no network round trip; a follower's replica may lag the leader's by about a
     * heartbeat (100 ms at most by default).
     *
     * @param name the name
     * @return the process, or empty
     * @throws IllegalStateException if the cluster has no Raft voters
     */
    Optional<ProcessRef> whereisGlobal(String name);

    /**
     * Sends to the process registered under a global name (Erlang's {@code global:send/2}).
     *
     * @param name the name
     * @param message the message
     * @throws io.foundation.beam.process.NoSuchProcessException if no process holds the name (it names it)
     * @throws MessageNotTransferableException if the message cannot cross to that process's node
     * @throws IllegalStateException if the cluster has no Raft voters
     */
    void sendGlobal(String name, Object message);

    /**
     * @return every global name and its process, from this node's replica
     * @throws IllegalStateException if the cluster has no Raft voters
     */
    Map<String, ProcessRef> globalNames();

    /**
     * Leaves the cluster: the other nodes see this node down, and here every link, monitor and call to another node's
     * processes fires with {@code noconnection}. The runtime keeps running. Idempotent.
     */
    @Override
    void close();
}
