package io.foundation.beam.cluster.internal.groups;

import io.foundation.beam.cluster.GroupJoined;
import io.foundation.beam.cluster.GroupLeft;
import io.foundation.beam.cluster.GroupMonitor;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The group scope of one node (Erlang's {@code pg} scope process): it owns this node's memberships, learns the other
 * nodes' from their scopes, and publishes both in a {@link GroupTable} that readers use without asking it.
 *
 * <h2>Model</h2>
 * One process per node, registered as {@value #NAME}; all its state is confined to its thread (plain maps), and it
 * is the table's only writer. Its state:
 * <ul>
 *   <li>{@code local}: group -> this node's members, a process once per join; {@code members}: each local member, its
 *       monitor and the groups it joined (so its death removes it everywhere);</li>
 *   <li>{@code peers}: the scopes of other nodes it exchanges with, each with a monitor (through the router: it fires
 *       {@code noconnection} when the node is lost) and that scope's memberships as last heard;</li>
 *   <li>{@code watches}: the group monitors of local watchers, each watcher monitored so its death ends them.</li>
 * </ul>
 *
 * <h2>Protocol between scopes ({@link ScopeMessage}; ordinary messages, FIFO per pair of nodes)</h2>
 * <ul>
 *   <li>On a peer node's {@link NodeUp} (and at start for the nodes up then), send {@code Discover(self)} to the
 *       name {@value #NAME} on that node (the router's named send: its pid is not known yet). A scope answers a
 *       Discover with {@code Sync(self, local)}.</li>
 *   <li>On a {@code Sync} from a scope that is not a peer: make it one (monitor it) and send it our own
 *       {@code Sync}. In every case its memberships replace what we knew of them (watchers told the difference).</li>
 *   <li>{@code join}/{@code leave}/a member's death: update {@code local}, then send {@code Joined}/{@code Left} to
 *       every peer. A {@code Joined}/{@code Left} from a scope that is not a peer is dropped.</li>
 *   <li>A peer's Down (its node lost, or its scope ended): drop its memberships (watchers get {@code GroupLeft}).</li>
 * </ul>
 * Invariant: a scope adds a peer only when it has a Sync from it, and sends its own Sync to a peer when it adds it,
 * before any Joined/Left; with FIFO per pair, a peer's view of our memberships is our last Sync plus every change
 * after it, in order. Both sides of an exchange add each other, whichever asked first, and whether or not each saw
 * the other go down (a side that still had the peer just replaces its memberships with the fresh Sync), so after a
 * node comes back, or a partition heals, every node again has every node's members.
 *
 * <p>Failure of the scope itself (a bug) ends the groups of this node: it is not restarted.
 */
public final class GroupScope implements ProcessHandler {

    /** The name the scope is registered under on every node. */
    public static final String NAME = "foundation.beam.cluster.groups";

    private static final System.Logger LOG = System.getLogger(GroupScope.class.getName());

    private final ClusterRouter router;
    private final GroupTable table;
    private ProcessRef self;
    private Consumer<NodeEvent> listener;

    private final Map<String, List<ProcessRef>> local = new HashMap<>();
    private final Map<ProcessRef, Member> members = new HashMap<>();
    private final Map<ProcessRef, Peer> peers = new HashMap<>();
    private final Map<Long, Watch> watches = new HashMap<>();
    private final Map<String, List<Watch>> watchesByGroup = new HashMap<>();
    private final Map<ProcessRef, Watcher> watchers = new HashMap<>();
    /** Every monitor this scope holds, to what it watches: a {@link Member}, {@link Peer} or {@link Watcher}. */
    private final Map<MonitorRef, Object> monitors = new HashMap<>();
    private long watchNumbers;

    GroupScope(ClusterRouter router, GroupTable table) {
        this.router = router;
        this.table = table;
    }

    @Override
    public void init(ProcessContext context) {
        self = context.self();
        ProcessRef me = self;
        listener = event -> {
            if (event instanceof NodeUp up) {
                me.trySend(new NodeSeen(up.node().name()));
            }
        };
        router.addNodeListener(listener); // first, so that no node coming up after the loop is missed
        for (Node node : router.nodes()) {
            discover(node.name());
        }
    }

    @Override
    public void terminate(io.foundation.beam.process.ExitReason reason, ProcessContext context) {
        router.removeNodeListener(listener);
    }

    @Override
    public Object handle(Object message, ProcessContext context) {
        try {
            return switch (message) {
                case JoinRequest r -> join(context, r.group(), r.process());
                case LeaveRequest r -> leave(context, r.group(), r.process());
                case MonitorRequest r -> monitor(context, r.watcher(), r.group());
                case DemonitorRequest r -> demonitor(context, r.id());
                case NodeSeen n -> discover(n.node());
                case ScopeMessage.Discover d -> d.scope().trySend(new ScopeMessage.Sync(self, localCopy()));
                case ScopeMessage.Sync s -> onSync(context, s);
                case ScopeMessage.Joined j -> onJoined(j);
                case ScopeMessage.Left l -> onLeft(l);
                case Signal.Down d -> onDown(d);
                default -> {
                    LOG.log(System.Logger.Level.DEBUG, "group scope ignored " + message);
                    yield null;
                }
            };
        } catch (RuntimeException e) { // a throw would end the scope, and with it this node's groups
            LOG.log(System.Logger.Level.WARNING, "group scope could not handle " + message, e);
            return message instanceof LocalRequest ? new Failed(e) : null;
        }
    }

    // ------------------------------------------------------------------ local requests

    private Boolean join(ProcessContext context, String group, ProcessRef process) {
        Member member = members.get(process);
        if (member == null) {
            member = new Member(process, context.monitor(process)); // a process that has ended: Down noproc, leave
            members.put(process, member);
            monitors.put(member.monitor, member);
        }
        member.groups.add(group);
        local.computeIfAbsent(group, g -> new ArrayList<>()).add(process);
        changed(group, List.of(process), true);
        toPeers(new ScopeMessage.Joined(self, group, List.of(process)));
        return Boolean.TRUE;
    }

    private Boolean leave(ProcessContext context, String group, ProcessRef process) {
        Member member = members.get(process);
        List<ProcessRef> list = local.get(group);
        if (member == null || list == null || !list.remove(process)) {
            return Boolean.FALSE;
        }
        if (list.isEmpty()) {
            local.remove(group);
        }
        member.groups.remove(group);
        if (member.groups.isEmpty()) {
            members.remove(process);
            monitors.remove(member.monitor);
            context.demonitor(member.monitor);
        }
        changed(group, List.of(process), false);
        toPeers(new ScopeMessage.Left(self, group, List.of(process)));
        return Boolean.TRUE;
    }

    private GroupMonitor monitor(ProcessContext context, ProcessRef watcher, String group) {
        Watcher w = watchers.get(watcher);
        if (w == null) {
            w = new Watcher(context.monitor(watcher));
            watchers.put(watcher, w);
            monitors.put(w.monitor, w);
        }
        Watch watch = new Watch(++watchNumbers, watcher, group);
        w.watches.add(watch);
        watches.put(watch.id, watch);
        watchesByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(watch);
        return new GroupMonitor(group, watch.id, table.all(group));
    }

    private Boolean demonitor(ProcessContext context, long id) {
        Watch watch = watches.remove(id);
        if (watch == null) {
            return Boolean.FALSE;
        }
        dropWatch(watch);
        Watcher w = watchers.get(watch.watcher);
        w.watches.remove(watch);
        if (w.watches.isEmpty()) {
            watchers.remove(watch.watcher);
            monitors.remove(w.monitor);
            context.demonitor(w.monitor);
        }
        return Boolean.TRUE;
    }

    private void dropWatch(Watch watch) {
        List<Watch> list = watchesByGroup.get(watch.group);
        list.remove(watch);
        if (list.isEmpty()) {
            watchesByGroup.remove(watch.group);
        }
    }

    // ------------------------------------------------------------------ peers

    private Object discover(String node) {
        router.sendNamed(node, NAME, new ScopeMessage.Discover(self));
        return null;
    }

    private Object onSync(ProcessContext context, ScopeMessage.Sync sync) {
        Peer peer = peers.get(sync.scope());
        if (peer == null) {
            peer = new Peer(context.monitor(sync.scope()));
            peers.put(sync.scope(), peer);
            monitors.put(peer.monitor, peer);
            sync.scope().trySend(new ScopeMessage.Sync(self, localCopy())); // before any Joined/Left to it
        }
        Set<String> groups = new LinkedHashSet<>(peer.groups.keySet());
        groups.addAll(sync.groups().keySet());
        for (String group : groups) {
            List<ProcessRef> before = peer.groups.getOrDefault(group, List.of());
            List<ProcessRef> after = sync.groups().getOrDefault(group, List.of());
            if (after.isEmpty()) {
                peer.groups.remove(group);
            } else {
                peer.groups.put(group, new ArrayList<>(after));
            }
            List<ProcessRef> left = minus(before, after);
            List<ProcessRef> joined = minus(after, before);
            if (!left.isEmpty()) {
                changed(group, left, false);
            }
            if (!joined.isEmpty()) {
                changed(group, joined, true);
            }
        }
        return null;
    }

    private Object onJoined(ScopeMessage.Joined joined) {
        Peer peer = peers.get(joined.scope());
        if (peer != null) {
            peer.groups.computeIfAbsent(joined.group(), g -> new ArrayList<>()).addAll(joined.members());
            changed(joined.group(), joined.members(), true);
        }
        return null;
    }

    private Object onLeft(ScopeMessage.Left left) {
        Peer peer = peers.get(left.scope());
        List<ProcessRef> list = peer == null ? null : peer.groups.get(left.group());
        if (list != null) {
            List<ProcessRef> removed = new ArrayList<>();
            for (ProcessRef p : left.members()) {
                if (list.remove(p)) {
                    removed.add(p);
                }
            }
            if (list.isEmpty()) {
                peer.groups.remove(left.group());
            }
            if (!removed.isEmpty()) {
                changed(left.group(), removed, false);
            }
        }
        return null;
    }

    private Object onDown(Signal.Down down) {
        Object watched = monitors.remove(down.monitor());
        switch (watched) {
            case Member member -> memberDown(member);
            case Peer peer -> {
                peers.values().remove(peer);
                for (Map.Entry<String, List<ProcessRef>> e : peer.groups.entrySet()) {
                    changed(e.getKey(), e.getValue(), false);
                }
            }
            case Watcher watcher -> {
                for (Watch watch : watcher.watches) {
                    watches.remove(watch.id);
                    dropWatch(watch);
                }
                watchers.remove(down.process());
            }
            case null, default -> {
                // a monitor already ended here (leave, demonitor)
            }
        }
        return null;
    }

    private void memberDown(Member member) {
        members.remove(member.process);
        for (String group : new LinkedHashSet<>(member.groups)) {
            List<ProcessRef> list = local.get(group);
            int n = Collections.frequency(list, member.process);
            list.removeIf(member.process::equals);
            if (list.isEmpty()) {
                local.remove(group);
            }
            List<ProcessRef> gone = Collections.nCopies(n, member.process);
            changed(group, gone, false);
            toPeers(new ScopeMessage.Left(self, group, gone));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Publishes the group's members and tells its watchers. */
    private void changed(String group, List<ProcessRef> delta, boolean joined) {
        List<ProcessRef> mine = local.getOrDefault(group, List.of());
        List<ProcessRef> all = new ArrayList<>(mine);
        for (Peer peer : peers.values()) {
            all.addAll(peer.groups.getOrDefault(group, List.of()));
        }
        table.publish(group, mine, all);
        List<Watch> list = watchesByGroup.get(group);
        if (list != null) {
            Object event = joined ? new GroupJoined(group, delta) : new GroupLeft(group, delta);
            for (Watch watch : list) {
                watch.watcher.trySend(event);
            }
        }
    }

    private void toPeers(ScopeMessage message) {
        for (ProcessRef peer : peers.keySet()) {
            peer.trySend(message); // to a node that is not up: a dead letter here; its Down follows
        }
    }

    private Map<String, List<ProcessRef>> localCopy() {
        Map<String, List<ProcessRef>> copy = new LinkedHashMap<>();
        local.forEach((group, list) -> copy.put(group, List.copyOf(list)));
        return copy;
    }

    /** @return {@code a} with one occurrence of each element of {@code b} removed */
    private static List<ProcessRef> minus(List<ProcessRef> a, List<ProcessRef> b) {
        List<ProcessRef> rest = new ArrayList<>(a);
        for (ProcessRef p : b) {
            rest.remove(p);
        }
        return rest;
    }

    // ------------------------------------------------------------------ state and local messages

    private static final class Member {
        final ProcessRef process;
        final MonitorRef monitor;
        final List<String> groups = new ArrayList<>();

        Member(ProcessRef process, MonitorRef monitor) {
            this.process = process;
            this.monitor = monitor;
        }
    }

    private static final class Peer {
        final MonitorRef monitor;
        final Map<String, List<ProcessRef>> groups = new HashMap<>();

        Peer(MonitorRef monitor) {
            this.monitor = monitor;
        }
    }

    private static final class Watcher {
        final MonitorRef monitor;
        final List<Watch> watches = new ArrayList<>();

        Watcher(MonitorRef monitor) {
            this.monitor = monitor;
        }
    }

    private record Watch(long id, ProcessRef watcher, String group) {
    }

    /** A request of {@link DefaultProcessGroups}, made as a call to the scope. */
    sealed interface LocalRequest {
    }

    record JoinRequest(String group, ProcessRef process) implements LocalRequest {
        JoinRequest {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(process, "process");
        }
    }

    record LeaveRequest(String group, ProcessRef process) implements LocalRequest {
    }

    record MonitorRequest(ProcessRef watcher, String group) implements LocalRequest {
    }

    record DemonitorRequest(long id) implements LocalRequest {
    }

    /** What a local request answers when it could not be carried out: the caller rethrows it. */
    record Failed(RuntimeException error) {
    }

    /** A node came up (from the router's listener). */
    private record NodeSeen(String node) {
    }
}
