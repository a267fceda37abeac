package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.cluster.internal.codec.WirePid;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A process on another node, as this node names it: the node's name, its incarnation and the process's number there.
 * It prints as Erlang prints a pid, {@code <node.42>} (a local process prints {@code <runtime.42>} and a node's name
 * is its runtime's name), and two of them are equal when the three parts are: a pid received twice, or from two
 * nodes, is one pid.
 *
 * <p>Sending encodes the message at once, on the sender's thread, so that a message that cannot cross to another node
 * throws {@code MessageNotTransferableException} at the sender; the encoded frame then joins the transport's queue to
 * that node, after everything the same thread sent there before (Erlang's order per pair of processes). A message to
 * a process whose node is not up is a dead letter of this runtime ({@link SendResult#NO_SUCH_PROCESS}).
 *
 * <p>A pid of this node that names no process any more (it ended and was forgotten, or it is from a previous
 * incarnation of this node) is also a {@code RemotePid}: it is never alive, and a message to it is a dead letter.
 *
 * <p>{@link #isAlive()} and {@link #exitReason()} answer with what this node knows now, without asking the other
 * node: false with {@code noconnection} while the node is not up, the reason this node last heard for the process
 * (from a Down, a link's exit signal, a call's failure), otherwise alive. Like every such answer it may be stale at
 * once; monitor the process to learn of its end.
 *
 * <p>A {@code RemotePid} belongs to the router that made it: the runtime of that node routes it. Another runtime in
 * the same JVM (another node) gets its own by receiving the pid in a message, never by sharing the object.
 *
 * <p>Thread-safety: immutable; every method may be called from any thread.
 */
public final class RemotePid implements ProcessRef {

    private final ClusterRouter router;
    private final String node;
    private final long incarnation;
    private final long id;

    RemotePid(ClusterRouter router, String node, long incarnation, long id) {
        this.router = router;
        this.node = Objects.requireNonNull(node, "node");
        this.incarnation = incarnation;
        this.id = id;
    }

    /** @return the name of the node the process runs on */
    public String node() {
        return node;
    }

    /** @return the incarnation of that node (see {@code Node}) */
    public long incarnation() {
        return incarnation;
    }

    @Override
    public long id() {
        return id;
    }

    ClusterRouter router() {
        return router;
    }

    WirePid wire() {
        return new WirePid(node, incarnation, id);
    }

    /**
     * Sends asynchronously; a message that cannot be delivered is a dead letter (never an exception, as Erlang's
     * send to a remote pid).
     *
     * @throws io.foundation.beam.cluster.MessageNotTransferableException if the message cannot cross to another node
     */
    @Override
    public void send(Object message) {
        router.sendMessage(this, message, Priority.NORMAL);
    }

    /**
     * @return {@link SendResult#ACCEPTED} once the frame is queued for the node (the receiving node counts a dead
     *     letter if the process has ended there), {@link SendResult#NO_SUCH_PROCESS} if the node is not up
     * @throws io.foundation.beam.cluster.MessageNotTransferableException if the message cannot cross to another node
     */
    @Override
    public SendResult trySend(Object message) {
        return router.sendMessage(this, message, Priority.NORMAL);
    }

    /** As {@link #trySend(Object)}, with a priority that the receiving process's mailbox honours. */
    @Override
    public SendResult trySend(Object message, Priority priority) {
        return router.sendMessage(this, message, Objects.requireNonNull(priority, "priority"));
    }

    /** @return false if this node knows the process ended or its node is down (a momentary answer) */
    @Override
    public boolean isAlive() {
        return router.knownExitReason(this).isEmpty();
    }

    /** @return the reason this node knows, {@code noconnection} while its node is down, else empty */
    @Override
    public Optional<ExitReason> exitReason() {
        return router.knownExitReason(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemotePid p && p.id == id && p.incarnation == incarnation && p.node.equals(node);
    }

    @Override
    public int hashCode() {
        return (node.hashCode() * 31 + Long.hashCode(incarnation)) * 31 + Long.hashCode(id);
    }

    /** @return {@code <node.id>} */
    @Override
    public String toString() {
        return "<" + node + "." + id + ">";
    }
}
