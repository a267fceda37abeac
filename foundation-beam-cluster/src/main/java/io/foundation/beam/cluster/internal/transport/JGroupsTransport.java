package io.foundation.beam.cluster.internal.transport;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterJoinRefusedException;
import io.foundation.beam.cluster.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;
import org.jgroups.stack.AddressGenerator;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} on a JGroups channel: membership from JGroups views, frames as JGroups messages (reliable
 * and FIFO per sender-receiver pair by {@code UNICAST3}), many frames packed into one message.
 *
 * <p>Start one with {@link #start(ClusterConfig)}; {@link #close()} leaves the cluster.
 *
 * <h2>Design</h2>
 * <b>Identity.</b> The channel's address is an {@link ExtendedUUID} carrying the node name under
 * {@value #NODE_NAME_KEY}, so every view names its members without a name lookup; the incarnation is derived from
 * the address's UUID bits, new on every start. Among view members sharing a name only the oldest (first in the
 * view) counts as a member; a later one is refused at its start ({@link NodeNameInUseException}) and leaves.
 *
 * <p><b>Threads.</b> JGroups calls {@link Receiver#viewAccepted} (one view at a time; we also serialize on
 * {@code viewLock}) and {@link Receiver#receive} (frames of one sender in order, possibly on several threads for
 * several senders). One {@link FrameSender} thread sends. Callers of {@link #send} only enqueue.
 *
 * <p><b>Peers.</b> A {@link Peer} is one incarnation of another member during one membership: created UP at a view
 * that has it, made DOWN (terminally) at a view that lacks it, or at a merge view that shows it was cut off from
 * this node (then a new Peer for the same node follows at once: down, then up; see {@link #cutOff}).
 * {@code members} (by node) and {@code peers} (by address) hold the UP peers only. A peer's {@link Epoch} is the view
 * in which this node saw it come up; its {@code notBefore} the view in which this node last reported its address
 * down (-1: never).
 *
 * <p><b>Epochs on the wire.</b> Each batch carries its sender's epoch for the receiver: the start of the membership
 * in which it was sent. View ids grow, and every node installs views in increasing order. A batch is
 * <ul>
 *   <li>held (under {@code viewLock}, bounded) if its epoch is later than the last view installed here: the sender
 *       installed a view first (a join; a merge, after which this node will report the sender down and up); it is
 *       delivered when that view is installed here, before any later batch of its sender;
 *   <li>dropped and counted if its sender is not up here, or its epoch is before the sender's {@code notBefore}:
 *       it was sent in a membership that began before this node reported the sender down (a frozen node's old
 *       frames after a merge); its sender has seen this node down as well (merges are symmetric, see
 *       {@link #cutOff}). A membership that begins with a merge view begins in the view that ended the previous
 *       one (down and up at once), hence "before", not "not after";
 *   <li>delivered otherwise.
 * </ul>
 * {@code installedViewId} is raised only after a view's held batches are handled, so a batch on the fast path (no
 * lock) never overtakes a held one of the same view.
 *
 * <p><b>Per-node order.</b> Every listener call about a peer is made holding that peer's monitor, after checking
 * its state: so for one node, onNodeUp, onFrame and onNodeDown never overlap and come in that order; frames from a
 * DOWN or unknown peer are dropped and counted. A new peer's monitor is held from before it is published until its
 * onNodeUp is done, so no frame overtakes it. The listener must not block (its contract), so holding a monitor
 * during its calls is bounded.
 *
 * <p><b>Before the listener.</b> Until {@link #listener} is set, every event (up, frame, down) is appended to its
 * peer's {@code early} queue and the peer to {@code withEarly}; setting the listener drains them. Invariant: after a
 * listener is set, an event is delivered only after all earlier events of its peer (each delivery drains
 * {@code early} first; a delivery that raced with the setting re-reads the listener after enqueuing).
 */
public final class JGroupsTransport implements Transport {

    /** The {@link ExtendedUUID} key under which a member's address carries its node name. */
    public static final String NODE_NAME_KEY = "beam-node";

    private static final Logger LOG = LoggerFactory.getLogger(JGroupsTransport.class);
    private static final byte UP = 0;
    private static final byte FRAME = 1;
    private static final byte DOWN = 2;
    /** At most this many frames are held for views not installed yet; more are dropped and counted. */
    static final int MAX_HELD_FRAMES = 200_000;

    private final ClusterConfig config;
    private final JChannel channel;
    private final FrameSender sender;
    private final Object viewLock = new Object();
    private final Map<Node, Peer> members = new ConcurrentHashMap<>();
    private final Map<Address, Peer> peers = new ConcurrentHashMap<>();
    private final Set<Peer> withEarly = ConcurrentHashMap.newKeySet();
    private final LongAdder droppedInbound = new LongAdder();
    private final LongAdder heldBatches = new LongAdder();
    /** Batches from a view not installed yet, by sender, in arrival order; guarded by viewLock. */
    private final Map<Address, ArrayDeque<Held>> held = new HashMap<>();
    /** Guarded by viewLock. */
    private int heldFrames;
    /** The id of the last view installed; written holding viewLock. */
    private volatile long installedViewId = -1;
    /** By address, the view in which this node last reported it down; guarded by viewLock; the newest 10 000. */
    private final Map<Address, Long> lastDown = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Address, Long> eldest) {
            return size() > 10_000;
        }
    };
    private volatile TransportListener listener;
    private final List<Runnable> membershipListeners = new CopyOnWriteArrayList<>();
    private volatile RaftHandle raft;
    private volatile Node self;
    private volatile boolean closed;

    private JGroupsTransport(ClusterConfig config, JChannel channel) {
        this.config = config;
        this.channel = channel;
        this.sender = new FrameSender(channel, config.nodeName());
    }

    /**
     * Creates the channel, joins the cluster and returns when this node has its first view.
     *
     * @param config the configuration
     * @return the transport, a member of the cluster
     * @throws NodeNameInUseException if a member already has this node's name (the channel is closed)
     * @throws ClusterJoinRefusedException if members refused this node (another secret, untrusted certificates) and
     *     none accepted it (the channel is closed)
     * @throws IllegalStateException if the channel cannot be created or cannot connect (the cause says why)
     */
    public static JGroupsTransport start(ClusterConfig config) {
        return start(config, null);
    }

    /**
     * Creates the channel, with jgroups-raft's protocols when the config has {@link ClusterConfig#raftMembers()},
     * joins the cluster and returns when this node has its first view. The state machine is given to a
     * {@link RaftHandle} before the channel connects, so that it sees every committed entry, from the log on disk
     * first.
     *
     * @param config the configuration
     * @param raftStateMachine the replicated state machine (the global registry's), required if and only if the
     *     config has Raft members
     * @return the transport, a member of the cluster
     * @throws NodeNameInUseException if a member already has this node's name (the channel is closed)
     * @throws ClusterJoinRefusedException if members refused this node (another secret, untrusted certificates) and
     *     none accepted it (the channel is closed)
     * @throws IllegalArgumentException if a state machine is given without Raft members, or none with them
     * @throws IllegalStateException if the channel cannot be created or cannot connect (the cause says why)
     */
    public static JGroupsTransport start(ClusterConfig config, StateMachine raftStateMachine) {
        Objects.requireNonNull(config, "config");
        if (config.raftEnabled() != (raftStateMachine != null)) {
            throw new IllegalArgumentException(config.raftEnabled()
                    ? "node '" + config.nodeName() + "' has raftMembers " + config.raftMembers()
                            + ": start it with the global registry's state machine"
                    : "node '" + config.nodeName() + "' has no raftMembers: a Raft state machine has no use");
        }
        JChannel channel;
        try {
            channel = JGroupsStack.channel(config);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the JGroups channel for " + config + ": " + e, e);
        }
        JGroupsTransport transport = new JGroupsTransport(config, channel);
        try {
            if (raftStateMachine != null) {
                try {
                    transport.raft = new RaftHandle(channel, raftStateMachine);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("the protocol stack has no jgroups-raft RAFT and REDIRECT, which "
                            + "raftMembers need (a stack file must declare them): " + e.getMessage(), e);
                }
            }
            channel.name(config.nodeName());
            channel.addAddressGenerator(new NamedAddressGenerator(config.nodeName()));
            channel.setDiscardOwnMessages(true);
            channel.setReceiver(transport.new ChannelReceiver());
            channel.connect(config.clusterName());
            refuseIfRefused(config, channel);
            transport.self = nodeOf(channel.getAddress());
            transport.refuseDuplicateName(channel.getView());
            transport.sender.start();
            LOG.info("Node {} joined cluster {} at {} with view {}", transport.self, config.clusterName(),
                    transport.physicalAddress(), channel.getView());
            return transport;
        } catch (NodeNameInUseException | ClusterJoinRefusedException e) {
            transport.close();
            throw e;
        } catch (SecurityException e) {
            // With Raft in the stack, NO_DUPES refuses a joiner whose raft id (the node name) is in the view
            transport.close();
            if (config.raftEnabled() && String.valueOf(e.getMessage()).contains("duplicate members")) {
                throw new NodeNameInUseException(config.nodeName(), config.clusterName(), "refused by NO_DUPES: "
                        + e.getMessage());
            }
            throw new IllegalStateException("Cannot join cluster '" + config.clusterName() + "' as node '"
                    + config.nodeName() + "' (" + config + "): " + e, e);
        } catch (Exception e) {
            transport.close();
            throw new IllegalStateException("Cannot join cluster '" + config.clusterName() + "' as node '"
                    + config.nodeName() + "' (" + config + "): " + e, e);
        }
    }

    /**
     * A node that was refused while joining, and is alone, fails rather than start as a cluster of its own (a node
     * that heard from nobody is the first: it starts).
     */
    private static void refuseIfRefused(ClusterConfig config, JChannel channel) {
        RefusalDetector detector = channel.getProtocolStack().findProtocol(RefusalDetector.class);
        if (detector == null || channel.getView().size() > 1) {
            return;
        }
        Map<String, RefusalDetector.Reason> refusals = detector.refusals();
        if (!refusals.isEmpty()) {
            throw new ClusterJoinRefusedException(config.nodeName(), List.copyOf(refusals.keySet()),
                    detector.refusedMessage(config.clusterName(), refusals));
        }
    }

    @Override
    public Node self() {
        return self;
    }

    @Override
    public Set<Node> members() {
        return Set.copyOf(members.keySet());
    }

    @Override
    public boolean send(Node to, byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        Peer peer = members.get(to);
        if (peer == null || closed) {
            return false;
        }
        sender.enqueue(peer, frame);
        return true;
    }

    @Override
    public void listener(TransportListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        for (Peer peer : withEarly) {
            synchronized (peer) {
                drainEarly(peer, listener);
            }
        }
        withEarly.clear();
    }

    /**
     * Sends what is queued (waiting a moment at most), leaves the cluster (the other members see this node down at
     * once) and stops the sender thread. The listener is not called after this (a call under way may finish).
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        sender.stop();
        channel.close();
    }

    /**
     * @return frames received from a node while it was not a member here, or sent by it in an earlier membership
     *     (dropped)
     */
    public long droppedInboundFrames() {
        return droppedInbound.sum();
    }

    /** @return batches that arrived before the view in which their sender saw this node up (held, not lost) */
    long heldBatches() {
        return heldBatches.sum();
    }

    /** @return frames queued for a node that left before they were sent (dropped), or that JGroups refused */
    public long droppedOutboundFrames() {
        return sender.dropped();
    }

    /** @return where this node listens ({@code host:port}, as JGroups prints it) */
    public String physicalAddress() {
        return String.valueOf(channel.getProtocolStack().getTransport().localPhysicalAddress());
    }

    /**
     * The JGroups channel, for the layers that run their own protocols on it: the global registry makes a
     * {@code RaftHandle} on it (with {@link ClusterConfig#raftMembers()} given, the stack has jgroups-raft's
     * {@code RAFT} and {@code REDIRECT}). Do not set its receiver, connect, disconnect or close it: the transport
     * owns it.
     *
     * @return the channel
     */
    public JChannel channel() {
        return channel;
    }

    /**
     * @return the handle to this node's Raft member, with the state machine given at {@link #start(ClusterConfig,
     *     StateMachine)}; empty without {@link ClusterConfig#raftMembers()}
     */
    public Optional<RaftHandle> raft() {
        return Optional.ofNullable(raft);
    }

    /**
     * Adds a task run after each view is installed here (after the listener heard of every node up and down in
     * it), on the thread that installs views. It must not block: hand the work over to a thread of its own.
     *
     * @param task the task
     */
    public void onMembershipChange(Runnable task) {
        membershipListeners.add(Objects.requireNonNull(task, "task"));
    }

    /** @param task a task given to {@link #onMembershipChange} */
    public void removeMembershipListener(Runnable task) {
        membershipListeners.remove(task);
    }

    /** @return the configuration */
    public ClusterConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "JGroupsTransport[" + self + " in " + config.clusterName() + ", members=" + members.keySet() + "]";
    }

    private void refuseDuplicateName(View view) {
        Address me = channel.getAddress();
        for (Address a : view.getMembers()) {
            if (a.equals(me)) {
                return;
            }
            if (config.nodeName().equals(nameOf(a))) {
                throw new NodeNameInUseException(config.nodeName(), config.clusterName(), String.valueOf(a));
            }
        }
    }

    private void onView(View view) {
        synchronized (viewLock) {
            LOG.debug("Node {}: view {}", config.nodeName(), view);
            Address me = channel.getAddress();
            long viewId = view.getViewId().getId();
            Map<Address, Node> next = membersOf(view, me, config.nodeName());
            Set<Address> cutOff = view instanceof MergeView merge ? cutOff(merge, me) : Set.of();
            for (Peer peer : List.copyOf(peers.values())) {
                if (!next.containsKey(peer.address) || cutOff.contains(peer.address)) {
                    lastDown.put(peer.address, viewId);
                    down(peer);
                }
            }
            Epoch epoch = new Epoch(viewId);
            for (Map.Entry<Address, Node> e : next.entrySet()) {
                if (!peers.containsKey(e.getKey())) {
                    up(new Peer(e.getValue(), e.getKey(), epoch, lastDown.getOrDefault(e.getKey(), -1L)));
                }
            }
            releaseHeld(viewId);
            installedViewId = viewId;
        }
        for (Runnable task : membershipListeners) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Node {}: a membership listener failed", self, e);
            }
        }
    }

    /** Called holding viewLock. */
    private void up(Peer peer) {
        synchronized (peer) {
            peers.put(peer.address, peer);
            members.put(peer.node, peer);
            deliver(peer, UP, null);
        }
    }

    /** Called holding viewLock. */
    private void down(Peer peer) {
        synchronized (peer) {
            peers.remove(peer.address, peer);
            members.remove(peer.node, peer);
            sender.discard(peer);
            deliver(peer, DOWN, null);
        }
    }

    /** Called holding viewLock, as view {@code viewId} is installed: delivers or drops the batches held for it. */
    private void releaseHeld(long viewId) {
        for (Iterator<Map.Entry<Address, ArrayDeque<Held>>> perSender = held.entrySet().iterator();
                perSender.hasNext(); ) {
            Map.Entry<Address, ArrayDeque<Held>> e = perSender.next();
            Peer peer = peers.get(e.getKey());
            for (Iterator<Held> it = e.getValue().iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.epoch.viewId() > viewId) {
                    continue;
                }
                it.remove();
                heldFrames -= h.frames;
                if (peer != null && h.epoch.viewId() >= peer.notBefore) {
                    deliverFrames(peer, h.batch, 0, h.batch.length);
                } else {
                    droppedInbound.add(h.frames);
                }
            }
            if (e.getValue().isEmpty()) {
                perSender.remove();
            }
        }
    }

    private void onMessage(Message msg) {
        byte[] buf = msg.getArray();
        int offset = msg.getOffset();
        int length = msg.getLength();
        if (length < Epoch.BYTES) {
            LOG.warn("Node {}: ignoring a message of {} bytes from {}: not a batch of frames", self, length,
                    msg.getSrc());
            return;
        }
        Epoch epoch = Epoch.read(buf, offset);
        int start = offset + Epoch.BYTES;
        int end = offset + length;
        Peer peer = peers.get(msg.getSrc());
        if (peer != null && epoch.viewId() <= installedViewId && epoch.viewId() >= peer.notBefore) {
            deliverFrames(peer, buf, start, end - start);
            return;
        }
        synchronized (viewLock) {
            peer = peers.get(msg.getSrc());
            int frames = FrameSender.count(buf, start, end - start);
            if (epoch.viewId() > installedViewId) {
                if (heldFrames + frames <= MAX_HELD_FRAMES) {
                    byte[] batch = Arrays.copyOfRange(buf, start, end);
                    held.computeIfAbsent(msg.getSrc(), a -> new ArrayDeque<>()).add(new Held(epoch, batch, frames));
                    heldFrames += frames;
                    heldBatches.increment();
                } else {
                    LOG.warn("Node {}: {} frames from {} dropped: {} frames are already held for views to come",
                            self, frames, msg.getSrc(), heldFrames);
                    droppedInbound.add(frames);
                }
            } else if (peer != null && epoch.viewId() >= peer.notBefore) {
                deliverFrames(peer, buf, start, end - start);
            } else {
                droppedInbound.add(frames);
            }
        }
    }

    private void deliverFrames(Peer peer, byte[] buf, int offset, int length) {
        int pos = offset;
        int end = offset + length;
        synchronized (peer) {
            while (pos < end) {
                int len = FrameSender.readInt(buf, pos);
                byte[] frame = new byte[len];
                System.arraycopy(buf, pos + 4, frame, 0, len);
                pos += 4 + len;
                if (!peer.up) {
                    droppedInbound.increment();
                } else {
                    deliver(peer, FRAME, frame);
                }
            }
        }
    }

    /** Called holding the peer's monitor. */
    private void deliver(Peer peer, byte kind, byte[] frame) {
        if (kind == UP) {
            peer.up = true;
        } else if (kind == DOWN) {
            peer.up = false;
        }
        if (closed) {
            return;
        }
        TransportListener l = listener;
        if (l == null || !peer.early.isEmpty()) {
            peer.early.add(new Event(kind, frame));
            withEarly.add(peer);
            l = listener;
            if (l != null) {
                drainEarly(peer, l);
            }
            return;
        }
        call(l, peer.node, kind, frame);
    }

    /** Called holding the peer's monitor. */
    private void drainEarly(Peer peer, TransportListener l) {
        Event e;
        while ((e = peer.early.poll()) != null) {
            call(l, peer.node, e.kind, e.frame);
        }
    }

    private void call(TransportListener l, Node node, byte kind, byte[] frame) {
        try {
            switch (kind) {
                case UP -> l.onNodeUp(node);
                case FRAME -> l.onFrame(node, frame);
                default -> l.onNodeDown(node);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Node {}: the transport listener failed on an event about node {}", self, node, e);
        }
    }

    /** The members of a view but this node, by address, in view order; of members sharing a name the oldest. */
    static Map<Address, Node> membersOf(View view, Address me, String myName) {
        Map<Address, Node> result = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        names.add(myName);
        for (Address a : view.getMembers()) {
            if (a.equals(me)) {
                continue;
            }
            String name = nameOf(a);
            if (name == null) {
                LOG.warn("Ignoring member {}: not a Foundation BEAM node (its address has no node name)", a);
                continue;
            }
            if (names.add(name)) {
                result.put(a, nodeOf(a));
            }
        }
        return result;
    }

    /**
     * The members of a merge view that were cut off from this node before it: those that a subgroup holds without
     * this node, or this node without them. Each side sees the other go down and come back (as the other side did,
     * or may have). A subgroup may be stale: a node frozen past the detection time still holds its old view, with
     * the members that meanwhile excluded it; the other subgroups then tell.
     */
    static Set<Address> cutOff(MergeView merge, Address me) {
        Set<Address> result = new HashSet<>();
        for (View subgroup : merge.getSubgroups()) {
            boolean hasMe = subgroup.containsMember(me);
            for (Address a : merge.getMembers()) {
                if (!a.equals(me) && subgroup.containsMember(a) != hasMe) {
                    result.add(a);
                }
            }
        }
        return result;
    }

    /**
     * @param a a member's address
     * @return the node name it carries, or null if it carries none
     */
    public static String nameOf(Address a) {
        if (a instanceof ExtendedUUID u) {
            byte[] name = u.get(NODE_NAME_KEY);
            return name == null ? null : new String(name, StandardCharsets.UTF_8);
        }
        return null;
    }

    static Node nodeOf(Address a) {
        String name = nameOf(a);
        if (name == null) {
            throw new IllegalStateException("address " + a + " has no node name");
        }
        UUID u = (UUID) a;
        return new Node(name, u.getMostSignificantBits() ^ u.getLeastSignificantBits());
    }

    /** One incarnation of another member during one membership; guarded by its own monitor (see the design). */
    static final class Peer {
        final Node node;
        final Address address;
        /** The view in which it came up here. */
        final Epoch epoch;
        /** The view in which this node last reported its address down (-1: never). */
        final long notBefore;
        /** What the transport sends to it; owned by the {@link FrameSender}. */
        final FrameSender.Outbox outbox = new FrameSender.Outbox();
        /** Events before the listener was set; guarded by this. */
        final ArrayDeque<Event> early = new ArrayDeque<>();
        /** Guarded by this. */
        boolean up;

        Peer(Node node, Address address, Epoch epoch, long notBefore) {
            this.node = node;
            this.address = address;
            this.epoch = epoch;
            this.notBefore = notBefore;
        }

        @Override
        public String toString() {
            return node + "@" + address;
        }
    }

    private record Event(byte kind, byte[] frame) {
    }

    /** A batch from a view not installed yet. */
    private record Held(Epoch epoch, byte[] batch, int frames) {
    }

    /** The id of the view that began a membership, as sent before each batch. */
    record Epoch(long viewId) {
        static final int BYTES = 8;

        static Epoch read(byte[] b, int pos) {
            return new Epoch(FrameSender.readLong(b, pos));
        }

        void write(byte[] b, int pos) {
            FrameSender.writeLong(b, pos, viewId);
        }
    }

    /** Gives the channel an address that carries the node name. */
    private static final class NamedAddressGenerator implements AddressGenerator {
        private final byte[] name;

        NamedAddressGenerator(String name) {
            this.name = name.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        @Deprecated
        public Address generateAddress() {
            return ExtendedUUID.randomUUID().put(NODE_NAME_KEY, name.clone());
        }

        @Override
        @SuppressWarnings("deprecation")
        public Address generateAddress(String logicalName) {
            return generateAddress();
        }
    }

    private final class ChannelReceiver implements Receiver {
        @Override
        public void receive(Message msg) {
            onMessage(msg);
        }

        @Override
        public void viewAccepted(View view) {
            onView(view);
        }
    }
}
