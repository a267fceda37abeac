package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import io.foundation.beam.cluster.internal.codec.PayloadCodec;
import io.foundation.beam.cluster.internal.codec.PidMapper;
import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.cluster.internal.transport.Transport;
import io.foundation.beam.cluster.internal.transport.TransportListener;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.internal.process.RemoteRouter;
import io.foundation.beam.internal.process.Telemetry;
import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.CallFailedException;
import io.foundation.beam.process.CallTimeoutException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The router of one node: it makes the processes of the other members of the cluster reachable from this runtime
 * (its {@link RemoteRouter}), names pids in messages for the codec (its {@link PidMapper}), and carries out what the
 * other nodes send (its {@link TransportListener}).
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Peers.</b> Each node that is up has a {@link Peer}: one life (incarnation) of that node, with every piece of
 *       state this node keeps about it: the links between local processes and its processes (made from either side),
 *       the watches local monitors and exit futures hold on its processes ({@code outWatches}, by a watch number of
 *       this node), the watches its processes hold on local ones ({@code inWatches}, by its watch number), the calls
 *       to it that wait for a reply, and the reasons it reported for its ended processes (a small cache for
 *       {@link RemotePid#exitReason()}). A peer lives from {@link #onNodeUp} to {@link #onNodeDown} (or until a new
 *       incarnation of the same name comes up); a pid of another incarnation never reaches it.</li>
 *   <li><b>Exports.</b> A local process whose pid leaves this node (in a message, or as the sender of a link, an exit
 *       signal or a call) is entered in the export table, id -> weak reference, so that a pid coming back resolves to
 *       the same cell ({@code equals} holds across the round trip) as long as anything holds the cell, without the
 *       table keeping it. Cleared entries are purged through a reference queue on each export. A pid of this node
 *       that no longer resolves, or of a previous incarnation, becomes a {@link RemotePid} of this node: not alive,
 *       every operation on it answers {@code noproc}.</li>
 *   <li><b>Order.</b> Everything one local process sends to one remote process (messages and signals) is a frame
 *       queued, on the process's own thread, to the transport's FIFO for that node; so it arrives in order (Erlang's
 *       guarantee). Inbound frames are handled on the transport's thread, in order, without blocking: every delivery
 *       is a mailbox offer, a signal or a watch registration of the kernel.</li>
 * </ul>
 *
 * <h2>Why nothing is lost when a node goes down</h2>
 * Every entry in a peer's tables is removed by exactly one party, which then fires it: the frame that answers it
 * (DOWN, LINK_EXIT, REPLY), the local side ending it (unlink, demonitor, timeout), or the node's loss. Registration
 * puts the entry first and only then reads {@link Peer#down}; {@link #nodeLost} sets {@code down} first and only then
 * drains the tables; both are volatile accesses and concurrent-map operations, so at least one of them sees the
 * other: an entry added while the node is lost is drained by the loss or claimed back by its registrar, never
 * forgotten. A frame the transport refuses ({@code send} returns false: the node is no longer a member) is treated
 * so too: its entry is claimed back and fired with {@code noconnection} at once. Node monitors
 * ({@link #monitorNode}) follow the same rule against the peer map. Links also live in the local cell, whose removal
 * is idempotent ({@link Kernel#deliverLinkExit} only signals if the link still stands), and {@link Kernel#deliverDown}
 * delivers at most one Down per monitor.
 *
 * <h2>Failure semantics</h2>
 * <ul>
 *   <li>A message to a process whose node is not up is a dead letter of this runtime ({@code NO_SUCH_PROCESS});
 *       one to a process that has ended or does not exist on an up node is a dead letter of that node.</li>
 *   <li>A link to a process of a node that is not up gets its exit signal with {@code noconnection} at once; to a
 *       process that does not exist, {@code noproc} (from the other node). A monitor likewise gets its Down, an exit
 *       future completes so, a call fails with {@code ProcessExitedException(noconnection)} or
 *       {@code NoSuchProcessException}.</li>
 *   <li>An exit signal to a process of a node that is not up, or to one that does not exist, is dropped (as in
 *       Erlang).</li>
 *   <li>When a node goes down, everything above fires at once with {@code noconnection}; the watches its processes
 *       held on local ones are cancelled; node monitors get {@link NodeDown}; listeners hear it.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread. Inbound frames never wait, with one exception: a message or a call for
 * a local process whose mailbox is full with the {@code BLOCK_SENDER} policy waits on the transport's thread for room,
 * up to the mailbox's send timeout (backpressure on everything from that node); give processes that receive from
 * other nodes another overflow policy. The futures this router completes (remote calls, exit futures) run
 * their dependent stages on the completing thread, as the kernel's do: keep such stages short.
 */
public final class ClusterRouter implements RemoteRouter, PidMapper, TransportListener {

    private static final System.Logger LOG = System.getLogger(ClusterRouter.class.getName());
    private static final int ENDED_CACHE = 1024;
    private static final Pattern OVERFLOW_POLICY = Pattern.compile("overflow policy (\\w+)");

    private final Kernel kernel;
    private final Transport transport;
    private final Node self;
    private final PayloadCodec codec;
    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Export> exports = new ConcurrentHashMap<>();
    private final ReferenceQueue<ProcessRef> cleared = new ReferenceQueue<>();
    /** Watch numbers (monitors and exit futures of remote processes), call numbers and node monitor numbers. */
    private final AtomicLong numbers = new AtomicLong();
    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, NodeWatch>> nodeWatches =
            new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<? super NodeEvent>> listeners = new CopyOnWriteArrayList<>();
    /** The last incarnation seen of each node that went down, for the {@link NodeDown} of a later node monitor. */
    private final ConcurrentHashMap<String, Node> lastSeen = new ConcurrentHashMap<>();

    /**
     * Creates the router; {@link #start()} installs it. The codec needs the router as its {@link PidMapper} and the
     * router needs the codec: the router makes it, handing itself to {@code codecFactory} (which must only keep the
     * reference: the router is not started yet).
     *
     * @param kernel the kernel of the runtime this node runs; its name must be the transport's node name
     * @param transport the transport, with this node as {@link Transport#self()}
     * @param codecFactory makes the codec of application values from the router's pid mapping
     * @throws IllegalArgumentException if the runtime's name is not the node's name
     */
    public ClusterRouter(Kernel kernel, Transport transport,
            Function<? super PidMapper, ? extends PayloadCodec> codecFactory) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.self = transport.self();
        String runtimeName = kernel.runtime().name();
        if (!runtimeName.equals(self.name())) {
            throw new IllegalArgumentException("the node's name '" + self.name() + "' must be its runtime's name '"
                    + runtimeName + "': pids print with the runtime's name");
        }
        this.codec = Objects.requireNonNull(codecFactory.apply(this), "codec");
    }

    /**
     * Installs the router in the runtime ({@link Kernel#useRemoteRouter}) and as the transport's listener, and takes
     * the transport's current members as up.
     *
     * @return this router
     * @throws IllegalStateException if the runtime has a router already
     */
    public ClusterRouter start() {
        kernel.useRemoteRouter(this);
        transport.listener(this);
        for (Node member : transport.members()) {
            onNodeUp(member);
        }
        return this;
    }

    /** @return this node */
    public Node self() {
        return self;
    }

    /** @return the other nodes that are up now (a momentary answer) */
    public Set<Node> nodes() {
        return peers.values().stream().map(p -> p.node).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param node a node's name
     * @param id a process number on that node
     * @return the pid of that process as this node names it (the process itself if {@code node} is this node and it
     *     is known here), whether or not it exists; of the node's current incarnation, or incarnation 0 if the node is
     *     not up (such a pid reaches nothing). The other node resolves only the processes it has exported (whose pids
     *     have left it in a message or a signal): a number guessed or read from a log reaches nothing else.
     */
    public ProcessRef pid(String node, long id) {
        Peer peer = peers.get(node);
        long incarnation = node.equals(self.name()) ? self.incarnation() : peer != null ? peer.node.incarnation() : 0L;
        return fromWire(new WirePid(node, incarnation, id));
    }

    // ------------------------------------------------------------------ node monitors and node listeners

    /**
     * Erlang's {@code monitor_node(Node, true)}: {@code watcher} gets one {@link NodeDown} message when the node goes
     * down, at once if it is not up now. Each call is its own monitor. The monitor ends with its message, with
     * {@link #demonitorNode}, or when the watcher ends.
     *
     * @param watcher a process of this runtime
     * @param nodeName the node's name
     * @return the monitor's number, for {@link #demonitorNode}
     * @throws IllegalArgumentException if {@code watcher} is not a process of this runtime
     */
    public long monitorNode(ProcessRef watcher, String nodeName) {
        kernel.requireOwn(watcher);
        Objects.requireNonNull(nodeName, "nodeName");
        long number = numbers.incrementAndGet();
        NodeWatch watch = new NodeWatch(number, watcher);
        ConcurrentHashMap<Long, NodeWatch> watches = nodeWatches.computeIfAbsent(nodeName,
                n -> new ConcurrentHashMap<>());
        watches.put(number, watch);
        watch.cancel = kernel.watchExit(watcher, reason -> watches.remove(number, watch));
        Peer peer = peers.get(nodeName);
        if ((peer == null || peer.down) && watches.remove(number, watch)) {
            watch.cancel.run();
            Node node = peer != null ? peer.node : lastSeen.getOrDefault(nodeName, new Node(nodeName, 0L));
            watcher.trySend(new NodeDown(node));
        }
        return number;
    }

    /**
     * Erlang's {@code monitor_node(Node, false)} for one monitor.
     *
     * @param nodeName the node's name given to {@link #monitorNode}
     * @param monitor the number {@link #monitorNode} returned
     * @return whether the monitor was active (it had not fired nor been removed)
     */
    public boolean demonitorNode(String nodeName, long monitor) {
        ConcurrentHashMap<Long, NodeWatch> watches = nodeWatches.get(nodeName);
        NodeWatch watch = watches == null ? null : watches.remove(monitor);
        if (watch == null) {
            return false;
        }
        watch.cancel.run();
        return true;
    }

    /**
     * Adds a listener told of every {@link NodeUp} and {@link NodeDown} (telemetry), on the transport's thread: it
     * must not block. A listener that throws is logged and kept.
     *
     * @param listener the listener
     */
    public void addNodeListener(Consumer<? super NodeEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener a listener added before; removed */
    public void removeNodeListener(Consumer<? super NodeEvent> listener) {
        listeners.remove(listener);
    }

    private void tell(NodeEvent event) {
        Telemetry telemetry = kernel.telemetry();
        if (telemetry.enabled()) {
            Node node = event.node();
            telemetry.emit(event instanceof NodeUp ? new BeamEvent.NodeUp(node.name(), node.incarnation())
                    : new BeamEvent.NodeDown(node.name(), node.incarnation()));
        }
        for (Consumer<? super NodeEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "node listener " + l + " failed on " + event, e);
            }
        }
    }

    // ------------------------------------------------------------------ PidMapper

    @Override
    public WirePid toWire(ProcessRef pid) {
        Objects.requireNonNull(pid, "pid");
        if (pid instanceof RemotePid r && r.router() == this) {
            return r.wire();
        }
        if (kernel.isRuntimeSender(pid)) {
            return new WirePid(self.name(), self.incarnation(), 0L);
        }
        if (!isOwn(pid)) {
            throw new MessageNotTransferableException(pid.getClass().getName(), pid + " is neither a process of node '"
                    + self + "' nor one of another node of its cluster: a reference of another runtime cannot cross");
        }
        return new WirePid(self.name(), self.incarnation(), export(pid));
    }

    @Override
    public ProcessRef fromWire(WirePid pid) {
        if (pid.node().equals(self.name()) && pid.incarnation() == self.incarnation()) {
            ProcessRef local = resolve(pid.incarnation(), pid.id());
            if (local != null) {
                return local;
            }
        }
        return new RemotePid(this, pid.node(), pid.incarnation(), pid.id());
    }

    private boolean isOwn(ProcessRef pid) {
        try {
            kernel.requireOwn(pid);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Enters a local process in the export table (if it is not there) and returns its number. */
    private long export(ProcessRef local) {
        for (Object r; (r = cleared.poll()) != null; ) {
            Export e = (Export) r;
            exports.remove(e.id, e);
        }
        long id = local.id();
        Export e = exports.get(id);
        if (e == null || e.get() != local) {
            exports.compute(id, (k, old) -> old != null && old.get() == local ? old : new Export(local, cleared));
        }
        return id;
    }

    /** @return the local process with this number, if {@code incarnation} is this node's and it is exported */
    private ProcessRef resolve(long incarnation, long id) {
        if (incarnation != self.incarnation()) {
            return null;
        }
        Export e = exports.get(id);
        return e == null ? null : e.get();
    }

    // ------------------------------------------------------------------ RemoteRouter: outbound

    @Override
    public boolean routes(ProcessRef process) {
        return process instanceof RemotePid r && r.router() == this;
    }

    @Override
    public SendResult send(ProcessRef to, Object message, Priority priority) {
        return sendMessage((RemotePid) to, message, priority);
    }

    SendResult sendMessage(RemotePid to, Object message, Priority priority) {
        Objects.requireNonNull(message, "message must not be null");
        byte[] frame;
        try {
            Frames.Out out = new Frames.Out(Frames.SEND);
            out.writeLong(to.incarnation());
            out.writeLong(to.id());
            out.writeByte(priority.ordinal());
            codec.write(message, out);
            frame = out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a message for " + to, e);
        }
        Peer peer = peerOf(to);
        if (peer == null || !transport.send(peer.node, frame)) {
            kernel.deadLetter(to, message);
            return SendResult.NO_SUCH_PROCESS;
        }
        return SendResult.ACCEPTED;
    }

    @Override
    public CompletableFuture<Object> call(ProcessRef caller, ProcessRef to, Object request, Duration timeout) {
        RemotePid target = (RemotePid) to;
        long number = numbers.incrementAndGet();
        byte[] frame;
        try {
            Frames.Out out = new Frames.Out(Frames.CALL);
            out.writeLong(target.incarnation());
            out.writeLong(target.id());
            out.writeLong(caller == null ? 0L : export(caller));
            out.writeLong(number);
            out.writeLong(saturatedNanos(timeout));
            codec.write(request, out); // a request that cannot cross throws here, on the caller's thread
            frame = out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a call to " + to, e);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (isOwnNode(target)) {
            result.completeExceptionally(noSuchProcess(target));
            return result;
        }
        Peer peer = peerOf(target);
        if (peer == null) {
            result.completeExceptionally(new ProcessExitedException(target, ExitReason.NOCONNECTION));
            return result;
        }
        awaitReply(peer, number, frame, result, target, request, timeout);
        return result;
    }

    /**
     * Enters a call in the peer's pending calls, with its timeout on the kernel's timer, and sends its frame. The
     * entry leaves the table once, by whoever completes {@code result} first: the reply, the timeout, the node's
     * loss, a refused frame, or the caller cancelling.
     */
    private void awaitReply(Peer peer, long number, byte[] frame, CompletableFuture<Object> result, RemotePid target,
            Object request, Duration timeout) {
        PendingCall pending = new PendingCall(result, target, request.getClass(), timeout);
        peer.calls.put(number, pending);
        ScheduledFuture<?> timer = kernel.schedule(() -> {
            if (peer.calls.remove(number, pending)) {
                result.completeExceptionally(new CallTimeoutException(target, timeout, request.getClass()));
            }
        }, timeout);
        result.whenComplete((value, error) -> { // answered, timed out, lost, or cancelled by the waiting caller
            peer.calls.remove(number, pending);
            timer.cancel(false);
        });
        if ((peer.down || !transport.send(peer.node, frame)) && peer.calls.remove(number, pending)) {
            result.completeExceptionally(new ProcessExitedException(target, ExitReason.NOCONNECTION));
        }
    }

    @Override
    public void exit(ProcessRef from, ProcessRef to, ExitReason reason) {
        RemotePid target = (RemotePid) to;
        Peer peer = peerOf(target);
        if (peer == null) {
            return; // no such process, or its node is not up: dropped, as in Erlang
        }
        long sender = kernel.isRuntimeSender(from) ? 0L : export(from);
        Frames.Out out = frame(Frames.EXIT, target);
        try {
            out.writeLong(sender);
            Frames.writeReason(out, reason, codec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        transport.send(peer.node, out.bytes());
    }

    @Override
    public void link(ProcessRef local, ProcessRef remote) {
        RemotePid target = (RemotePid) remote;
        if (isOwnNode(target)) {
            kernel.deliverLinkExit(local, target, ExitReason.NOPROC);
            return;
        }
        Peer peer = peerOf(target);
        if (peer == null) {
            kernel.deliverLinkExit(local, target, ExitReason.NOCONNECTION);
            return;
        }
        Link link = new Link(local, target);
        peer.links.add(link);
        if ((peer.down || !transport.send(peer.node, linkFrame(Frames.LINK, target, export(local))))
                && peer.links.remove(link)) {
            kernel.deliverLinkExit(local, target, ExitReason.NOCONNECTION);
        }
    }

    @Override
    public void unlink(ProcessRef local, ProcessRef remote) {
        RemotePid target = (RemotePid) remote;
        Peer peer = peerOf(target);
        if (peer != null && peer.links.remove(new Link(local, target))) {
            transport.send(peer.node, linkFrame(Frames.UNLINK, target, local.id()));
        }
    }

    @Override
    public void linkedProcessEnded(ProcessRef local, ProcessRef remote, ExitReason reason) {
        RemotePid target = (RemotePid) remote;
        Peer peer = peerOf(target);
        if (peer == null) {
            return; // the node is gone: the link fired (or fires) with noconnection here, and died with it there
        }
        peer.links.remove(new Link(local, target));
        Frames.Out out = frame(Frames.LINK_EXIT, target);
        try {
            out.writeLong(local.id());
            Frames.writeReason(out, reason, codec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        transport.send(peer.node, out.bytes());
    }

    @Override
    public void monitor(MonitorRef monitor) {
        RemotePid target = (RemotePid) monitor.target();
        watch(target, new OutWatch(target, monitor, null));
    }

    @Override
    public void demonitor(MonitorRef monitor) {
        RemotePid target = (RemotePid) monitor.target();
        Peer peer = peerOf(target);
        if (peer == null) {
            return;
        }
        Long number = peer.monitorNumbers.remove(monitor);
        if (number != null && peer.outWatches.remove(number) != null) {
            Frames.Out out = frame(Frames.DEMONITOR, target);
            try {
                out.writeLong(number);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            transport.send(peer.node, out.bytes());
        }
    }

    @Override
    public CompletableFuture<ExitReason> exitFuture(ProcessRef process) {
        CompletableFuture<ExitReason> future = new CompletableFuture<>();
        RemotePid target = (RemotePid) process;
        watch(target, new OutWatch(target, null, future));
        return future;
    }

    /** A monitor or an exit future of a remote process: one DOWN, or noproc / noconnection at once. */
    private void watch(RemotePid target, OutWatch watch) {
        if (isOwnNode(target)) {
            fire(watch, ExitReason.NOPROC);
            return;
        }
        Peer peer = peerOf(target);
        if (peer == null) {
            fire(watch, ExitReason.NOCONNECTION);
            return;
        }
        long number = numbers.incrementAndGet();
        peer.outWatches.put(number, watch);
        if (watch.monitor != null) {
            peer.monitorNumbers.put(watch.monitor, number);
        }
        Frames.Out out = frame(Frames.MONITOR, target);
        try {
            out.writeLong(number);
            out.writeBoolean(watch.monitor == null); // an exit future wants the reason of a process that has ended
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if ((peer.down || !transport.send(peer.node, out.bytes())) && peer.outWatches.remove(number, watch)) {
            forget(peer, watch);
            fire(watch, ExitReason.NOCONNECTION);
        }
    }

    private static void forget(Peer peer, OutWatch watch) {
        if (watch.monitor != null) {
            peer.monitorNumbers.remove(watch.monitor);
        }
    }

    private void fire(OutWatch watch, ExitReason reason) {
        if (watch.monitor != null) {
            kernel.deliverDown(watch.monitor, reason);
        } else {
            watch.future.complete(reason);
        }
    }

    private boolean isOwnNode(RemotePid pid) {
        return pid.node().equals(self.name());
    }

    /** @return the peer the pid's process lives on, or null if that incarnation of its node is not up */
    private Peer peerOf(RemotePid pid) {
        Peer peer = peers.get(pid.node());
        return peer != null && peer.node.incarnation() == pid.incarnation() && !peer.down ? peer : null;
    }

    private static Frames.Out frame(byte kind, RemotePid target) {
        try {
            Frames.Out out = new Frames.Out(kind);
            out.writeLong(target.incarnation());
            out.writeLong(target.id());
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] linkFrame(byte kind, RemotePid target, long from) {
        Frames.Out out = frame(kind, target);
        try {
            out.writeLong(from);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.bytes();
    }

    /** @return how many watches processes of other nodes hold on local processes now (for tests) */
    int inboundWatchCount() {
        return peers.values().stream().mapToInt(p -> p.inWatches.size()).sum();
    }

    /** @return how many links, outbound watches and pending calls this node keeps for other nodes (for tests) */
    int outboundCount() {
        return peers.values().stream().mapToInt(p -> p.links.size() + p.outWatches.size() + p.calls.size()).sum();
    }

    Optional<ExitReason> knownExitReason(RemotePid pid) {
        if (isOwnNode(pid)) {
            ProcessRef local = resolve(pid.incarnation(), pid.id());
            return local != null ? local.exitReason() : Optional.of(ExitReason.NOPROC);
        }
        Peer peer = peerOf(pid);
        if (peer == null) {
            return Optional.of(ExitReason.NOCONNECTION);
        }
        synchronized (peer.ended) {
            return Optional.ofNullable(peer.ended.get(pid.id()));
        }
    }

    // ------------------------------------------------------------------ names of a node (SEND_NAMED, CALL_NAMED)

    /**
     * Erlang's {@code {Name, Node} ! Message}: sends to the process registered under {@code name} on node
     * {@code nodeName}, resolved there by that node's registry when the message arrives. The frame joins the same FIFO
     * to that node as the sender's other messages, so order per sender and node holds. A message the other node cannot
     * deliver (no such name) is a dead letter counted there; one to a node that is not up, a dead letter counted here.
     * Dead letters of a name are counted against the node's pid number 0 ({@code <node.0>}), as no process is known.
     *
     * @param nodeName the node's name (this node's own name sends to a local name)
     * @param name the registered name on that node
     * @param message the message (encoded here: a value that cannot cross throws
     *     {@link MessageNotTransferableException})
     * @return {@code ACCEPTED} once handed to the network (or to the local process), else {@code NO_SUCH_PROCESS}
     */
    public SendResult sendNamed(String nodeName, String name, Object message) {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        if (nodeName.equals(self.name())) {
            Optional<ProcessRef> local = kernel.runtime().whereis(name);
            if (local.isEmpty()) {
                kernel.deadLetter(new RemotePid(this, self.name(), self.incarnation(), 0L), message);
                return SendResult.NO_SUCH_PROCESS;
            }
            return local.get().trySend(message);
        }
        byte[] frame;
        try {
            Frames.Out out = new Frames.Out(Frames.SEND_NAMED);
            Frames.writeString(out, name);
            out.writeByte(Priority.NORMAL.ordinal());
            codec.write(message, out);
            frame = out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a message for '" + name + "' on node '" + nodeName + "'", e);
        }
        Peer peer = peers.get(nodeName);
        if (peer == null || peer.down || !transport.send(peer.node, frame)) {
            kernel.deadLetter(new RemotePid(this, nodeName, peer == null ? 0L : peer.node.incarnation(), 0L), message);
            return SendResult.NO_SUCH_PROCESS;
        }
        return SendResult.ACCEPTED;
    }

    /**
     * Calls the process registered under {@code name} on node {@code nodeName} ({@code gen_server:call({Name, Node},
     * Request)}): one CALL_NAMED frame, answered by a REPLY as a call to a pid is. The future fails as
     * {@link #call} does, except that a name not registered there fails with {@link NoSuchProcessException} naming
     * the name; a {@link ProcessExitedException} names the node's pid number 0, since the process is not known here.
     *
     * @param caller the calling process, or null
     * @param nodeName the node's name (this node's own name calls a local name)
     * @param name the registered name on that node
     * @param request the request (encoded here)
     * @param timeout the longest wait
     * @return the answer, later
     */
    public CompletableFuture<Object> callNamed(ProcessRef caller, String nodeName, String name, Object request,
            Duration timeout) {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        if (nodeName.equals(self.name())) {
            Optional<ProcessRef> local = kernel.runtime().whereis(name);
            return local.isEmpty() ? CompletableFuture.failedFuture(noSuchName(nodeName, name))
                    : kernel.callFrom(caller, local.get(), request, timeout);
        }
        long number = numbers.incrementAndGet();
        byte[] frame;
        try {
            Frames.Out out = new Frames.Out(Frames.CALL_NAMED);
            Frames.writeString(out, name);
            out.writeLong(caller == null ? 0L : export(caller));
            out.writeLong(number);
            out.writeLong(saturatedNanos(timeout));
            codec.write(request, out);
            frame = out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a call to '" + name + "' on node '" + nodeName + "'", e);
        }
        Peer peer = peers.get(nodeName);
        RemotePid target = new RemotePid(this, nodeName, peer == null ? 0L : peer.node.incarnation(), 0L);
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (peer == null || peer.down) {
            result.completeExceptionally(new ProcessExitedException(target, ExitReason.NOCONNECTION));
            return result;
        }
        awaitReply(peer, number, frame, result, target, request, timeout);
        CompletableFuture<Object> named = new CompletableFuture<>();
        result.whenComplete((value, error) -> {
            if (error == null) {
                named.complete(value);
            } else {
                named.completeExceptionally(error instanceof NoSuchProcessException ? noSuchName(nodeName, name)
                        : error);
            }
        });
        return named;
    }

    private static NoSuchProcessException noSuchName(String nodeName, String name) {
        return new NoSuchProcessException("no process registered as '" + name + "' on node '" + nodeName + "'");
    }

    private void onSendNamed(DataInputStream in) throws IOException {
        String name = Frames.readString(in);
        Priority priority = Priority.values()[in.readByte()];
        ProcessRef local = kernel.runtime().whereis(name).orElse(null);
        ProcessRef target = local != null ? local : new RemotePid(this, self.name(), self.incarnation(), 0L);
        Object message;
        try {
            message = codec.read(in);
        } catch (MessageNotTransferableException e) {
            kernel.deadLetter(target, new RefusedMessage(e.className(), e.getMessage()));
            return;
        }
        if (local == null) {
            kernel.deadLetter(target, message);
        } else {
            local.trySend(message, priority); // a process that has ended counts the dead letter itself
        }
    }

    private void onCallNamed(Peer peer, DataInputStream in) throws IOException {
        String name = Frames.readString(in);
        onCall(peer, kernel.runtime().whereis(name).orElse(null), self.incarnation(), 0L, in);
    }

    // ------------------------------------------------------------------ TransportListener: inbound

    @Override
    public void onNodeUp(Node node) {
        if (node.equals(self)) {
            return;
        }
        Peer[] replacedAndCreated = new Peer[2];
        peers.compute(node.name(), (name, old) -> {
            if (old != null && old.node.equals(node)) {
                return old;
            }
            replacedAndCreated[0] = old;
            replacedAndCreated[1] = new Peer(node);
            return replacedAndCreated[1];
        });
        if (replacedAndCreated[0] != null) {
            nodeLost(replacedAndCreated[0]); // a new life of the node: the old one is gone, though nobody said so
        }
        if (replacedAndCreated[1] != null) {
            tell(new NodeUp(node));
        }
    }

    @Override
    public void onNodeDown(Node node) {
        Peer peer = peers.get(node.name());
        if (peer != null && peer.node.equals(node) && peers.remove(node.name(), peer)) {
            nodeLost(peer);
        }
    }

    /** Fires everything this node kept about {@code peer} with noconnection (see the class comment). */
    private void nodeLost(Peer peer) {
        peer.down = true;
        lastSeen.put(peer.node.name(), peer.node);
        for (Link link : peer.links) {
            if (peer.links.remove(link)) {
                kernel.deliverLinkExit(link.local, link.remote, ExitReason.NOCONNECTION);
            }
        }
        for (Map.Entry<Long, OutWatch> e : peer.outWatches.entrySet()) {
            if (peer.outWatches.remove(e.getKey(), e.getValue())) {
                forget(peer, e.getValue());
                fire(e.getValue(), ExitReason.NOCONNECTION);
            }
        }
        for (Map.Entry<Long, InWatch> e : peer.inWatches.entrySet()) {
            if (peer.inWatches.remove(e.getKey(), e.getValue())) {
                e.getValue().cancel();
            }
        }
        for (Map.Entry<Long, PendingCall> e : peer.calls.entrySet()) {
            if (peer.calls.remove(e.getKey(), e.getValue())) {
                e.getValue().result.completeExceptionally(
                        new ProcessExitedException(e.getValue().target, ExitReason.NOCONNECTION));
            }
        }
        NodeDown down = new NodeDown(peer.node);
        ConcurrentHashMap<Long, NodeWatch> watches = nodeWatches.get(peer.node.name());
        if (watches != null) {
            for (Map.Entry<Long, NodeWatch> e : watches.entrySet()) {
                if (watches.remove(e.getKey(), e.getValue())) {
                    e.getValue().cancel.run();
                    e.getValue().watcher.trySend(down);
                }
            }
        }
        tell(down);
    }

    @Override
    public void onFrame(Node from, byte[] frame) {
        Peer peer = peers.get(from.name());
        if (peer == null || !peer.node.equals(from)) {
            if (peer != null && peer.node.incarnation() != from.incarnation()) {
                return; // a frame of an old life of the node that is not its current one
            }
            onNodeUp(from); // a frame before the node's up event: the node is up
            peer = peers.get(from.name());
            if (peer == null || !peer.node.equals(from)) {
                return;
            }
        }
        try {
            handle(peer, new DataInputStream(new ByteArrayInputStream(frame)));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dropped a frame from node " + from + " that could not be handled", e);
        }
    }

    private void handle(Peer peer, DataInputStream in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case Frames.DOWN -> onDown(peer, in);
            case Frames.REPLY -> onReply(peer, in);
            case Frames.SEND_NAMED -> onSendNamed(in);
            case Frames.CALL_NAMED -> onCallNamed(peer, in);
            default -> {
                long incarnation = in.readLong();
                long to = in.readLong();
                ProcessRef local = resolve(incarnation, to);
                switch (kind) {
                    case Frames.SEND -> onSend(local, incarnation, to, in);
                    case Frames.EXIT -> onExit(peer, local, in);
                    case Frames.LINK -> onLink(peer, local, incarnation, to, in.readLong());
                    case Frames.UNLINK -> onUnlink(peer, local, in.readLong());
                    case Frames.LINK_EXIT -> onLinkExit(peer, local, in);
                    case Frames.MONITOR -> onMonitor(peer, local, in.readLong(), in.readBoolean());
                    case Frames.DEMONITOR -> onDemonitor(peer, in.readLong());
                    case Frames.CALL -> onCall(peer, local, incarnation, to, in);
                    default -> throw new IOException("corrupt frame: kind " + kind);
                }
            }
        }
    }

    private RemotePid pidOf(Peer peer, long id) {
        return new RemotePid(this, peer.node.name(), peer.node.incarnation(), id);
    }

    private void onSend(ProcessRef local, long incarnation, long to, DataInputStream in) throws IOException {
        Priority priority = Priority.values()[in.readByte()];
        Object message;
        try {
            message = codec.read(in);
        } catch (MessageNotTransferableException e) {
            ProcessRef target = local != null ? local : new RemotePid(this, self.name(), incarnation, to);
            kernel.deadLetter(target, new RefusedMessage(e.className(), e.getMessage()));
            return;
        }
        if (local == null) {
            kernel.deadLetter(new RemotePid(this, self.name(), incarnation, to), message);
        } else {
            local.trySend(message, priority); // a process that has ended counts the dead letter itself
        }
    }

    private void onExit(Peer peer, ProcessRef local, DataInputStream in) throws IOException {
        RemotePid from = pidOf(peer, in.readLong());
        ExitReason reason = Frames.readReason(in, codec);
        if (local == null) {
            return;
        }
        if (reason instanceof ExitReason.Killed) {
            kernel.runtime().kill(local);
        } else {
            kernel.deliverExit(local, from, reason);
        }
    }

    private void onLink(Peer peer, ProcessRef local, long incarnation, long to, long fromId) {
        RemotePid from = pidOf(peer, fromId);
        if (local == null) {
            reply(peer, linkExitFrame(from, to, ExitReason.NOPROC));
            return;
        }
        Link link = new Link(local, from);
        peer.links.add(link); // before: a local process that has ended tells linkedProcessEnded at once
        kernel.linkFromRemote(local, from);
    }

    private void onUnlink(Peer peer, ProcessRef local, long fromId) {
        if (local != null) {
            RemotePid from = pidOf(peer, fromId);
            peer.links.remove(new Link(local, from));
            kernel.unlinkFromRemote(local, from);
        }
    }

    private void onLinkExit(Peer peer, ProcessRef local, DataInputStream in) throws IOException {
        RemotePid from = pidOf(peer, in.readLong());
        ExitReason reason = Frames.readReason(in, codec);
        remember(peer, from.id(), reason);
        if (local != null && peer.links.remove(new Link(local, from))) {
            kernel.deliverLinkExit(local, from, reason);
        }
    }

    private byte[] linkExitFrame(RemotePid to, long fromId, ExitReason reason) {
        Frames.Out out = frame(Frames.LINK_EXIT, to);
        try {
            out.writeLong(fromId);
            Frames.writeReason(out, reason, codec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.bytes();
    }

    /**
     * @param endedReason whether a process that has ended answers with its own reason (an exit future) rather than
     *     noproc (a monitor, as on one node)
     */
    private void onMonitor(Peer peer, ProcessRef local, long number, boolean endedReason) {
        if (local == null || (!endedReason && !local.isAlive())) {
            reply(peer, downFrame(number, ExitReason.NOPROC));
            return;
        }
        InWatch watch = new InWatch();
        peer.inWatches.put(number, watch);
        Runnable cancel = kernel.watchExit(local, reason -> {
            if (peer.inWatches.remove(number, watch)) {
                reply(peer, downFrame(number, reason));
            }
        });
        watch.cancel = cancel;
        if (peer.inWatches.get(number) != watch) {
            cancel.run(); // demonitored or lost meanwhile, before the cancel was known: harmless if it fired
        }
    }

    private void onDemonitor(Peer peer, long number) {
        InWatch watch = peer.inWatches.remove(number);
        if (watch != null) {
            watch.cancel();
        }
    }

    private byte[] downFrame(long number, ExitReason reason) {
        try {
            Frames.Out out = new Frames.Out(Frames.DOWN);
            out.writeLong(number);
            Frames.writeReason(out, reason, codec);
            return out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void onDown(Peer peer, DataInputStream in) throws IOException {
        long number = in.readLong();
        ExitReason reason = Frames.readReason(in, codec);
        OutWatch watch = peer.outWatches.remove(number);
        if (watch != null) {
            forget(peer, watch);
            remember(peer, watch.target.id(), reason);
            fire(watch, reason);
        }
    }

    private void remember(Peer peer, long id, ExitReason reason) {
        if (reason instanceof ExitReason.NoProc) {
            return; // not a reason the process ended with
        }
        synchronized (peer.ended) {
            peer.ended.put(id, reason);
        }
    }

    private void reply(Peer peer, byte[] frame) {
        if (!peer.down) {
            transport.send(peer.node, frame);
        }
    }

    private void onCall(Peer peer, ProcessRef local, long incarnation, long to, DataInputStream in)
            throws IOException {
        long callerId = in.readLong();
        long number = in.readLong();
        Duration timeout = Duration.ofNanos(in.readLong());
        if (local == null) {
            reply(peer, replyFrame(number, Frames.REPLY_NOPROC));
            return;
        }
        Object request;
        try {
            request = codec.read(in);
        } catch (MessageNotTransferableException e) {
            reply(peer, notTransferable(number, e));
            return;
        }
        ProcessRef caller = callerId == 0L ? null : pidOf(peer, callerId);
        CompletableFuture<Object> answer;
        try {
            answer = kernel.callFrom(caller, local, request, timeout);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, error) -> reply(peer, error == null ? valueReply(number, value)
                : failureReply(number, error instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : error)));
    }

    private static byte[] replyFrame(long number, byte status) {
        try {
            Frames.Out out = new Frames.Out(Frames.REPLY);
            out.writeLong(number);
            out.writeByte(status);
            return out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] valueReply(long number, Object value) {
        try {
            Frames.Out out = new Frames.Out(Frames.REPLY);
            out.writeLong(number);
            out.writeByte(Frames.REPLY_OK);
            codec.write(value, out);
            return out.bytes();
        } catch (MessageNotTransferableException e) {
            return notTransferable(number, new MessageNotTransferableException(e.className(),
                    "the reply cannot cross to the caller's node: " + e.getMessage()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] notTransferable(long number, MessageNotTransferableException e) {
        try {
            Frames.Out out = new Frames.Out(Frames.REPLY);
            out.writeLong(number);
            out.writeByte(Frames.REPLY_NOT_TRANSFERABLE);
            Frames.writeString(out, e.className());
            Frames.writeString(out, String.valueOf(e.getMessage()));
            return out.bytes();
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    private byte[] failureReply(long number, Throwable error) {
        try {
            Frames.Out out = new Frames.Out(Frames.REPLY);
            out.writeLong(number);
            switch (error) {
                case CallTimeoutException t -> out.writeByte(Frames.REPLY_TIMEOUT);
                case ProcessExitedException x -> {
                    out.writeByte(Frames.REPLY_EXITED);
                    Frames.writeReason(out, x.reason(), codec);
                }
                case MailboxFullException m -> {
                    out.writeByte(Frames.REPLY_MAILBOX_FULL);
                    out.writeInt(m.capacity());
                    Frames.writeString(out, String.valueOf(m.getMessage()));
                }
                case MessageNotTransferableException m -> {
                    return notTransferable(number, m);
                }
                case CallFailedException f when f.getCause() != null -> {
                    out.writeByte(Frames.REPLY_FAILED);
                    Frames.writeThrowable(out, f.getCause(), codec);
                }
                default -> {
                    out.writeByte(Frames.REPLY_FAILED);
                    Frames.writeThrowable(out, error, codec);
                }
            }
            return out.bytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void onReply(Peer peer, DataInputStream in) throws IOException {
        long number = in.readLong();
        PendingCall call = peer.calls.remove(number);
        if (call == null) {
            return; // timed out, cancelled or lost meanwhile
        }
        try {
            Throwable failure = replyFailure(peer, call, in);
            if (failure != null) {
                call.result.completeExceptionally(failure);
            }
        } catch (IOException | RuntimeException e) {
            call.result.completeExceptionally(new CallFailedException(call.target, e)); // never a hang
        }
    }

    /** Completes the call with the reply's value and returns null, or returns the failure the reply says. */
    private Throwable replyFailure(Peer peer, PendingCall call, DataInputStream in) throws IOException {
        RemotePid target = call.target;
        byte status = in.readByte();
        return switch (status) {
            case Frames.REPLY_OK -> {
                try {
                    call.result.complete(codec.read(in));
                    yield null;
                } catch (MessageNotTransferableException e) {
                    yield new CallFailedException(target, e);
                }
            }
            case Frames.REPLY_TIMEOUT -> new CallTimeoutException(target, call.timeout, call.requestClass);
            case Frames.REPLY_EXITED -> {
                ExitReason reason = Frames.readReason(in, codec);
                remember(peer, target.id(), reason);
                yield new ProcessExitedException(target, reason);
            }
            case Frames.REPLY_NOPROC -> noSuchProcess(target);
            case Frames.REPLY_FAILED -> new CallFailedException(target, Frames.readThrowable(in, codec));
            case Frames.REPLY_NOT_TRANSFERABLE -> new CallFailedException(target,
                    new MessageNotTransferableException(Frames.readString(in), Frames.readString(in)));
            case Frames.REPLY_MAILBOX_FULL -> {
                int capacity = in.readInt();
                Matcher m = OVERFLOW_POLICY.matcher(Frames.readString(in));
                OverflowPolicy policy = m.find() ? policy(m.group(1)) : null;
                yield new MailboxFullException(target, capacity, policy);
            }
            default -> throw new IOException("corrupt frame: reply status " + status);
        };
    }

    private static OverflowPolicy policy(String name) {
        try {
            return OverflowPolicy.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private NoSuchProcessException noSuchProcess(RemotePid target) {
        return new NoSuchProcessException("no process " + target + " on node '" + target.node() + "' (it never "
                + "existed there, or is of another incarnation of the node)");
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "ClusterRouter[" + self + ", " + peers.size() + " other nodes up]";
    }

    // ------------------------------------------------------------------ the tables' entries

    /** One life of another node, and what this node keeps about it (see the class comment). */
    private static final class Peer {
        final Node node;
        volatile boolean down;
        final Set<Link> links = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<Long, OutWatch> outWatches = new ConcurrentHashMap<>();
        final ConcurrentHashMap<MonitorRef, Long> monitorNumbers = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, InWatch> inWatches = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, PendingCall> calls = new ConcurrentHashMap<>();
        /** Reasons heard for its processes, the latest {@value #ENDED_CACHE}; guarded by itself. */
        final Map<Long, ExitReason> ended = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ExitReason> eldest) {
                return size() > ENDED_CACHE;
            }
        };

        Peer(Node node) {
            this.node = node;
        }
    }

    /** A link between a local process and one of a peer's, made from either side. */
    private record Link(ProcessRef local, RemotePid remote) {
    }

    /** A local monitor (or, with {@code monitor} null, an exit future) of one of a peer's processes. */
    private record OutWatch(RemotePid target, MonitorRef monitor, CompletableFuture<ExitReason> future) {
    }

    /** A peer's process watching a local one; {@code cancel} is set once the kernel's watch exists. */
    private static final class InWatch {
        volatile Runnable cancel;

        void cancel() {
            Runnable c = cancel;
            if (c != null) {
                c.run();
            }
        }
    }

    /** A call to one of a peer's processes that waits for its reply. */
    private record PendingCall(CompletableFuture<Object> result, RemotePid target, Class<?> requestClass,
            Duration timeout) {
    }

    /** A node monitor. */
    private static final class NodeWatch {
        final long number;
        final ProcessRef watcher;
        volatile Runnable cancel = () -> { };

        NodeWatch(long number, ProcessRef watcher) {
            this.number = number;
            this.watcher = watcher;
        }
    }

    /** An exported local process, weakly. */
    private static final class Export extends WeakReference<ProcessRef> {
        final long id;

        Export(ProcessRef process, ReferenceQueue<ProcessRef> queue) {
            super(process, queue);
            this.id = process.id();
        }
    }

    /**
     * What a dead letter records for a message that arrived from another node but names a class this node does not
     * accept.
     *
     * @param className the refused class
     * @param reason the codec's explanation
     */
    record RefusedMessage(String className, String reason) {
    }
}
