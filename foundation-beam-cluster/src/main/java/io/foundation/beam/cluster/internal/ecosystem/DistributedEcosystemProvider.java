package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.DistributedEcosystemStatus;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.ProcessGroups;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.journal.WorkJournal;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.internal.process.DistributedEcosystems;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's part of the distributed ecosystems (docs/distributed-ecosystems.md): installed in the kernel when
 * the runtime joins a cluster, it starts a distributed ecosystem's share, agent and handle on {@code spawn}, and keeps
 * one coordinator per ecosystem on this node while it is the Raft leader.
 *
 * <h2>Design</h2>
 * <b>Coordinators follow leadership.</b> {@link #reconcile} runs on one control thread (so reconciliations never
 * overlap) after a role change, a spawn, a coordinator's exit and a view change: while this node is the leader, every
 * distributed ecosystem declared here has a live coordinator whose epoch is the current Raft term; otherwise none
 * runs here. A coordinator that ends while this node still leads (its start did not commit, it was deposed and this
 * node became leader again) is replaced after {@value #RETRY_MILLIS} ms.
 *
 * <p><b>Shares follow the view.</b> Each node computes its own share of the workers from the nodes up now that the
 * distribution selects, sorted by name ({@link Distribution#share}), and resizes its share when the view changes:
 * every node computes the same split without talking to the others.
 *
 * <p><b>Nodes up, to the coordinator.</b> The coordinator running here is told the nodes up at its start and after
 * each view change ({@link ClusterCoordinator.NodesUp}), from which it decides which submitter incarnations to
 * forget (restarted nodes).
 *
 * <p><b>State</b>: the ecosystems declared here by name ({@code ConcurrentHashMap}, written by spawn and stop), each
 * with its coordinator (written only on the control thread).
 */
public final class DistributedEcosystemProvider implements DistributedEcosystems, AutoCloseable {

    static final long RETRY_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DistributedEcosystemProvider.class);

    /** A coordinator running here. */
    private record RunningCoordinator(ProcessRef pid, long epoch, ClusterCoordinator handler) {
    }

    /** One distributed ecosystem declared on this node. */
    private static final class Declared {
        final EcosystemConfig config;
        final DistributedEcosystemHandle handle;
        final Ecosystem share;
        final CoordinatorStats stats;
        /** Written on the control thread only. */
        RunningCoordinator coordinator;

        Declared(EcosystemConfig config, DistributedEcosystemHandle handle, Ecosystem share, CoordinatorStats stats) {
            this.config = config;
            this.handle = handle;
            this.share = share;
            this.stats = stats;
        }
    }

    private final BeamRuntime runtime;
    private final ClusterRouter router;
    private final RaftMachine raft;
    private final WorkJournal journal;
    private final ProcessGroups groups;
    private final MessageCodec codec;
    private final Node self;
    private final Map<String, Declared> declared = new ConcurrentHashMap<>();
    private final ScheduledExecutorService control;
    private final ExecutorService completer = Executors.newVirtualThreadPerTaskExecutor();
    private final org.jgroups.protocols.raft.RAFT.RoleChange roleListener = role -> reconcile();
    private final Consumer<NodeEvent> nodeListener = event -> onView();
    private volatile boolean closed;

    /**
     * @param runtime this node's runtime
     * @param router the router (this node, the nodes up, node events)
     * @param raft the work journal's machine on the Raft log, or null when the cluster has no Raft voters (then
     *     {@link #spawn} refuses, saying why)
     * @param journal this node's replica of the work journal, or null with {@code raft}
     * @param groups the cluster's process groups
     * @param codec the codec of work and outcomes (the application's allowlist and the cluster's types)
     */
    public DistributedEcosystemProvider(BeamRuntime runtime, ClusterRouter router, RaftMachine raft,
            WorkJournal journal, ProcessGroups groups, MessageCodec codec) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.router = Objects.requireNonNull(router, "router");
        this.raft = raft;
        this.journal = journal;
        this.groups = Objects.requireNonNull(groups, "groups");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.self = router.self();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "beam-distributed-ecosystems-" + self.name());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.control = executor;
        if (raft != null) {
            raft.addRoleListener(roleListener);
        }
        router.addNodeListener(nodeListener);
    }

    @Override
    public Ecosystem spawn(EcosystemConfig config) {
        Objects.requireNonNull(config, "config");
        String name = config.name();
        if (raft == null) {
            throw new EcosystemConfigException(EcosystemConfig.Field.DISTRIBUTION_POLICY.fieldName(), "ecosystem '"
                    + name + "' is distributed, but cluster node '" + self.name() + "' has no Raft voters, which keep "
                    + "its journal: give every node the same voters (ClusterConfig.Builder.raftMembers; Spring: "
                    + "foundation.beam.cluster.raft.members), or make the ecosystem local-only");
        }
        if (closed) {
            throw new IllegalStateException("distributed ecosystem '" + name + "': cluster node '" + self.name()
                    + "' has left its cluster");
        }
        if (declared.containsKey(name)) {
            throw new IllegalStateException("an ecosystem named '" + name + "' is running in runtime '"
                    + runtime.name() + "' already");
        }
        Distribution distribution = config.distribution();
        Ecosystem share = null;
        ProcessRef agent = null;
        AtomicReference<ProcessRef> coordinator = new AtomicReference<>();
        if (distribution.selects(self.name())) {
            int workers = distribution.share(config.workerCount(), selectedNodes(distribution), self.name());
            share = Ecosystems.spawnEcosystem(runtime, config.toBuilder().distribution(Distribution.localOnly())
                    .workers(workers, config.workerFactory()).build());
            try {
                int capacity = Math.min(config.maxPendingWork(), Math.max(64, 32 * workers));
                agent = runtime.spawn(new NodeAgent(self.name(), share, codec, capacity, coordinator),
                        SpawnOptions.defaults());
                groups.join(DistributedEcosystemHandle.agentsGroup(name), agent);
            } catch (RuntimeException e) {
                share.shutdown(config.shutdownTimeout());
                if (agent != null) {
                    runtime.kill(agent);
                }
                throw e;
            }
        }
        CoordinatorStats stats = new CoordinatorStats();
        DistributedEcosystemHandle handle = new DistributedEcosystemHandle(runtime, config, share, agent,
                coordinator, self, raft, journal, codec, completer, stats, this::stopped);
        handle.nodesUp(router.nodes());
        if (distribution.journal() == Distribution.Journal.SUBMITTER_LOCAL) {
            AtomicReference<ProcessRef> followed = new AtomicReference<>();
            ProcessRef submitter = runtime.spawn(new LocalSubmitter(followed, handle::unfinishedItems,
                    handle::outcome), SpawnOptions.defaults());
            handle.attachSubmitter(submitter, followed);
            groups.join(DistributedEcosystemHandle.submittersGroup(name), submitter);
        }
        Declared d = new Declared(config, handle, share, stats);
        if (declared.putIfAbsent(name, d) != null) {
            handle.shutdown(java.time.Duration.ZERO);
            throw new IllegalStateException("an ecosystem named '" + name + "' is running in runtime '"
                    + runtime.name() + "' already");
        }
        reconcile();
        return handle;
    }

    /** @return the nodes up now (this one included) that the distribution selects, sorted by name */
    private List<String> selectedNodes(Distribution distribution) {
        List<String> names = new ArrayList<>();
        if (distribution.selects(self.name())) {
            names.add(self.name());
        }
        for (Node n : router.nodes()) {
            if (distribution.selects(n.name()) && !names.contains(n.name())) {
                names.add(n.name());
            }
        }
        names.sort(null);
        return names;
    }

    private void stopped(DistributedEcosystemHandle handle) {
        Declared d = declared.get(handle.name());
        if (d != null && d.handle == handle) {
            declared.remove(handle.name(), d);
            control.execute(() -> stopCoordinator(d));
        }
    }

    // ------------------------------------------------------------------ coordinators follow leadership (control thread)

    /** Schedules a reconciliation on the control thread. */
    void reconcile() {
        if (!closed) {
            try {
                control.execute(this::reconcileNow);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void reconcileNow() {
        if (closed) {
            return;
        }
        boolean leader = raft.isLeader();
        long term = raft.currentTerm();
        for (Declared d : declared.values()) {
            RunningCoordinator running = d.coordinator;
            if (running != null && (!leader || running.epoch() != term || !running.pid().isAlive())) {
                stopCoordinator(d);
                running = null;
            }
            if (leader && running == null) {
                startCoordinator(d, term);
            }
        }
    }

    private void startCoordinator(Declared d, long term) {
        ClusterCoordinator handler = new ClusterCoordinator(d.config, term, self, raft, journal, groups, codec,
                DistributedEcosystemHandle.agentsGroup(d.config.name()), d.stats);
        ProcessRef pid = runtime.spawn(handler, SpawnOptions.defaults());
        d.coordinator = new RunningCoordinator(pid, term, handler);
        pid.send(new ClusterCoordinator.NodesUp(router.nodes()));
        runtime.exitFuture(pid).whenComplete((reason, failure) -> {
            if (!(reason instanceof ExitReason.Killed)) {
                LOG.debug("Coordinator of distributed ecosystem '{}' (epoch {}) on {} ended: {}", d.config.name(),
                        term, self, reason);
            }
            if (!closed) {
                try {
                    control.schedule(this::reconcileNow, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closed meanwhile
                }
            }
        });
    }

    private void stopCoordinator(Declared d) {
        RunningCoordinator running = d.coordinator;
        if (running == null) {
            return;
        }
        d.coordinator = null;
        runtime.kill(running.pid());
        running.handler().cleanUp();
    }

    // ------------------------------------------------------------------ shares follow the view (control thread)

    private void onView() {
        if (closed) {
            return;
        }
        try {
            control.execute(() -> {
                Set<Node> up = router.nodes();
                for (Declared d : declared.values()) {
                    d.handle.nodesUp(up);
                    resizeShare(d);
                }
                reconcileNow();
                for (Declared d : declared.values()) {
                    RunningCoordinator running = d.coordinator;
                    if (running != null) {
                        running.pid().send(new ClusterCoordinator.NodesUp(up));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void resizeShare(Declared d) {
        if (d.share == null || !d.share.isRunning()) {
            return;
        }
        Distribution distribution = d.config.distribution();
        int wanted = distribution.share(d.config.workerCount(), selectedNodes(distribution), self.name());
        int now = d.share.workers().size();
        if (wanted != now) {
            try {
                d.share.resize(wanted);
                LOG.info("Distributed ecosystem '{}': node '{}' runs {} workers (was {}) after a view change",
                        d.config.name(), self.name(), wanted, now);
            } catch (RuntimeException e) {
                LOG.warn("Distributed ecosystem '{}': node '{}' could not resize its share from {} to {} workers",
                        d.config.name(), self.name(), now, wanted, e);
            }
        }
    }

    // ------------------------------------------------------------------ views

    /**
     * @param ecosystem a distributed ecosystem's name
     * @return its handle on this node, if declared here
     */
    public Optional<Ecosystem> find(String ecosystem) {
        return Optional.ofNullable(declared.get(ecosystem)).map(d -> d.handle);
    }

    /** @return the distributed ecosystems declared here, by name, as this node sees them now */
    public List<DistributedEcosystemStatus> status() {
        List<DistributedEcosystemStatus> result = new ArrayList<>();
        boolean available = raft != null && raft.visibleVoters().size() >= raft.config().raftMajority();
        for (Declared d : new java.util.TreeMap<>(declared).values()) {
            String name = d.config.name();
            Distribution distribution = d.config.distribution();
            List<String> selected = selectedNodes(distribution);
            Set<String> running = new java.util.HashSet<>();
            for (ProcessRef agent : groups.members(DistributedEcosystemHandle.agentsGroup(name))) {
                running.add(nodeOf(agent));
            }
            Map<String, Integer> workers = new java.util.TreeMap<>();
            for (String node : selected) {
                if (running.contains(node)) {
                    workers.put(node, distribution.share(d.config.workerCount(), selected, node));
                }
            }
            result.add(new DistributedEcosystemStatus(name, distribution.policy().name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', '-'), journal.coordinator(name), journal.epoch(name), workers,
                    distribution.journal() == Distribution.Journal.SUBMITTER_LOCAL ? d.handle.unfinished()
                            : journal.pendingCount(name), available));
        }
        return result;
    }

    private String nodeOf(ProcessRef pid) {
        return pid instanceof io.foundation.beam.cluster.internal.routing.RemotePid remote ? remote.node()
                : self.name();
    }

    /** Stops the coordinators running here and the control thread; the ecosystems' shares keep running. */
    @Override
    public void close() {
        closed = true;
        if (raft != null) {
            raft.removeRoleListener(roleListener);
        }
        router.removeNodeListener(nodeListener);
        try {
            control.submit(() -> declared.values().forEach(this::stopCoordinator)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Stopping the coordinators of node '{}'", self.name(), e);
        }
        control.shutdownNow();
        completer.shutdown();
    }

    @Override
    public String toString() {
        return "DistributedEcosystems[" + self + ", " + declared.keySet() + "]";
    }

}
