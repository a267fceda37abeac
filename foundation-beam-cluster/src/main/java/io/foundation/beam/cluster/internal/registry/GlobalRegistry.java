package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.NoQuorumException;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.codec.PidMapper;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import io.foundation.beam.process.BeamException;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jgroups.Address;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.Role;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide registry of names (Erlang's {@code global}, but consistent): a name is held by at most one
 * process in the whole cluster, decided by Raft among the {@link ClusterConfig#raftMembers() voters}. Clashes are
 * prevented, not resolved: during a partition only the side with a majority of the voters can register or
 * unregister (the other side gets a {@link NoQuorumException}), so there is nothing to reconcile after the merge.
 *
 * <p>Start: {@code RegistryState state = new RegistryState();}, {@code JGroupsTransport.start(config, state)}
 * (or with a {@link io.foundation.beam.cluster.internal.raft.RaftMultiplexer} holding it, to share the log), then
 * {@code new GlobalRegistry(transport, state, pidMapper, Kernel.of(runtime)::watchExit)}. Close it before the
 * transport. It proposes through a {@link RaftMachine}, which prefixes its id when the log is multiplexed.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li><b>Register</b> a live process of this node: committed by a majority (a follower forwards to the leader),
 *       or {@link NameAlreadyRegisteredException} naming the holder, or {@link NoQuorumException}. A process may
 *       hold several names. Registering a name the same process holds already succeeds.
 *   <li><b>Reads</b> ({@link #whereis}, {@link #names}) come from this node's replica, without a round trip: a
 *       follower's replica may lag the leader's by about a heartbeat (the leader's {@code resend_interval}, at
 *       most 100 ms), and a node cut off from the majority keeps its last state until it merges back.
 *   <li><b>Process death</b>: when a process of this node that holds names ends, this node proposes to remove
 *       them (only if still held by that process), retrying with backoff while there is no quorum, until closed.
 *   <li><b>Node death or partition</b>: the leader proposes to PURGE the names of node incarnations that are not
 *       in its view, at every view change, when it becomes leader, and every failure detection timeout. So a dead
 *       or cut-off node's names are freed on the majority side within about the failure detection timeout plus
 *       an election. The purged incarnations are marked cut off in the replicated state: a frozen node that thaws
 *       still believing it is a member gets a {@link NoQuorumException} from register (the leader refuses it
 *       deterministically), not a name that would be purged again. A node that was cut off and merges back finds
 *       its names gone (as Erlang's {@code global} after a nodedown); the leader unmarks it when it is in its view
 *       again (within about a failure detection timeout of the merge), then its processes may register again.
 *   <li><b>Leader change</b>: a registration or removal under way is proposed again to the new leader (commands
 *       are idempotent: a registration carries a random id and succeeds again for the same process, a removal
 *       names the holder), until the timeout.
 *   <li><b>After a partition heals</b> every replica catches up from the leader's log (or a snapshot): all agree.
 * </ul>
 *
 * <h2>Design</h2>
 * <b>Model.</b> A successful register or unregister returns once this node's replica shows it (read your own
 * writes here; other nodes may see it up to a heartbeat later). The state is {@link RegistryState}, applied by
 * jgroups-raft on every voter. This class proposes commands and keeps, for this node's registered processes, an
 * exit watch per name ({@code watches}: name to the holder and the cancel action), set after the registration is
 * committed (so a removal is always proposed after its registration), and removed when the name is unregistered
 * here or the removal is committed.
 *
 * <p><b>Threads.</b> Callers of {@link #register} and {@link #unregister} block on their own thread, polling the
 * proposal's future in short slices so that a lost quorum fails them at once. One daemon thread ({@code executor})
 * runs the background work: removals after a process ended (retried with backoff 50 ms doubling up to the failure
 * detection timeout) and PURGE (at most one in flight, {@code purgeInFlight}); it is triggered by view changes, by
 * the role listener (becoming leader) and every failure detection timeout. Exit callbacks and listeners only
 * submit tasks to it.
 *
 * <p><b>States.</b> Open, then closed ({@link #close}): closed stops the background work, cancels the exit
 * watches, refuses new calls with {@link IllegalStateException}; the replica stays readable until the transport
 * closes.
 *
 * <p><b>Invariants.</b> A name is in the replica only if a majority accepted it. A REGISTER whose outcome is
 * unknown when its caller gives up (timeout, lost quorum) is withdrawn in the background under its registration id,
 * so a caller that got an exception never holds the name for long, and a later registration is never removed by
 * that withdrawal.
 */
public final class GlobalRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalRegistry.class);
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long FIRST_BACKOFF_MS = 50;

    private final JGroupsTransport transport;
    private final RaftMachine raft;
    private final RegistryState state;
    private final PidMapper pids;
    private final ExitWatch exits;
    private final ClusterConfig config;
    private final ScheduledExecutorService executor;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicBoolean purgeInFlight = new AtomicBoolean();
    /** Nodes that left this node's view (to be marked cut off even if they hold no names); view thread writes. */
    private final Set<Node> departed = ConcurrentHashMap.newKeySet();
    private volatile Set<Node> lastMembers = Set.of();
    private final RAFT.RoleChange roleListener;
    private final Runnable membershipListener;
    private volatile boolean closed;

    /** An exit watch on a local holder of a name. */
    private record Watch(WirePid pid, Runnable cancel) {
    }

    /**
     * @param transport the started transport, with Raft
     * @param state the state machine given to {@link JGroupsTransport#start(ClusterConfig,
     *     org.jgroups.raft.StateMachine)}, or one of the machines of the
     *     {@link io.foundation.beam.cluster.internal.raft.RaftMultiplexer} given to it
     * @param pids maps pids to their wire form and back (the router)
     * @param exits tells when a local process ends (the runtime's kernel)
     * @throws IllegalArgumentException if the transport has no Raft, or another state machine
     */
    public GlobalRegistry(JGroupsTransport transport, RegistryState state, PidMapper pids, ExitWatch exits) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.state = Objects.requireNonNull(state, "state");
        this.pids = Objects.requireNonNull(pids, "pids");
        this.exits = Objects.requireNonNull(exits, "exits");
        this.config = transport.config();
        if (transport.raft().isEmpty()) {
            throw new IllegalArgumentException("node '" + config.nodeName() + "' has no raftMembers: the global "
                    + "registry needs them (ClusterConfig.Builder.raftMembers)");
        }
        this.raft = RaftMachine.of(transport, state);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beam-global-registry-" + config.nodeName());
            t.setDaemon(true);
            return t;
        });
        this.roleListener = role -> {
            if (role == Role.Leader) {
                purgeSoon();
            }
        };
        this.membershipListener = () -> {
            Set<Node> now = transport.members();
            for (Node n : lastMembers) {
                if (!now.contains(n)) {
                    departed.add(n);
                }
            }
            lastMembers = now;
            purgeSoon();
        };
        raft.addRoleListener(roleListener);
        transport.onMembershipChange(membershipListener);
        long period = config.failureDetectionTimeout().toMillis();
        executor.scheduleWithFixedDelay(() -> safely(this::purgeIfLeader), period, period, TimeUnit.MILLISECONDS);
        purgeSoon();
    }

    /**
     * Registers a name for a live process of this node, cluster-wide. Blocks until a majority of the voters
     * accepted it, at most {@link ClusterConfig#raftTimeout()}. When the process ends, the name is freed.
     *
     * @param name the name, not blank
     * @param pid a live process of this node
     * @throws NameAlreadyRegisteredException if another process holds the name (it names the holder)
     * @throws NoQuorumException at once if this node sees fewer than a majority of the voters, or if the majority
     *     did not accept it within the timeout (the registration is then withdrawn in the background)
     * @throws NoSuchProcessException if the process is not alive
     * @throws IllegalArgumentException if the process is not of this node
     * @throws IllegalStateException if the registry is closed
     */
    public void register(String name, ProcessRef pid) {
        checkName("register", name);
        Objects.requireNonNull(pid, "pid");
        checkOpen();
        WirePid wire = pids.toWire(pid);
        Node self = transport.self();
        if (!wire.node().equals(self.name()) || wire.incarnation() != self.incarnation()) {
            throw new IllegalArgumentException("register(" + name + "): " + pid + " is a process of node '"
                    + wire.node() + "', not of this node '" + self.name() + "'; register it on its own node");
        }
        if (!pid.isAlive()) {
            throw new NoSuchProcessException("register(" + name + "): process " + pid + " is not alive");
        }
        long registration = newRegistrationId();
        long deadline = System.nanoTime() + config.raftTimeout().toNanos();
        byte[] answer = propose("register", name, RegistryState.register(name, wire, registration),
                () -> removeInBackground(name, wire, registration));
        Optional<WirePid> holder;
        try {
            holder = RegistryState.registerAnswer(answer);
        } catch (RegistryState.CutOffException e) {
            List<String> visible = visibleVoters();
            throw new NoQuorumException("register(" + name + ") on node '" + config.nodeName() + "' failed: the "
                    + "majority cut this node off (it left the leader's view, so its global names were freed); it "
                    + "can register again once it has merged back into the cluster. Only the majority side of a "
                    + "partition can register global names", config.nodeName(), visible, config.raftMajority());
        } catch (IOException e) {
            throw new BeamException("register(" + name + "): unreadable answer from the registry", e);
        }
        if (holder.isPresent()) {
            throw new NameAlreadyRegisteredException(name, pids.fromWire(holder.get()));
        }
        watch(name, pid, wire);
        awaitReplica(deadline, () -> !pid.isAlive() || state.get(name).map(e -> e.pid().equals(wire)).orElse(false));
        LOG.debug("Node {}: global name '{}' registered to {}", self, name, pid);
    }

    /**
     * Frees a name cluster-wide, whichever process of whichever node holds it (as this node's replica says).
     * Blocks until a majority accepted it, at most {@link ClusterConfig#raftTimeout()}. Does nothing if the name
     * is free here.
     *
     * @param name the name
     * @throws NoQuorumException at once if this node sees fewer than a majority of the voters, or if the majority
     *     did not accept it within the timeout (the name may still be freed)
     * @throws IllegalStateException if the registry is closed
     */
    public void unregister(String name) {
        checkName("unregister", name);
        checkOpen();
        Optional<RegistryState.Entry> current = state.get(name);
        if (current.isEmpty()) {
            return;
        }
        WirePid holder = current.get().pid();
        long deadline = System.nanoTime() + config.raftTimeout().toNanos();
        propose("unregister", name, RegistryState.unregister(name, holder, 0), () -> { });
        awaitReplica(deadline, () -> !state.get(name).map(e -> e.pid().equals(holder)).orElse(false));
        Watch w = watches.get(name);
        if (w != null && w.pid().equals(holder) && watches.remove(name, w)) {
            w.cancel().run();
        }
    }

    /**
     * The process that holds a name, from this node's replica (no round trip). A follower's replica may lag the
     * leader by about a heartbeat: a name registered elsewhere a moment ago may not be seen yet.
     *
     * @param name the name
     * @return its holder, as this node names it
     */
    public Optional<ProcessRef> whereis(String name) {
        Objects.requireNonNull(name, "name");
        return state.get(name).map(e -> pids.fromWire(e.pid()));
    }

    /** @return every global name and its holder, from this node's replica, sorted by name */
    public Map<String, ProcessRef> names() {
        Map<String, ProcessRef> result = new LinkedHashMap<>();
        state.entries().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> result.put(e.getKey(), pids.fromWire(e.getValue().pid())));
        return result;
    }

    /** @return whether this node is the Raft leader now */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** @return whether this node knows a leader now (one is elected and in its view) */
    public boolean hasLeader() {
        return raft.leader() != null;
    }

    /** @return the node name of the leader this node knows now, if any (from its address, else its logical name) */
    public Optional<String> leaderName() {
        Address leader = raft.leader();
        if (leader == null) {
            return Optional.empty();
        }
        String name = JGroupsTransport.nameOf(leader);
        return Optional.ofNullable(name != null ? name : NameCache.get(leader));
    }

    /**
     * Stops the background work (pending removals are dropped: the leader's PURGE frees the names once this node
     * leaves) and cancels the exit watches. Does not close the transport. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        raft.removeRoleListener(roleListener);
        transport.removeMembershipListener(membershipListener);
        executor.shutdownNow();
        for (String name : List.copyOf(watches.keySet())) {
            Watch w = watches.remove(name);
            if (w != null) {
                w.cancel().run();
            }
        }
    }

    @Override
    public String toString() {
        return "GlobalRegistry[" + config.nodeName() + ", leader=" + raft.leader() + ", names=" + state.entries().size()
                + "]";
    }

    // ---- proposals

    /**
     * Proposes a command and waits for its answer, retrying on a leader change, failing at once when the quorum is
     * lost; if it gives up after sending, {@code onUnknown} runs (the command may still be committed).
     */
    private byte[] propose(String what, String name, byte[] command, Runnable onUnknown) {
        long timeoutNanos = config.raftTimeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        checkQuorum(what, name);
        boolean sent = false;
        CompletableFuture<byte[]> pending = null;
        Address sentTo = null;
        Throwable lastFailure = null;
        while (true) {
            checkOpen();
            Address leader = raft.leader();
            if (pending != null && leader != null && !leader.equals(sentTo)) {
                pending = null; // the leader changed: the old one may never answer; propose again (idempotent)
            }
            if (pending == null && leader != null) {
                try {
                    pending = raft.setAsync(command, 0, command.length, null);
                    sentTo = leader;
                    sent = true;
                } catch (Exception e) {
                    lastFailure = e;
                }
            }
            if (pending != null) {
                try {
                    return pending.get(SLICE_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // still waiting
                } catch (ExecutionException e) {
                    lastFailure = e.getCause();
                    pending = null;
                    LockSupport.parkNanos(SLICE_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (sent) {
                        onUnknown.run();
                    }
                    throw new BeamException(what + "(" + name + "): interrupted while waiting for the majority", e);
                }
            } else {
                LockSupport.parkNanos(SLICE_NANOS);
            }
            try {
                checkQuorum(what, name);
            } catch (NoQuorumException e) {
                if (sent) {
                    onUnknown.run();
                }
                throw e;
            }
            if (System.nanoTime() - deadline > 0) {
                if (sent) {
                    onUnknown.run();
                }
                List<String> visible = visibleVoters();
                String why = raft.leader() == null ? "no leader was elected" : "the leader did not commit it";
                throw new NoQuorumException(what + "(" + name + ") on node '" + config.nodeName() + "' failed: "
                        + why + " within the raftTimeout of " + config.raftTimeout().toMillis() + " ms although this "
                        + "node sees " + visible.size() + " of the voters " + config.raftMembers() + " " + visible
                        + " (" + config.raftMajority() + " needed); the majority may be overloaded or partitioned"
                        + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")"),
                        config.nodeName(), visible, config.raftMajority());
            }
        }
    }

    private void checkQuorum(String what, String name) {
        List<String> visible = visibleVoters();
        if (visible.size() < config.raftMajority()) {
            throw new NoQuorumException(what + "(" + name + ") on node '" + config.nodeName() + "' failed: this "
                    + "node sees " + visible.size() + " of the " + config.raftMembers().size() + " Raft voters "
                    + config.raftMembers() + " (" + visible + "), and " + config.raftMajority() + " are needed. Only "
                    + "the majority side of a partition can register or unregister global names; this node is on a "
                    + "minority side, or the other voters are down",
                    config.nodeName(), visible, config.raftMajority());
        }
    }

    /** @return the voters in this node's view (itself included), in the configured order */
    public List<String> visibleVoters() {
        return raft.visibleVoters();
    }

    /**
     * After a commit, waits (at most until the deadline) until this node's replica shows it: so that a caller reads
     * its own writes here. The leader answers when a majority has the entry, possibly before this follower applied
     * it.
     */
    private void awaitReplica(long deadline, BooleanSupplier applied) {
        try {
            state.awaitUntil(applied, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- local holders

    private void watch(String name, ProcessRef pid, WirePid wire) {
        Watch[] replaced = new Watch[1];
        watches.compute(name, (k, old) -> {
            if (old != null && old.pid().equals(wire)) {
                return old;
            }
            replaced[0] = old;
            return new Watch(wire, exits.watchExit(pid, reason -> removeInBackground(name, wire, 0)));
        });
        if (replaced[0] != null) {
            replaced[0].cancel().run();
        }
    }

    /** Proposes UNREGISTER(name, pid, registration) until it is committed or this registry is closed. */
    private void removeInBackground(String name, WirePid pid, long registration) {
        submit(() -> tryRemove(name, pid, registration, FIRST_BACKOFF_MS), 0);
    }

    private void tryRemove(String name, WirePid pid, long registration, long backoff) {
        if (closed) {
            return;
        }
        long next = Math.min(backoff * 2, Math.max(FIRST_BACKOFF_MS, config.failureDetectionTimeout().toMillis()));
        if (visibleVoters().size() < config.raftMajority() || raft.leader() == null) {
            submit(() -> tryRemove(name, pid, registration, next), backoff);
            return;
        }
        byte[] command = RegistryState.unregister(name, pid, registration);
        try {
            raft.setAsync(command, 0, command.length, null)
                    .orTimeout(config.raftTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answer, failure) -> {
                        if (failure == null) {
                            Watch w = watches.get(name);
                            if (w != null && w.pid().equals(pid) && registration == 0) {
                                watches.remove(name, w);
                            }
                            LOG.debug("Node {}: global name '{}' of {} freed ({})", config.nodeName(), name, pid,
                                    answer != null && answer.length > 0 && answer[0] == 1 ? "removed" : "not held");
                        } else {
                            submit(() -> tryRemove(name, pid, registration, next), backoff);
                        }
                    });
        } catch (Exception e) {
            submit(() -> tryRemove(name, pid, registration, next), backoff);
        }
    }

    // ---- purge

    private void purgeSoon() {
        submit(this::purgeIfLeader, 0);
    }

    /** On the leader: proposes PURGE of the names held by node incarnations that are not in its view. */
    private void purgeIfLeader() {
        if (closed || !raft.isLeader()) {
            return;
        }
        Set<Node> live = new HashSet<>(transport.members());
        live.add(transport.self());
        Set<Node> gone = new HashSet<>(state.holders());
        gone.addAll(departed);
        gone.removeAll(live);
        Set<Node> cutOff = state.cutOff();
        departed.removeIf(n -> cutOff.contains(n) || live.contains(n));
        gone.removeIf(n -> cutOff.contains(n) && !state.holders().contains(n));
        Set<String> liveNames = new HashSet<>();
        live.forEach(n -> liveNames.add(n.name()));
        Set<Node> back = new HashSet<>();
        for (Node n : cutOff) {
            if (liveNames.contains(n.name())) {
                back.add(n); // merged back, or another incarnation of its name is here (the old one is gone)
            }
        }
        if ((gone.isEmpty() && back.isEmpty()) || !purgeInFlight.compareAndSet(false, true)) {
            return;
        }
        byte[] command = gone.isEmpty() ? RegistryState.restore(back) : RegistryState.purge(gone);
        try {
            raft.setAsyncAsLeader(command, 0, command.length)
                    .orTimeout(config.raftTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answer, failure) -> {
                        purgeInFlight.set(false);
                        if (failure != null) {
                            LOG.debug("Node {}: purging the names of {} failed: {}", config.nodeName(), gone,
                                    failure.toString());
                        } else if (!gone.isEmpty()) {
                            LOG.info("Node {}: freed the global names of nodes no longer in the cluster: {}",
                                    config.nodeName(), gone);
                            purgeSoon(); // restore what may be back meanwhile
                        } else {
                            LOG.info("Node {}: nodes back in the cluster may register again: {}",
                                    config.nodeName(), back);
                        }
                    });
        } catch (RuntimeException e) {
            purgeInFlight.set(false);
            LOG.debug("Node {}: cannot purge the names of {}: {}", config.nodeName(), gone, e.toString());
        }
    }

    // ---- helpers

    private void submit(Runnable task, long delayMs) {
        if (closed) {
            return;
        }
        try {
            executor.schedule(() -> safely(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Node {}: a global registry task failed", config.nodeName(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the global registry of node '" + config.nodeName() + "' is closed");
        }
    }

    private static void checkName(String method, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(method + ": a global name must not be blank, but was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
    }

    private static long newRegistrationId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }
}
