package io.foundation.beam.internal.process;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test double of a cluster module: two runtimes in one JVM stand for two nodes, and each one's router reaches the
 * other's processes directly (no network, no serialisation). It does what a real router must: keeps both sides of
 * links and monitors, and answers through the other kernel's delivery methods.
 */
final class LoopbackRouter implements RemoteRouter {

    /**
     * A process of the other node as this node sees it.
     *
     * @param node the node's name
     * @param process the process in the other runtime
     */
    record RemoteRef(String node, ProcessRef process) implements ProcessRef {
        @Override
        public long id() {
            return process.id();
        }

        @Override
        public void send(Object message) {
            process.send(message);
        }

        @Override
        public SendResult trySend(Object message) {
            return process.trySend(message);
        }

        @Override
        public SendResult trySend(Object message, Priority priority) {
            return process.trySend(message, priority);
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public Optional<ExitReason> exitReason() {
            return process.exitReason();
        }

        @Override
        public String toString() {
            return node + "/" + process;
        }
    }

    private final String node;
    private final Kernel kernel;
    private volatile LoopbackRouter peer;
    private final Map<MonitorRef, Runnable> watches = new ConcurrentHashMap<>();

    private LoopbackRouter(String node, BeamRuntime runtime) {
        this.node = node;
        this.kernel = Kernel.of(runtime);
    }

    /** Connects two runtimes as nodes {@code "a"} and {@code "b"}; returns a's router. */
    static LoopbackRouter connect(BeamRuntime a, BeamRuntime b) {
        LoopbackRouter ra = new LoopbackRouter("a", a);
        LoopbackRouter rb = new LoopbackRouter("b", b);
        ra.peer = rb;
        rb.peer = ra;
        ra.kernel.useRemoteRouter(ra);
        rb.kernel.useRemoteRouter(rb);
        return ra;
    }

    /** @return how this node names {@code process} of the other node */
    RemoteRef remote(ProcessRef process) {
        return new RemoteRef(peer.node, process);
    }

    /** @return how the other node names this node's {@code local} process */
    private RemoteRef seenByPeer(ProcessRef local) {
        return new RemoteRef(node, local);
    }

    private static ProcessRef there(ProcessRef remote) {
        return ((RemoteRef) remote).process();
    }

    LoopbackRouter peer() {
        return peer;
    }

    int watchCount() {
        return watches.size();
    }

    @Override
    public boolean routes(ProcessRef process) {
        return process instanceof RemoteRef r && r.node().equals(peer.node);
    }

    @Override
    public SendResult send(ProcessRef to, Object message, Priority priority) {
        return there(to).trySend(message, priority);
    }

    @Override
    public CompletableFuture<Object> call(ProcessRef caller, ProcessRef to, Object request, Duration timeout) {
        return peer.kernel.runtime().callAsync(there(to), request, timeout);
    }

    @Override
    public void exit(ProcessRef from, ProcessRef to, ExitReason reason) {
        if (reason instanceof ExitReason.Killed) {
            peer.kernel.runtime().kill(there(to));
        } else {
            peer.kernel.deliverExit(there(to), seenByPeer(from), reason);
        }
    }

    @Override
    public void link(ProcessRef local, ProcessRef remote) {
        peer.kernel.linkFromRemote(there(remote), seenByPeer(local));
    }

    @Override
    public void unlink(ProcessRef local, ProcessRef remote) {
        peer.kernel.unlinkFromRemote(there(remote), seenByPeer(local));
    }

    @Override
    public void linkedProcessEnded(ProcessRef local, ProcessRef remote, ExitReason reason) {
        peer.kernel.deliverLinkExit(there(remote), seenByPeer(local), reason);
    }

    @Override
    public void monitor(MonitorRef monitor) {
        if (!there(monitor.target()).isAlive()) {
            kernel.deliverDown(monitor, ExitReason.NOPROC); // it had ended: noproc, as for a local target
            return;
        }
        Runnable cancel = peer.kernel.watchExit(there(monitor.target()), reason -> {
            watches.remove(monitor);
            kernel.deliverDown(monitor, reason);
        });
        watches.put(monitor, cancel);
        if (!there(monitor.target()).isAlive()) {
            watches.remove(monitor); // it fired at once, before it was put
        }
    }

    @Override
    public void demonitor(MonitorRef monitor) {
        Runnable cancel = watches.remove(monitor);
        if (cancel != null) {
            cancel.run();
        }
    }

    @Override
    public CompletableFuture<ExitReason> exitFuture(ProcessRef process) {
        return peer.kernel.runtime().exitFuture(there(process));
    }

    @Override
    public String toString() {
        return "LoopbackRouter[" + node + " -> " + peer.node + "]";
    }
}
