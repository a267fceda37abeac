package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.RemoteException;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.journal.Completion;
import io.foundation.beam.cluster.internal.journal.ItemId;
import io.foundation.beam.cluster.internal.journal.JournalAppender;
import io.foundation.beam.cluster.internal.journal.JournalItem;
import io.foundation.beam.cluster.internal.journal.JournalListener;
import io.foundation.beam.cluster.internal.journal.WorkJournal;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.EcosystemOverloadedException;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.EcosystemUnavailableException;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A distributed ecosystem as one node sees it: submissions from this node, their futures, and this node's share of
 * the workers (a local ecosystem of the same name, absent when the distribution does not select this node).
 *
 * <h2>Design</h2>
 * <b>Submit.</b> The work is encoded by the cluster's codec on the caller's thread (a value that cannot cross fails
 * there, naming its class and the setting), refused at once when this node sees no majority of the Raft voters
 * ({@link EcosystemUnavailableException}) or holds {@link EcosystemConfig#maxPendingWork()} unfinished submissions
 * ({@link EcosystemOverloadedException}), then appended to the journal through the {@link JournalAppender} (batched).
 * The future is registered under the item's id before the item can reach the log.
 *
 * <p><b>Complete, exactly once.</b> The journal replica tells {@code completed} once per item; the handle removes
 * the item's future from {@code futures} (atomically: at most one completer) and completes it on the completion
 * executor, never on jgroups-raft's apply thread. A failed append fails the future with
 * {@link EcosystemUnavailableException} and removes it, so a completion that still comes (an append that timed out
 * but committed) finds no future: the future has had its one outcome.
 *
 * <p><b>Leaving gracefully.</b> {@code shutdown(drain, timeout)} with a drain first tells this node's agent to leave
 * ({@link NodeAgent.Leave}: the coordinator dispatches nothing more here, the agent answers what it holds), then
 * waits, within the drain, for this node's submissions and for the agent to hold nothing; then it ends the agent
 * (the coordinator re-dispatches what it still held, if the drain ran out) and the share. Accepted work never fails
 * because its worker's node left.
 *
 * <p><b>Views.</b> {@link #workers()}, {@link #supervisor()}, {@link #info()}, {@link #messageStats()},
 * {@link #restartWorker} and {@link #resize} are this node's share's. {@link #health()} is the share's, made CRITICAL
 * when this node sees no majority and DEGRADED while no coordinator is known.
 */
final class DistributedEcosystemHandle implements Ecosystem {

    private final io.foundation.beam.BeamRuntime runtime;
    private final EcosystemConfig config;
    private final Ecosystem share;
    private final ProcessRef agent;
    private final AtomicReference<ProcessRef> coordinator;
    private final Node self;
    private final RaftMachine raft;
    private final WorkJournal journal;
    private final MessageCodec codec;
    private final JournalAppender appender;
    private final Executor completer;
    private final Consumer<DistributedEcosystemHandle> onStop;
    private final CoordinatorStats stats;
    private final Map<ItemId, CompletableFuture<Object>> futures = new ConcurrentHashMap<>();
    /** Whether the journal is submitter-local (else replicated). */
    private final boolean submitterLocal;
    /** Journal submitter-local: the unfinished items of this node, by id; the futures are in {@code futures}. */
    private final Map<ItemId, JournalItem> localItems = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong localSequence = new java.util.concurrent.atomic.AtomicLong();
    /** Journal submitter-local: this node's submitter process and the coordinator it follows; set once. */
    private volatile ProcessRef localSubmitter;
    private volatile AtomicReference<ProcessRef> localCoordinator = new AtomicReference<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final JournalListener listener;

    DistributedEcosystemHandle(io.foundation.beam.BeamRuntime runtime, EcosystemConfig config, Ecosystem share, ProcessRef agent,
            AtomicReference<ProcessRef> coordinator, Node self, RaftMachine raft, WorkJournal journal,
            MessageCodec codec, Executor completer, CoordinatorStats stats,
            Consumer<DistributedEcosystemHandle> onStop) {
        this.runtime = runtime;
        this.config = config;
        this.share = share;
        this.agent = agent;
        this.coordinator = coordinator;
        this.self = self;
        this.raft = raft;
        this.journal = journal;
        this.codec = codec;
        this.completer = completer;
        this.stats = stats;
        this.onStop = onStop;
        this.appender = new JournalAppender(raft, self, config.name(), JournalAppender.DEFAULT_MAX_BATCH_BYTES);
        this.submitterLocal = config.distribution().journal() == io.foundation.beam.ecosystem.Distribution.Journal
                .SUBMITTER_LOCAL;
        String name = config.name();
        this.listener = new JournalListener() {
            @Override
            public void completed(String ecosystem, ItemId id, Completion completion) {
                if (ecosystem.equals(name) && id.node().equals(self.name()) && id.incarnation() == self.incarnation()) {
                    finish(id, completion);
                }
            }

            @Override
            public void snapshotLoaded(WorkJournal replica, Set<String> ecosystems) {
                // completions applied while this node lagged are in the snapshot's outcomes, not told one by one
                for (Completion completion : replica.outcomesOf(name, self)) {
                    finish(completion.id(), completion);
                }
            }
        };
        journal.addListener(listener);
    }

    /**
     * @param ecosystem an ecosystem's name
     * @return the process group of its node agents
     */
    static String agentsGroup(String ecosystem) {
        return "foundation.beam.ecosystem." + ecosystem + ".agents";
    }

    // ------------------------------------------------------------------ submit and complete

    @Override
    public CompletableFuture<Object> submit(Object work) {
        return submit(null, work);
    }

    @Override
    public CompletableFuture<Object> submit(Object key, Object work) {
        if (stopped.get()) {
            throw new EcosystemStoppedException("distributed ecosystem '" + config.name() + "' is stopped on node '"
                    + self.name() + "': it takes no work here");
        }
        List<String> voters = raft.visibleVoters();
        int majority = raft.config().raftMajority();
        if (voters.size() < majority) {
            throw unavailable("node '" + self.name() + "' sees " + voters.size() + " of the Raft voters "
                    + raft.config().raftMembers() + " (" + voters + "), and a majority is " + majority
                    + ": it is cut off from the rest of the cluster (a partition) or too many nodes are down. Nothing "
                    + "was accepted; retry later or on a node of the majority", null);
        }
        if (futures.size() >= config.maxPendingWork()) {
            throw new EcosystemOverloadedException(config.name(), "distributed ecosystem '" + config.name()
                    + "' holds " + futures.size() + " unfinished submissions from node '" + self.name()
                    + "' (maxPendingWork " + config.maxPendingWork() + "): slow down or raise maxPendingWork");
        }
        byte[] encoded = codec.encode(work);
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (submitterLocal) {
            return submitLocally(key, encoded, result);
        }
        ItemId[] id = new ItemId[1];
        appender.accept(key == null ? null : String.valueOf(key), encoded, assigned -> {
            id[0] = assigned;
            futures.put(assigned, result);
        }).whenComplete((accepted, failure) -> {
            if (failure != null) {
                if (id[0] != null) {
                    futures.remove(id[0], result);
                }
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause()
                        != null ? failure.getCause() : failure;
                completer.execute(() -> result.completeExceptionally(unavailable("a submission to node '"
                        + self.name() + "' was not committed to the journal: " + cause.getMessage() + ". It is not "
                        + "known to be accepted (if the commit timed out it may still run)", cause)));
            }
        });
        return result;
    }

    /**
     * Journal submitter-local: the item is accepted once it is in this node's {@code localItems} (see
     * {@link LocalSubmitter} for how it reaches a coordinator whatever happens to them).
     */
    private CompletableFuture<Object> submitLocally(Object key, byte[] encoded, CompletableFuture<Object> result) {
        ItemId id = new ItemId(self.name(), self.incarnation(), localSequence.incrementAndGet());
        JournalItem item = new JournalItem(id, key == null ? null : String.valueOf(key), encoded);
        futures.put(id, result);
        localItems.put(id, item);
        ProcessRef to = localCoordinator.get();
        if (to != null) {
            to.send(new EcosystemWire.Submit(localSubmitter, List.of(item)));
        }
        return result;
    }

    /**
     * Journal submitter-local: wires this handle to its node's {@link LocalSubmitter}; called once, before the handle
     * is given out.
     *
     * @param submitter the submitter process
     * @param coordinator the coordinator it follows
     */
    void attachSubmitter(ProcessRef submitter, AtomicReference<ProcessRef> coordinator) {
        this.localSubmitter = submitter;
        this.localCoordinator = coordinator;
    }

    /** @return the unfinished items of this node (journal submitter-local), for the submitter's resends */
    java.util.Collection<JournalItem> unfinishedItems() {
        return localItems.values();
    }

    /**
     * Journal submitter-local: an outcome from a coordinator; the first one for an item completes its future.
     *
     * @param outcome the outcome
     */
    void outcome(EcosystemWire.Outcome outcome) {
        if (localItems.remove(outcome.id()) != null) {
            finish(outcome.id(), new Completion(outcome.id(), outcome.epoch(), outcome.attempt(), outcome.success(),
                    outcome.outcome()));
        }
    }

    /**
     * @param ecosystem an ecosystem's name
     * @return the process group of its submitters (journal submitter-local)
     */
    static String submittersGroup(String ecosystem) {
        return "foundation.beam.ecosystem." + ecosystem + ".submitters";
    }

    private EcosystemUnavailableException unavailable(String why, Throwable cause) {
        return new EcosystemUnavailableException(config.name(), "distributed ecosystem '" + config.name()
                + "' is unavailable: " + why, cause);
    }

    private void finish(ItemId id, Completion completion) {
        CompletableFuture<Object> future = futures.remove(id);
        // The journal holds the outcome until this node releases it (batched); a failed release leaves it until the
        // coordinator forgets this incarnation. (Submitter-local: the journal never had it.)
        try {
            if (!submitterLocal) {
                appender.release(id);
            }
        } catch (IllegalStateException stopped) {
            // this node's part is stopping: the coordinator forgets this incarnation's outcomes when it is gone
        }
        if (future == null) {
            return;
        }
        completer.execute(() -> {
            Object value;
            try {
                value = codec.decode(completion.outcome());
            } catch (IOException | RuntimeException e) {
                future.completeExceptionally(new WorkFailedException("the outcome of work " + id + " of ecosystem '"
                        + config.name() + "' cannot be read on node '" + self.name() + "': " + e.getMessage(),
                        completion.attempt(), e));
                return;
            }
            if (completion.success()) {
                future.complete(value);
            } else {
                future.completeExceptionally(failure(id, completion, value));
            }
        });
    }

    private Throwable failure(ItemId id, Completion completion, Object value) {
        if (value instanceof RemoteException remote && isRefusal(remote.originalClassName())) {
            // as on one node: the worker refused the work itself; the future fails with a WorkRefusedException
            return new WorkRefusedException(remote.originalMessage(), remote);
        }
        if (value instanceof RemoteException remote
                && remote.originalClassName().equals(WorkFailedException.class.getName())) {
            return new WorkFailedException(remote.originalMessage(), completion.attempt(),
                    remote.getCause() != null ? remote.getCause() : remote);
        }
        if (value instanceof WorkFailedException local) {
            return local; // made by the coordinator on this node
        }
        Throwable cause = value instanceof Throwable t ? t : null;
        return new WorkFailedException("work " + id + " of ecosystem '" + config.name() + "' failed: "
                + (cause != null ? cause.getMessage() : value), completion.attempt(), cause);
    }

    /**
     * @param className the class of an exception thrown on another node
     * @return whether it is a {@link WorkRefusedException} (or a subclass this node has), without initialising it
     */
    private static boolean isRefusal(String className) {
        if (className.equals(WorkRefusedException.class.getName())) {
            return true;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return WorkRefusedException.class.isAssignableFrom(Class.forName(className, false,
                    loader != null ? loader : DistributedEcosystemHandle.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return how many submissions from this node have not completed */
    int unfinished() {
        return futures.size();
    }

    // ------------------------------------------------------------------ the rest of Ecosystem

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public EcosystemConfig config() {
        return config;
    }

    @Override
    public void send(Object message) {
        throw unsupported("send");
    }

    @Override
    public Object call(Object message) {
        throw unsupported("call");
    }

    @Override
    public BroadcastReport broadcast(Object message) {
        throw unsupported("broadcast");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not supported by distributed ecosystem '"
                + config.name() + "': its coordinator is the cluster's, which takes only work (submit)");
    }

    @Override
    public ProcessRef coordinator() {
        ProcessRef known = coordinator.get();
        if (known == null) {
            throw new IllegalStateException("distributed ecosystem '" + config.name() + "': node '" + self.name()
                    + "' knows no coordinator yet (the journal's epoch is " + journal.epoch(config.name()) + ")");
        }
        return known;
    }

    @Override
    public List<ProcessRef> workers() {
        return share == null ? List.of() : share.workers();
    }

    @Override
    public ProcessRef supervisor() {
        return localShare("supervisor").supervisor();
    }

    private Ecosystem localShare(String what) {
        if (share == null) {
            throw new IllegalStateException("distributed ecosystem '" + config.name() + "' runs no workers on node '"
                    + self.name() + "' (its distribution selects " + config.distribution().nodes() + "), so it has no "
                    + what + " here");
        }
        return share;
    }

    @Override
    public EcosystemInfo info() {
        return localShare("info").info();
    }

    @Override
    public Optional<EcosystemMessageStats> messageStats() {
        return share == null ? Optional.empty() : share.messageStats();
    }

    @Override
    public EcosystemHealth health() {
        EcosystemHealth base = share != null ? share.health() : new EcosystemHealth(EcosystemHealth.Status.HEALTHY,
                EcosystemHealth.CoordinatorState.ALIVE, 0, 0, 0, EcosystemHealth.MemoryPressure.LOW, 0.0, 0, List.of());
        List<String> reasons = new ArrayList<>(base.reasons());
        EcosystemHealth.Status status = base.status();
        EcosystemHealth.CoordinatorState coordinatorState = base.coordinator();
        if (stopped.get()) {
            return new EcosystemHealth(EcosystemHealth.Status.CRITICAL, EcosystemHealth.CoordinatorState.DEAD,
                    base.workersAlive(), base.workersDead(), base.workersTotal(), base.memoryPressure(),
                    base.heapUsedRatio(), base.backlog(), List.of("stopped on node '" + self.name() + "'"));
        }
        List<String> voters = raft.visibleVoters();
        int majority = raft.config().raftMajority();
        Optional<Node> known = journal.coordinator(config.name());
        if (voters.size() < majority) {
            status = EcosystemHealth.Status.CRITICAL;
            reasons.add("no majority: node '" + self.name() + "' sees " + voters.size() + " of "
                    + raft.config().raftMembers().size() + " Raft voters " + voters + ", needs " + majority
                    + "; submissions are refused here");
        } else if (known.isEmpty() || !isUp(known.get())) {
            coordinatorState = EcosystemHealth.CoordinatorState.RESTARTING;
            if (status == EcosystemHealth.Status.HEALTHY) {
                status = EcosystemHealth.Status.DEGRADED;
            }
            reasons.add("no coordinator " + (known.isEmpty() ? "has started yet" : "on a live node (last: "
                    + known.get() + ")") + ": a new one starts on the Raft leader; submissions wait");
        }
        return new EcosystemHealth(status, coordinatorState, base.workersAlive(), base.workersDead(),
                base.workersTotal(), base.memoryPressure(), base.heapUsedRatio(), base.backlog(), List.copyOf(reasons));
    }

    private boolean isUp(Node node) {
        return node.equals(self) || upNodes.get().contains(node);
    }

    /** The other nodes up now; set by the provider. */
    private final AtomicReference<Set<Node>> upNodes = new AtomicReference<>(Set.of());

    void nodesUp(Set<Node> nodes) {
        upNodes.set(Set.copyOf(nodes));
    }

    /** @return the journal's epoch of this ecosystem, as this node's replica has it */
    long journalEpoch() {
        return journal.epoch(config.name());
    }

    /** @return the journal's coordinator node incarnation, as this node's replica has it */
    Optional<Node> journalCoordinator() {
        return journal.coordinator(config.name());
    }

    /**
     * @param submitter a submitter's node incarnation
     * @return how many outcomes of its items this node's replica holds
     */
    int outcomesOf(Node submitter) {
        return journal.outcomesOf(config.name(), submitter).size();
    }

    /**
     * @param submitter a submitter's node incarnation
     * @return whether this node's replica still remembers it as a submitter (it had items accepted and was not
     *     forgotten)
     */
    boolean remembers(Node submitter) {
        return journal.submitters(config.name()).contains(submitter);
    }

    /** @return the coordinator's node and epoch as the journal has them, and this node's coordinator stats */
    CoordinatorStats stats() {
        return stats;
    }

    @Override
    public EcosystemShutdownReport shutdown(Duration timeout) {
        return shutdown(Duration.ZERO, timeout);
    }

    @Override
    public EcosystemShutdownReport shutdown(Duration drain, Duration timeout) {
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(timeout, "timeout");
        if (drain.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("distributed ecosystem '" + config.name() + "': drain " + drain
                    + " and timeout " + timeout + " must not be negative");
        }
        if (!stopped.compareAndSet(false, true)) {
            return new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO);
        }
        long start = System.nanoTime();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        if (!drain.isZero() && agent != null) {
            agent.send(new NodeAgent.Leave(drained));
        } else {
            drained.complete(null);
        }
        // Accepted work is the cluster's: it completes on the other nodes even if this one goes. Wait for this
        // node's submissions for the drain period, then stop the agent (the coordinator re-dispatches what it held)
        // and the share.
        if (!drain.isZero()) {
            List<CompletableFuture<?>> waits = new ArrayList<>(futures.values());
            waits.add(drained);
            try {
                CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                        .get(drain.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a failed future is an outcome too; what is left after the drain is abandoned below
            }
        }
        int abandoned = futures.size();
        journal.removeListener(listener);
        appender.close();
        for (ItemId id : List.copyOf(futures.keySet())) {
            CompletableFuture<Object> f = futures.remove(id);
            if (f != null) {
                f.completeExceptionally(new EcosystemStoppedException("distributed ecosystem '" + config.name()
                        + "' stopped on node '" + self.name() + "' before work " + id + " completed; " + (submitterLocal
                        ? "its journal is submitter-local, so the work is dropped with this node's submitter"
                        : "the work was accepted and the cluster still runs it, but its outcome no longer reaches "
                                + "this node")));
            }
        }
        localItems.clear();
        ExitReason stopping = ExitReason.shutdown("distributed ecosystem '" + config.name() + "' stopped on node '"
                + self.name() + "'");
        if (agent != null) {
            runtime.exit(agent, stopping);
        }
        if (localSubmitter != null) {
            runtime.exit(localSubmitter, stopping);
        }
        EcosystemShutdownReport local = share == null ? new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO)
                : share.shutdown(timeout);
        onStop.accept(this);
        return new EcosystemShutdownReport(local.stopped(), local.killed(), local.orphaned(),
                local.abandonedWork() + abandoned, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public boolean isRunning() {
        return !stopped.get() && (share == null || share.isRunning());
    }

    @Override
    public ProcessRef restartWorker(int index) {
        return localShare("worker").restartWorker(index);
    }

    @Override
    public int resize(int workers) {
        return localShare("worker").resize(workers);
    }

    @Override
    public String toString() {
        return "DistributedEcosystem[" + config.name() + " on " + self + ", unfinished " + futures.size()
                + (stopped.get() ? ", stopped" : "") + "]";
    }
}
