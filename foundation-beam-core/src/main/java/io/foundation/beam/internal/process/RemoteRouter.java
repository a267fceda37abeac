package io.foundation.beam.internal.process;

import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one routing point for processes that are not cells of this runtime: processes on other nodes. A cluster
 * module installs one with {@link Kernel#useRemoteRouter}; without one, an operation on a reference that is not a
 * process of this runtime fails with {@code IllegalArgumentException}, as it always did.
 *
 * <h2>Model</h2>
 * A process on another node is a {@link ProcessRef} the router creates and recognises ({@link #routes}); the kernel
 * never looks inside it. A message sent with {@code ref.send} goes wherever that reference's own {@code send} takes
 * it (the router's reference class), so the kernel's local send path has no branch for remote processes. Every other
 * operation of the kernel on such a reference (a call, an exit signal, kill, link, unlink, monitor, demonitor, an
 * exit future, one of the runtime's own messages) is handed to this interface, only after the test for a local
 * cell failed: local operations cost what they cost before.
 *
 * <h2>Both directions</h2>
 * Outbound, the kernel calls the methods below. Inbound, the router delivers what the other node reports through the
 * {@link Kernel}: {@link Kernel#deliverLinkExit} (a linked remote process ended), {@link Kernel#deliverDown} (a
 * monitored remote process ended), {@link Kernel#deliverExit} (a remote process sent an exit signal),
 * {@link Kernel#linkFromRemote} (a remote process linked itself to a local one) and {@link Kernel#watchExit} (a
 * remote process monitors a local one). A node that vanishes is the router's to report: every link and monitor it
 * carried for that node gets its exit signal or Down (Erlang's {@code noconnection}), never silence.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread, including a process's own thread and the thread that is ending a
 * process; none may block for long (hand network work to another thread).
 */
public interface RemoteRouter {

    /**
     * @param process a reference that is not a cell of this runtime
     * @return whether this router reaches it
     */
    boolean routes(ProcessRef process);

    /**
     * One of the runtime's own messages (a protocol message, an envelope) for a remote process.
     *
     * @param to the remote process
     * @param message the message
     * @param priority its priority
     * @return the outcome as far as this node can tell
     */
    SendResult send(ProcessRef to, Object message, Priority priority);

    /**
     * A call to a remote process. The router answers the future with the reply, or fails it with the exception a
     * local call would throw ({@code CallTimeoutException} after {@code timeout}, {@code ProcessExitedException},
     * {@code NoSuchProcessException}).
     *
     * @param caller the calling process, or null for a caller outside any process
     * @param to the remote process
     * @param request the request
     * @param timeout the longest wait
     * @return the reply to come
     */
    CompletableFuture<Object> call(ProcessRef caller, ProcessRef to, Object request, Duration timeout);

    /**
     * An exit signal (exit/2, or kill with {@code ExitReason.KILLED}) for a remote process.
     *
     * @param from the sender (a local process, or the runtime's own system reference)
     * @param to the remote process
     * @param reason the reason
     */
    void exit(ProcessRef from, ProcessRef to, ExitReason reason);

    /**
     * A local process linked itself to a remote one (its side of the link is already recorded). When the remote
     * process ends, or its node is lost, the router calls {@link Kernel#deliverLinkExit}; if it has already ended (or
     * does not exist), at once with reason {@link ExitReason#NOPROC noproc}, as a link to a local process that has
     * ended gets (the other runtime's {@link Kernel#linkFromRemote} reports that case so).
     *
     * @param local the local process
     * @param remote the remote process
     */
    void link(ProcessRef local, ProcessRef remote);

    /**
     * A local process removed its link to a remote one (its side is already removed).
     *
     * @param local the local process
     * @param remote the remote process
     */
    void unlink(ProcessRef local, ProcessRef remote);

    /**
     * A local process that was linked to a remote one ended: the remote process gets the exit signal.
     *
     * @param local the local process that ended
     * @param remote the remote process it was linked to
     * @param reason why it ended
     */
    void linkedProcessEnded(ProcessRef local, ProcessRef remote, ExitReason reason);

    /**
     * A local process monitors a remote one ({@code monitor.watcher()} is local, {@code monitor.target()} remote).
     * When the target ends, or its node is lost, the router calls {@link Kernel#deliverDown} once with its reason; if
     * it has already ended (or does not exist), at once with reason {@link ExitReason#NOPROC noproc}, as a monitor of
     * a local process that has ended gets.
     *
     * @param monitor the monitor
     */
    void monitor(MonitorRef monitor);

    /**
     * The monitor is no longer wanted (demonitor, or its watcher ended). A Down delivered after this is dropped by
     * the watcher; the router should still stop watching.
     *
     * @param monitor the monitor
     */
    void demonitor(MonitorRef monitor);

    /**
     * @param process a remote process
     * @return completed with its exit reason when it ends (or its node is lost)
     */
    CompletableFuture<ExitReason> exitFuture(ProcessRef process);
}
