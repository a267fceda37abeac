package io.foundation.beam.process;

/**
 * The handler style of process (OTP's gen_server): the runtime calls {@link #handle} once per message, one message
 * at a time, on a virtual thread. Between messages an idle handler process holds no thread at all, which is what lets
 * a runtime hold a million idle processes. (The one exception is brief: a process that runs out of work while many
 * virtual threads wait for a carrier keeps its thread parked for up to a millisecond, because a thread started afresh
 * would wait behind all of them; see {@link io.foundation.beam.BeamRuntime}.)
 *
 * <p><b>Threads.</b> An idle handler process woken by a message from another handler process runs next on the
 * sender's thread, once the sender's {@code handle} has returned and it has nothing else to do, rather than on a
 * thread started for it (as BEAM runs a woken process from the sender's run queue): a request-reply exchange then
 * starts no thread per hop. So consecutive {@code handle} calls of one process may run on different threads, and one
 * thread may run several processes' handlers in turn: keep nothing in {@link ThreadLocal}s from one call to the next.
 *
 * <p>{@link #handle} may block (JDBC, HTTP, sleep, {@link ProcessContext#call}) without stalling other processes.
 * (A process it woke just before it blocks is started by the runtime's timer within about a millisecond, and then
 * this process's next few wakes start threads, more of them each time it happens again; a {@code call}, a waiting
 * {@code receive} and a wait for submitted work start it at once.)
 * For a {@code call}, its return value is the reply; for a plain message the return value is ignored. A thrown
 * exception crashes the process with {@link ExitReason.Crashed}. Exit signals and monitor notifications are handed
 * to {@link #handle} ahead of queued messages, as {@link Signal} records.
 */
@FunctionalInterface
public interface ProcessHandler {

    /**
     * Called once, on the process's thread, before the first message. A throw ends the process with
     * {@link ExitReason.Crashed} (and fails a spawn that waits for initialisation).
     *
     * @param context the process's context
     * @throws Exception to crash the process
     */
    default void init(ProcessContext context) throws Exception {
    }

    /**
     * Handles one message.
     *
     * @param message the message: a user message, a {@link Signal}, or the payload of a call
     * @param context the process's context
     * @return the reply when the message came from a call; ignored otherwise (may be null)
     * @throws Exception to crash the process
     */
    Object handle(Object message, ProcessContext context) throws Exception;

    /**
     * Called on the process's thread when it ends for any reason except {@link ExitReason.Killed} (a killed process
     * gets no chance to clean up, as in Erlang). A throw here is reported to telemetry and does not change the
     * exit reason.
     *
     * @param reason why the process is ending
     * @param context the process's context
     * @throws Exception reported, then ignored
     */
    default void terminate(ExitReason reason, ProcessContext context) throws Exception {
    }
}
