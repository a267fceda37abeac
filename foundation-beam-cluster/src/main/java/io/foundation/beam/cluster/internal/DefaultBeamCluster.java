package io.foundation.beam.cluster.internal;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.BehaviourFactory;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterStatus;
import io.foundation.beam.cluster.GroupJoined;
import io.foundation.beam.cluster.GroupLeft;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeMonitor;
import io.foundation.beam.cluster.ProcessGroups;
import io.foundation.beam.cluster.RemoteSpawnException.Failure;
import io.foundation.beam.cluster.RemoteSpawnException;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import io.foundation.beam.cluster.internal.groups.DefaultProcessGroups;
import io.foundation.beam.cluster.internal.groups.ScopeMessage;
import io.foundation.beam.cluster.internal.ecosystem.DistributedEcosystemProvider;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire;
import io.foundation.beam.cluster.internal.journal.ItemId;
import io.foundation.beam.cluster.internal.journal.WorkJournal;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.cluster.internal.raft.RaftMultiplexer;
import io.foundation.beam.cluster.internal.registry.GlobalRegistry;
import io.foundation.beam.cluster.internal.registry.RegistryState;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.cluster.internal.spawn.SpawnProtocol;
import io.foundation.beam.cluster.internal.spawn.Spawner;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.CallTimeoutException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The node: wires the transport (JGroups), the codec and the router into a runtime, and takes them down in order.
 *
 * <p>Model: built once by {@link #join}; {@code closed} goes false to true once. Closing leaves the cluster first
 * (the other nodes see this one down), then tells the router that every other node is lost, so that every link,
 * monitor and call to them fires with {@code noconnection} here too. The router stays installed in the runtime (a
 * runtime's router is never replaced): after close it finds no node up, so remote pids are unreachable.
 *
 * <p>Joining also starts two processes of the node, each registered under a name the other nodes reach with the
 * router's named frames: the group scope ({@link io.foundation.beam.cluster.internal.groups.GroupScope}) and the
 * spawner ({@link Spawner}). Their messages that cross are the cluster's own records ({@link #PROTOCOL_TYPES}),
 * allowed on every node whatever the application allows. They keep running after close (the runtime's groups then
 * hold only its own processes; spawn requests can no longer arrive).
 */
public final class DefaultBeamCluster implements BeamCluster {

    /** The cluster's own records that cross between nodes (its protocols' messages), allowed on every node. */
    static final List<String> PROTOCOL_TYPES = List.of(ScopeMessage.class.getName(), SpawnProtocol.class.getName(),
            GroupJoined.class.getName(), GroupLeft.class.getName(), EcosystemWire.class.getName(),
            ItemId.class.getName(), io.foundation.beam.cluster.internal.journal.JournalItem.class.getName());

    private final BeamRuntime runtime;
    private final JGroupsTransport transport;
    private final ClusterRouter router;
    /** The global registry's id on the Raft log. */
    static final byte REGISTRY_MACHINE = 'R';
    /** The work journal's id on the Raft log. */
    static final byte JOURNAL_MACHINE = 'J';
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DefaultProcessGroups groups;
    private final Spawner spawner = new Spawner();
    /** The registry of global names, or null when the cluster has no Raft voters. */
    private final GlobalRegistry registry;
    /** The work journal of the distributed ecosystems (its replica here), or null without Raft voters. */
    private final WorkJournal journal;

    /** Runs this node's part of the distributed ecosystems; installed in the kernel. */
    private final DistributedEcosystemProvider ecosystems;

    private DefaultBeamCluster(BeamRuntime runtime, JGroupsTransport transport, ClusterRouter router,
            RegistryState registryState, WorkJournal journal, MessageCodec workCodec) {
        this.runtime = runtime;
        this.journal = journal;
        this.transport = transport;
        this.router = router;
        this.registry = registryState == null ? null
                : new GlobalRegistry(transport, registryState, router, Kernel.of(runtime)::watchExit);
        this.groups = DefaultProcessGroups.start(Kernel.of(runtime), router);
        runtime.spawn(spawner, SpawnOptions.defaults().withName(Spawner.NAME));
        this.ecosystems = new DistributedEcosystemProvider(runtime, router,
                journal == null ? null : RaftMachine.of(transport, journal), journal, groups, workCodec);
        Kernel.of(runtime).useDistributedEcosystems(ecosystems);
    }

    /**
     * See {@link BeamCluster#join}.
     *
     * @param runtime the runtime
     * @param config the configuration
     * @return the node
     */
    public static DefaultBeamCluster join(BeamRuntime runtime, ClusterConfig config) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(config, "config");
        if (!runtime.name().equals(config.nodeName())) {
            throw new IllegalArgumentException("the cluster node name '" + config.nodeName()
                    + "' must be the runtime's name '" + runtime.name() + "' (pids print with the runtime's name): "
                    + "build the runtime with name(\"" + config.nodeName() + "\") or the config with builder(\""
                    + runtime.name() + "\")");
        }
        Kernel kernel = Kernel.of(runtime);
        List<String> allowed = new ArrayList<>(config.allowedMessageTypes());
        allowed.addAll(PROTOCOL_TYPES);
        TransferableTypes types = TransferableTypes.of(allowed);
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : DefaultBeamCluster.class.getClassLoader();
        // The registry's state machine must be in the Raft stack before the channel connects (jgroups-raft drops
        // the committed entries it applies while none is set).
        // Both share the log through a multiplexer (ids: ASCII 'R' and 'J', none of which an entry of a log written
        // before the multiplexer starts with, so such a log fails clearly).
        RegistryState registryState = config.raftEnabled() ? new RegistryState() : null;
        WorkJournal journal = config.raftEnabled() ? new WorkJournal(config.nodeName()) : null;
        JGroupsTransport transport = JGroupsTransport.start(config, !config.raftEnabled() ? null
                : new RaftMultiplexer(List.of(new RaftMultiplexer.Machine(REGISTRY_MACHINE, "registry", registryState),
                        new RaftMultiplexer.Machine(JOURNAL_MACHINE, "work journal", journal))));
        try {
            ClusterRouter router = new ClusterRouter(kernel, transport, pids -> new MessageCodec(types, pids, loader));
            router.start();
            return new DefaultBeamCluster(runtime, transport, router, registryState, journal,
                    new MessageCodec(types, router, loader));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** @return this node's replica of the work journal, if the cluster has Raft voters (for the ecosystems) */
    public Optional<WorkJournal> workJournal() {
        return Optional.ofNullable(journal);
    }

    /** @return the router (for this module's other parts and its tests) */
    public ClusterRouter router() {
        return router;
    }

    /** @return the transport (for this module's other parts and its tests) */
    public JGroupsTransport transport() {
        return transport;
    }

    @Override
    public Node self() {
        return router.self();
    }

    @Override
    public Set<Node> nodes() {
        return router.nodes();
    }

    @Override
    public ClusterStatus status() {
        boolean isClosed = closed.get();
        Set<Node> up = isClosed ? Set.of() : router.nodes();
        Optional<ClusterStatus.RaftStatus> raft = Optional.empty();
        if (registry != null) {
            ClusterConfig config = transport.config();
            List<String> seen = isClosed
                    ? config.raftMembers().stream().filter(config.nodeName()::equals).toList()
                    : registry.visibleVoters();
            Optional<String> leader = isClosed ? Optional.empty() : registry.leaderName();
            raft = Optional.of(new ClusterStatus.RaftStatus(config.raftMembers(), seen, config.raftMajority(), leader));
        }
        return new ClusterStatus(router.self(), up, isClosed, raft);
    }

    @Override
    public List<io.foundation.beam.cluster.DistributedEcosystemStatus> distributedEcosystems() {
        return closed.get() ? List.of() : ecosystems.status();
    }

    @Override
    public NodeMonitor monitorNode(ProcessRef watcher, String node) {
        return new NodeMonitor(node, router.monitorNode(watcher, node));
    }

    @Override
    public boolean demonitorNode(NodeMonitor monitor) {
        return router.demonitorNode(monitor.node(), monitor.number());
    }

    @Override
    public void addNodeListener(Consumer<? super NodeEvent> listener) {
        router.addNodeListener(listener);
    }

    @Override
    public void removeNodeListener(Consumer<? super NodeEvent> listener) {
        router.removeNodeListener(listener);
    }

    // ------------------------------------------------------------------ registered names, groups, remote spawn

    @Override
    public void send(String node, String registeredName, Object message) {
        router.sendNamed(node, registeredName, message);
    }

    @Override
    public ProcessGroups groups() {
        return groups;
    }

    @Override
    public void registerBehaviour(String name, BehaviourFactory factory) {
        spawner.register(name, factory);
    }

    @Override
    public boolean unregisterBehaviour(String name) {
        return spawner.unregister(name);
    }

    @Override
    public ProcessRef spawn(String node, String behaviour, Object argument, Duration timeout) {
        return remoteSpawn(null, node, behaviour, argument, timeout);
    }

    @Override
    public ProcessRef spawnLink(ProcessRef caller, String node, String behaviour, Object argument,
            Duration timeout) {
        Kernel.of(runtime).requireOwn(Objects.requireNonNull(caller, "caller"));
        return remoteSpawn(caller, node, behaviour, argument, timeout);
    }

    private ProcessRef remoteSpawn(ProcessRef caller, String node, String behaviour, Object argument,
            Duration timeout) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(timeout, "timeout");
        SpawnProtocol.Request request = new SpawnProtocol.Request(behaviour, argument, caller);
        String what = "behaviour '" + behaviour + "' on node '" + node + "'";
        Object reply;
        try {
            reply = router.callNamed(caller, node, Spawner.NAME, request, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteSpawnException(Failure.FAILED, node, behaviour, List.of(),
                    "interrupted while spawning " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw switch (cause) {
                case ProcessExitedException x when x.reason() instanceof ExitReason.NoConnection ->
                        new RemoteSpawnException(Failure.NOCONNECTION, node, behaviour, List.of(),
                                "cannot spawn " + what + ": the node is not up (noconnection)", cause);
                case CallTimeoutException t -> new RemoteSpawnException(Failure.TIMEOUT, node, behaviour, List.of(),
                        "no answer within " + timeout + " to the spawn of " + what
                                + " (the process may still be spawned there)", cause);
                default -> new RemoteSpawnException(Failure.FAILED, node, behaviour, List.of(),
                        "cannot spawn " + what + ": " + cause, cause);
            };
        }
        return switch (reply) {
            case SpawnProtocol.Spawned s -> s.process();
            case SpawnProtocol.UnknownBehaviour u -> throw new RemoteSpawnException(Failure.UNKNOWN_BEHAVIOUR, node,
                    behaviour, u.registered(), "node '" + node + "' has no behaviour named '" + behaviour
                            + "' (registered there: " + u.registered() + ")", null);
            case SpawnProtocol.FactoryFailed f -> throw new RemoteSpawnException(Failure.FACTORY_FAILED, node,
                    behaviour, List.of(), "the factory of " + what + " failed: " + f.cause(), f.cause());
            case SpawnProtocol.InitFailed i -> throw new RemoteSpawnException(Failure.INIT_FAILED, node, behaviour,
                    List.of(), "the process of " + what + " failed in init: " + i.reason(), i.cause());
            default -> throw new RemoteSpawnException(Failure.FAILED, node, behaviour, List.of(),
                    "unexpected answer to the spawn of " + what + ": " + reply, null);
        };
    }

    // ------------------------------------------------------------------ global names (Raft)

    @Override
    public void registerGlobal(String name, ProcessRef pid) {
        registry().register(name, pid);
    }

    @Override
    public void unregisterGlobal(String name) {
        registry().unregister(name);
    }

    @Override
    public Optional<ProcessRef> whereisGlobal(String name) {
        return registry().whereis(name);
    }

    @Override
    public void sendGlobal(String name, Object message) {
        Objects.requireNonNull(message, "message");
        ProcessRef pid = registry().whereis(name).orElseThrow(() -> new NoSuchProcessException("no process is "
                + "registered globally as '" + name + "' in cluster '" + transport.config().clusterName() + "'"));
        pid.send(message);
    }

    @Override
    public Map<String, ProcessRef> globalNames() {
        return registry().names();
    }

    private GlobalRegistry registry() {
        if (registry == null) {
            throw new IllegalStateException("cluster '" + transport.config().clusterName() + "' has no global "
                    + "registry: give every node the same Raft voters (ClusterConfig.Builder.raftMembers; Spring: "
                    + "foundation.beam.cluster.raft.members)");
        }
        return registry;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ecosystems.close();
        if (registry != null) {
            registry.close();
        }
        transport.close();
        for (Node node : router.nodes()) {
            router.onNodeDown(node);
        }
    }

    @Override
    public String toString() {
        return "BeamCluster[node=" + router.self() + ", runtime=" + runtime.name() + ", nodes=" + router.nodes()
                + (closed.get() ? ", closed" : "") + "]";
    }
}
