package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.cluster.GroupJoined;
import io.foundation.beam.cluster.GroupMonitor;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.ProcessGroups;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.CoordinatorUp;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Dispatch;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Done;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Hello;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Outcome;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Leaving;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Ready;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Returned;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Stale;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Submit;
import io.foundation.beam.cluster.internal.journal.Completion;
import io.foundation.beam.cluster.internal.journal.ItemId;
import io.foundation.beam.cluster.internal.journal.JournalAppender;
import io.foundation.beam.cluster.internal.journal.JournalCommands;
import io.foundation.beam.cluster.internal.journal.JournalItem;
import io.foundation.beam.cluster.internal.journal.JournalListener;
import io.foundation.beam.cluster.internal.journal.WorkJournal;
import io.foundation.beam.cluster.internal.raft.RaftBatcher;
import io.foundation.beam.cluster.internal.raft.RaftMachine;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Distribution.Placement;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The one coordinator of a distributed ecosystem in the cluster, for one epoch: it runs on the Raft leader's node
 * (started by {@link DistributedEcosystemProvider} when this node becomes leader, killed when it stops being leader)
 * and dispatches the journal's pending items to the node agents.
 *
 * <h2>Design</h2>
 * <b>Start.</b> {@code init} commits COORDINATOR_STARTED(epoch = the Raft term, this node) through this node as
 * leader and waits for it; if it does not commit, or the journal answers a higher epoch, the process ends (the
 * provider tries again while this node leads). Then it listens to the journal (forwarded to itself as messages),
 * reads the pending items (every one, whatever an earlier coordinator had dispatched: at-least-once), monitors the
 * agents' group and says {@link Hello} to each agent.
 *
 * <p><b>State</b> (the process's own; no lock): the items waiting for an agent, in acceptance order; the items in
 * flight, each with its agent and attempt; the items answered whose COMPLETE is being committed; the agents that
 * answered {@link Ready} (monitored), each with its workers, capacity, items in flight and whether it is leaving; the
 * submitter incarnations whose FORGET it proposed. An item is in exactly one
 * of waiting, in flight, completing, until the journal says it completed (then it is forgotten).
 *
 * <p><b>Dispatch.</b> While an item waits and an agent has room (fewer in flight than its capacity), the item goes
 * to the agent the placement picks: round robin, least loaded (fewest in flight per worker) or random, among those
 * with room; under KEY_HASH dispatch an item with a key goes to the agent its key hashes to (agents ordered by node
 * name), waiting while that agent is full, so that one key stays in order on one node.
 *
 * <p><b>Outcomes.</b> A {@link Done} of this epoch for an item in flight frees its agent's slot and is appended to
 * the journal as COMPLETE (batched); the journal applies the first completion of an item and fences older epochs.
 * If the append fails (this node lost the majority or leadership), the coordinator ends: its successor re-dispatches.
 * A {@link Stale} answer (an agent has seen a newer epoch) ends it too.
 *
 * <p><b>Lost agents.</b> An agent's {@code Down} (its node lost: {@code noconnection}; or the agent ended) puts its
 * items in flight back at the head of the waiting items, each with one more attempt. An item dispatched more than
 * {@code maxAttempts} times that way is completed as failed ({@link WorkFailedException}): a piece of work that takes
 * its node down each time does not take down the cluster.
 *
 * <p><b>Journal submitter-local.</b> Then the items never enter the replicated journal: after COORDINATOR_STARTED
 * commits, the coordinator sends {@link CoordinatorUp} to the members of the submitters' group (and to each that joins
 * later); each submitter answers with every unfinished item it holds ({@link Submit}), and sends new ones as they are
 * submitted. An item this coordinator holds already is ignored. Its outcome goes straight back to its submitter as an
 * {@link Outcome} (nothing is committed), and the item is forgotten. A submitter's {@code Down} drops its waiting
 * items (their futures are gone; one cut off by a partition sends them again to the coordinator it hears of next).
 * Dispatch, lost and leaving agents work as with the replicated journal.
 *
 * <p><b>Leaving agents.</b> A {@link Leaving} agent (its node's share shuts down with a drain) gets no new item: it
 * leaves the dispatch ring but stays known, so that its {@link Done}s of the items it holds still count; an item
 * it sends back ({@link Returned}: dispatched before the coordinator heard it leave) goes back to the head of the
 * waiting items with the same attempt; when it
 * ends, its {@code Down} re-dispatches what it did not answer, as for a lost agent, with one more attempt but never
 * completed as failed for {@code maxAttempts}: leaving is not the work's fault.
 *
 * <p><b>Forgetting submitters.</b> The provider tells the coordinator the nodes up ({@link NodesUp}: at its start and
 * on each view change). A submitter incarnation that the journal still remembers (its {@link WorkJournal#submitters})
 * is gone for good when a node of the same name with another incarnation is up: a node name is up once at a time, so
 * that node restarted and its old incarnation's futures are gone with the old JVM. The coordinator then commits
 * FORGET for it (once per coordinator; a failed proposal is tried again at the next view), so the journal stops
 * holding its outcomes. A node merely down (a partition: it may come back with the same incarnation, its futures
 * still waiting) is never forgotten.
 */
final class ClusterCoordinator implements ProcessHandler {

    /** Local only: what the journal applied, forwarded to the coordinator's mailbox. */
    private record Accepted(List<JournalItem> items) {
    }

    /** Local only. */
    private record Completed(ItemId id) {
    }

    /** Local only: the journal was replaced by a snapshot; re-read the pending items. */
    private record Resync() {
    }

    /**
     * Local only, from the provider: the nodes up now (this one included).
     *
     * @param nodes the nodes up
     */
    record NodesUp(Set<Node> nodes) {
    }

    /** Local only: a COMPLETE append failed. */
    private record AppendFailed(Throwable cause) {
    }

    /** Local only: a FORGET proposal failed; tried again at the next {@link NodesUp}. */
    private record ForgetFailed(Node submitter) {
    }

    private record InFlight(AgentState agent, int attempt, JournalItem item) {
    }

    private static final class AgentState {
        final ProcessRef pid;
        final String node;
        final int workers;
        final int capacity;
        final MonitorRef monitor;
        final Set<ItemId> inFlight = new LinkedHashSet<>();
        boolean leaving;

        AgentState(Ready ready, MonitorRef monitor) {
            this.pid = ready.agent();
            this.node = ready.node();
            this.workers = Math.max(1, ready.workers());
            this.capacity = Math.max(1, ready.capacity());
            this.monitor = monitor;
        }

        boolean hasRoom() {
            return inFlight.size() < capacity;
        }
    }

    private final EcosystemConfig config;
    private final long epoch;
    private final Node self;
    private final RaftMachine raft;
    private final WorkJournal journal;
    private final ProcessGroups groups;
    private final MessageCodec codec;
    private final String agentsGroup;
    private final CoordinatorStats stats;

    private final LinkedHashMap<ItemId, JournalItem> waiting = new LinkedHashMap<>();
    private final Map<ItemId, InFlight> inFlight = new HashMap<>();
    private final Map<ItemId, Integer> attempts = new HashMap<>();
    private final Set<ItemId> completing = new java.util.HashSet<>();
    private final Map<ProcessRef, AgentState> agents = new LinkedHashMap<>();
    private List<AgentState> ring = List.of();
    private int next;
    private RaftBatcher<Completion> completions;
    private ProcessRef me;
    private JournalListener listener;
    /** Whether the journal is submitter-local: items come in {@link Submit}s and outcomes go back as {@link Outcome}s. */
    private final boolean submitterLocal;
    /** Journal submitter-local: the submitters that sent items, monitored. */
    private final Map<ProcessRef, MonitorRef> submitters = new HashMap<>();
    /** Journal submitter-local: where each item's outcome goes. */
    private final Map<ItemId, ProcessRef> replyTo = new HashMap<>();
    private GroupMonitor submittersMonitor;
    private GroupMonitor groupMonitor;
    private final Set<Node> forgetting = new java.util.HashSet<>();

    ClusterCoordinator(EcosystemConfig config, long epoch, Node self, RaftMachine raft, WorkJournal journal,
            ProcessGroups groups, MessageCodec codec, String agentsGroup, CoordinatorStats stats) {
        this.config = config;
        this.submitterLocal = config.distribution().journal()
                == io.foundation.beam.ecosystem.Distribution.Journal.SUBMITTER_LOCAL;
        this.epoch = epoch;
        this.self = self;
        this.raft = raft;
        this.journal = journal;
        this.groups = groups;
        this.codec = codec;
        this.agentsGroup = agentsGroup;
        this.stats = stats;
    }

    @Override
    public void init(ProcessContext context) throws Exception {
        String name = config.name();
        byte[] command = JournalCommands.coordinatorStarted(name, epoch, self.name(), self.incarnation());
        long now = ByteBuffer.wrap(raft.setAsyncAsLeader(command, 0, command.length)
                .get(raft.config().raftTimeout().toMillis(), TimeUnit.MILLISECONDS)).getLong();
        if (now != epoch) {
            throw new IllegalStateException("coordinator of ecosystem '" + name + "' for epoch " + epoch + " on "
                    + self + ": the journal is at epoch " + now + " already (a newer coordinator started)");
        }
        me = context.self();
        if (submitterLocal) {
            // the items come from the submitters, not the journal: tell them this coordinator is up
            submittersMonitor = groups.monitor(me, DistributedEcosystemHandle.submittersGroup(name));
            for (ProcessRef submitter : submittersMonitor.members()) {
                submitter.send(new CoordinatorUp(epoch, me));
            }
            startAgents();
            return;
        }
        completions = JournalAppender.completions(raft, name, JournalAppender.DEFAULT_MAX_BATCH_BYTES);
        listener = new JournalListener() {
            @Override
            public void accepted(String ecosystem, List<JournalItem> items) {
                if (ecosystem.equals(name)) {
                    me.send(new Accepted(items));
                }
            }

            @Override
            public void completed(String ecosystem, ItemId id, Completion completion) {
                if (ecosystem.equals(name)) {
                    me.send(new Completed(id));
                }
            }

            @Override
            public void snapshotLoaded(WorkJournal replica, Set<String> ecosystems) {
                me.send(new Resync());
            }
        };
        journal.addListener(listener);
        enqueue(journal.pending(name));
        startAgents();
    }

    private void startAgents() {
        groupMonitor = groups.monitor(me, agentsGroup);
        for (ProcessRef agent : groupMonitor.members()) {
            agent.send(new Hello(epoch, me));
        }
        stats.started(epoch);
    }

    @Override
    public Object handle(Object message, ProcessContext context) {
        switch (message) {
            case Accepted a -> enqueue(a.items());
            case Completed c -> completed(c.id());
            case Resync r -> resync();
            case Ready r -> ready(r, context);
            case Done d -> done(d);
            case Leaving l -> leaving(l);
            case Returned r -> returned(r);
            case NodesUp n -> forgetRestarted(n.nodes());
            case ForgetFailed f -> forgetting.remove(f.submitter());
            case Stale s -> context.exit(ExitReason.shutdown("deposed: an agent has seen epoch " + s.epoch()
                    + " (this coordinator's is " + epoch + ")"));
            case AppendFailed f -> context.exit(ExitReason.shutdown("cannot commit completions of ecosystem '"
                    + config.name() + "' (epoch " + epoch + "): " + f.cause()));
            case GroupJoined j when j.group().equals(agentsGroup) ->
                    j.members().forEach(agent -> agent.send(new Hello(epoch, context.self())));
            case GroupJoined j -> j.members().forEach(s -> s.send(new CoordinatorUp(epoch, context.self())));
            case Submit s -> submitted(s, context);
            case Signal.Down down when submitters.containsKey(down.process()) -> submitterLost(down.process());
            case Signal.Down down -> agentLost(down.process(), down.reason());
            default -> { }
        }
        dispatch();
        stats.update(waiting.size(), inFlight.size() + completing.size(), agents.size());
        return null;
    }

    /** Journal submitter-local: items from a submitter (new ones, or all it holds when this coordinator started). */
    private void submitted(Submit s, ProcessContext context) {
        if (!submitterLocal) {
            return;
        }
        if (!submitters.containsKey(s.submitter())) {
            submitters.put(s.submitter(), context.monitor(s.submitter()));
        }
        for (JournalItem item : s.items()) {
            ItemId id = item.id();
            if (!waiting.containsKey(id) && !inFlight.containsKey(id)) {
                waiting.put(id, item);
                replyTo.put(id, s.submitter());
            }
        }
    }

    /**
     * Journal submitter-local: a submitter ended or its node was lost; its items are dropped (their futures are gone;
     * a submitter cut off by a partition sends what it holds again to the coordinator of the merge).
     */
    private void submitterLost(ProcessRef submitter) {
        submitters.remove(submitter);
        for (Iterator<Map.Entry<ItemId, ProcessRef>> it = replyTo.entrySet().iterator(); it.hasNext();) {
            Map.Entry<ItemId, ProcessRef> e = it.next();
            if (e.getValue().equals(submitter)) {
                waiting.remove(e.getKey());
                it.remove();
            }
        }
    }

    /**
     * Adds items not held yet. No need to ask the journal whether each is still pending (a lock per item on the
     * dispatch path): the listener's messages arrive in log order, so an item's {@code Completed} always comes after
     * its {@code Accepted} and takes it out again; and {@link #resync} drops whatever a snapshot no longer holds.
     */
    private void enqueue(List<JournalItem> items) {
        for (JournalItem item : items) {
            ItemId id = item.id();
            if (!waiting.containsKey(id) && !inFlight.containsKey(id) && !completing.contains(id)) {
                waiting.put(id, item);
            }
        }
    }

    private void resync() {
        Set<ItemId> pending = new java.util.HashSet<>();
        List<JournalItem> items = journal.pending(config.name());
        items.forEach(i -> pending.add(i.id()));
        waiting.keySet().removeIf(id -> !pending.contains(id));
        completing.removeIf(id -> !pending.contains(id));
        for (Iterator<Map.Entry<ItemId, InFlight>> it = inFlight.entrySet().iterator(); it.hasNext();) {
            Map.Entry<ItemId, InFlight> e = it.next();
            if (!pending.contains(e.getKey())) {
                e.getValue().agent().inFlight.remove(e.getKey());
                it.remove();
            }
        }
        enqueue(items);
    }

    private void completed(ItemId id) {
        waiting.remove(id);
        completing.remove(id);
        attempts.remove(id);
        InFlight f = inFlight.remove(id);
        if (f != null) {
            f.agent().inFlight.remove(id);
        }
    }

    private void ready(Ready r, ProcessContext context) {
        if (r.epoch() != epoch || agents.containsKey(r.agent())) {
            return;
        }
        AgentState agent = new AgentState(r, context.monitor(r.agent()));
        agents.put(r.agent(), agent);
        rebuildRing();
    }

    private void rebuildRing() {
        List<AgentState> sorted = new ArrayList<>();
        for (AgentState a : agents.values()) {
            if (!a.leaving) {
                sorted.add(a);
            }
        }
        sorted.sort(Comparator.comparing((AgentState a) -> a.node).thenComparing(a -> a.pid.toString()));
        ring = List.copyOf(sorted);
        next = ring.isEmpty() ? 0 : next % ring.size();
    }

    private void leaving(Leaving l) {
        AgentState agent = agents.get(l.agent());
        if (agent != null && !agent.leaving) {
            agent.leaving = true;
            rebuildRing();
        }
    }

    private void returned(Returned r) {
        InFlight f = inFlight.get(r.id());
        if (r.epoch() != epoch || f == null || !f.agent().pid.equals(r.agent())) {
            return;
        }
        inFlight.remove(r.id());
        f.agent().inFlight.remove(r.id());
        LinkedHashMap<ItemId, JournalItem> head = new LinkedHashMap<>();
        head.put(r.id(), f.item()); // at the head of the waiting items, same attempt
        head.putAll(waiting);
        waiting.clear();
        waiting.putAll(head);
    }

    private void forgetRestarted(Set<Node> up) {
        Map<String, Node> byName = new HashMap<>();
        up.forEach(n -> byName.put(n.name(), n));
        byName.put(self.name(), self);
        for (Node submitter : journal.submitters(config.name())) {
            Node now = byName.get(submitter.name());
            if (now == null || now.incarnation() == submitter.incarnation() || !forgetting.add(submitter)) {
                continue;
            }
            byte[] command = JournalCommands.forget(config.name(), submitter);
            try {
                raft.setAsyncAsLeader(command, 0, command.length).whenComplete((removed, failure) -> {
                    if (failure != null) {
                        me.send(new ForgetFailed(submitter));
                    }
                });
            } catch (RuntimeException notLeader) {
                forgetting.remove(submitter);
            }
        }
    }

    private void done(Done d) {
        if (d.epoch() != epoch) {
            return;
        }
        InFlight f = inFlight.remove(d.id());
        if (f == null) {
            return; // answered already, or completed: the journal keeps the first completion
        }
        f.agent().inFlight.remove(d.id());
        complete(new Completion(d.id(), epoch, d.attempt(), d.success(), d.outcome()));
    }

    private void complete(Completion completion) {
        if (submitterLocal) {
            // straight back to the submitter; nothing to commit
            ProcessRef to = replyTo.remove(completion.id());
            if (to != null) {
                to.send(new Outcome(completion.id(), completion.epoch(), completion.attempt(), completion.success(),
                        completion.outcome()));
            }
            completed(completion.id());
            return;
        }
        completing.add(completion.id());
        completions.append(completion).whenComplete((ok, failure) -> {
            if (failure != null) {
                me.send(new AppendFailed(failure));
            }
        });
    }

    private void agentLost(ProcessRef pid, ExitReason reason) {
        AgentState agent = agents.remove(pid);
        if (agent == null) {
            return;
        }
        rebuildRing();
        List<ItemId> lost = new ArrayList<>(agent.inFlight);
        // back at the head of the waiting items, in their order
        LinkedHashMap<ItemId, JournalItem> head = new LinkedHashMap<>();
        for (ItemId id : lost) {
            InFlight f = inFlight.remove(id);
            if (f == null) {
                continue;
            }
            JournalItem item = f.item();
            int attempt = f.attempt();
            if (attempt >= config.maxAttempts() && !agent.leaving) {
                complete(new Completion(id, epoch, attempt, false, codec.encode(new WorkFailedException(
                        "work " + id + " of ecosystem '" + config.name() + "' was lost with its node " + attempt
                        + " time(s) (last: node '" + agent.node + "', " + reason + "); maxAttempts is "
                        + config.maxAttempts(), attempt, null))));
            } else {
                attempts.put(id, attempt + 1);
                head.put(id, item);
                stats.redispatched();
            }
        }
        head.putAll(waiting);
        waiting.clear();
        waiting.putAll(head);
    }

    private void dispatch() {
        if (ring.isEmpty() || waiting.isEmpty()) {
            return;
        }
        boolean keyed = config.dispatch() == DispatchStrategy.KEY_HASH;
        for (Iterator<JournalItem> it = waiting.values().iterator(); it.hasNext();) {
            JournalItem item = it.next();
            AgentState agent = keyed && item.key() != null
                    ? ring.get(Math.floorMod(item.key().hashCode(), ring.size())) : pick();
            if (agent == null) {
                return; // every agent is full
            }
            if (!agent.hasRoom()) {
                if (keyed && item.key() != null) {
                    return; // that key's agent is full: keep the order behind it
                }
                continue;
            }
            it.remove();
            int attempt = attempts.getOrDefault(item.id(), 1);
            attempts.putIfAbsent(item.id(), attempt);
            inFlight.put(item.id(), new InFlight(agent, attempt, item));
            agent.inFlight.add(item.id());
            agent.pid.send(new Dispatch(item.id(), epoch, attempt, item.key(), item.work(), me));
            stats.dispatched();
        }
    }

    private AgentState pick() {
        Placement placement = config.distribution().placement();
        int n = ring.size();
        switch (placement) {
            case LEAST_LOADED -> {
                AgentState best = null;
                for (AgentState a : ring) {
                    if (a.hasRoom() && (best == null
                            || (long) a.inFlight.size() * best.workers < (long) best.inFlight.size() * a.workers)) {
                        best = a;
                    }
                }
                return best;
            }
            case RANDOM -> {
                int start = ThreadLocalRandom.current().nextInt(n);
                for (int i = 0; i < n; i++) {
                    AgentState a = ring.get((start + i) % n);
                    if (a.hasRoom()) {
                        return a;
                    }
                }
                return null;
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    AgentState a = ring.get((next + i) % n);
                    if (a.hasRoom()) {
                        next = (next + i + 1) % n;
                        return a;
                    }
                }
                return null;
            }
        }
    }

    @Override
    public void terminate(ExitReason reason, ProcessContext context) {
        cleanUp();
    }

    /** Also called by the provider after a kill (a killed process runs no terminate). */
    void cleanUp() {
        if (listener != null) {
            journal.removeListener(listener);
        }
        if (completions != null) {
            completions.close();
        }
        stats.stopped(epoch);
    }

    @Override
    public String toString() {
        return "ClusterCoordinator[" + config.name() + ", epoch " + epoch + " on " + self + ", waiting "
                + waiting.size() + ", in flight " + inFlight.size() + ", agents " + agents.size() + "]";
    }
}
