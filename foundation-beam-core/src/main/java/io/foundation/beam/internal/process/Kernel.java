package io.foundation.beam.internal.process;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.Ticker;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * What the layers above the process kernel (supervision, messages, ecosystems) may ask of it, in terms of process
 * references: they never see the kernel's process record. One implementation, {@link ProcessKernel}.
 *
 * <p>Thread-safety: every method may be called from any thread unless it says otherwise.
 */
public interface Kernel {

    /**
     * @param runtime a runtime built by {@code BeamRuntime.builder()}
     * @return its kernel
     * @throws IllegalArgumentException if the runtime is another implementation of {@link BeamRuntime}
     */
    static Kernel of(BeamRuntime runtime) {
        if (runtime instanceof HasKernel h) {
            return h.kernel();
        }
        throw new IllegalArgumentException("this needs a runtime built by BeamRuntime.builder(), not "
                + runtime.getClass().getName());
    }

    /** @return the runtime the application sees */
    BeamRuntime runtime();

    /** @return the runtime's clock */
    Ticker ticker();

    /** @return the runtime's telemetry (test {@link Telemetry#enabled()} before building an event) */
    Telemetry telemetry();

    /**
     * Runs a task after a delay on the runtime's timer.
     *
     * @return the scheduled task; cancelling it also removes it from the timer's queue
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);

    /**
     * Sends one of the runtime's own messages (an envelope, a protocol message) without the isolated-heap copy: its
     * application payload was isolated where it entered the runtime.
     *
     * @param to a process of this runtime
     * @param message the message
     * @return the outcome, as {@link ProcessRef#trySend(Object)}
     */
    SendResult sendInternal(ProcessRef to, Object message);

    /**
     * @param process a process of this runtime
     * @return whether it was spawned with an isolated heap (it receives copies of mutable messages)
     */
    boolean isolatesMessages(ProcessRef process);

    /**
     * Counts a message that could not be delivered to {@code target} and reports it to telemetry.
     *
     * @param target the process it was for
     * @param message the message
     */
    void deadLetter(ProcessRef target, Object message);

    /**
     * @param process a reference
     * @return it, if it denotes a process of this runtime
     * @throws IllegalArgumentException otherwise (the message names the runtime)
     */
    ProcessRef requireOwn(ProcessRef process);

    /**
     * Spawns a child linked to the calling process, without waiting for its {@code init}: the caller waits on
     * {@link StartingProcess#initDone()} (a supervisor's start of its children). Only the process {@code parent}
     * may call this, from its own code.
     *
     * @param parent the calling process
     * @param behavior a {@code ProcessHandler} or {@code ProcessBody}
     * @param options spawn options
     * @return the child and its init's outcome
     */
    StartingProcess spawnLinkedStarting(ProcessRef parent, Object behavior, SpawnOptions options);

    /**
     * A hint before linking many processes to {@code process} (a supervisor about to start many children): sizes its
     * link set once.
     *
     * @param process a process of this runtime
     * @param count the links expected
     */
    void expectLinks(ProcessRef process, int count);

    /**
     * Before the calling thread waits for a process of this runtime (a future of submitted work, say): if it runs a
     * handler process that woke an idle process and left it to run next on this thread (the kernel's run-next
     * slots), starts that process on a thread of its own now, so that it does not wait for the sweeper while this
     * thread blocks. Cheap when there is nothing to do.
     */
    void beforeBlocking();

    /**
     * A hint before {@code process} monitors many others (a coordinator watching its workers): sizes its monitor set
     * once.
     *
     * @param process a process of this runtime
     * @param count the monitors expected
     */
    void expectMonitors(ProcessRef process, int count);

    /**
     * Shows every live process to {@code visitor} once, in no particular order, allocating nothing per process
     * (an observer's pass over a large runtime). Orphaned processes (killed, their thread still running) are not
     * live and are not shown. Processes spawned or ended during the pass may or may not be shown; one that ends
     * during its own visit may show status {@code DEAD}.
     *
     * <p>Threading: any thread; the visitor runs on it. The pass takes no lock and stops no process: the figures of
     * each process are read as {@code BeamRuntime.info} reads them.
     *
     * @param visitor told of each process
     * @return how many processes it was told of
     */
    int forEachProcess(ProcessVisitor visitor);

    /**
     * @param group a group name
     * @return every member of the group now, including members that ended and are not yet removed
     */
    List<ProcessRef> groupSnapshot(String group);

    /**
     * @param process a process of this runtime
     * @return its message analytics, or empty if it does not keep them
     */
    Optional<MessageStats> messageStats(ProcessRef process);

    /**
     * After processes were killed ({@code BeamRuntime.kill}): waits until the thread of each has returned from its code,
     * for up to the runtime's orphan grace period from now, and marks those whose thread still runs then as orphaned at
     * once (their {@code ProcessInfo} says so and telemetry hears {@code ProcessOrphaned}, as housekeeping does at the
     * end of the grace period). A process killed while it had no thread running its code needs no wait.
     *
     * <p>Threading: any thread but the threads of {@code killed}; it blocks, polling with a backoff of up to 5 ms, and
     * returns early if the calling thread is interrupted (counting what runs still).
     *
     * @param killed processes of this runtime that were killed
     * @return how many of them are orphaned: their thread ignored the interrupt and runs on
     */
    int awaitKilledThreads(java.util.Collection<ProcessRef> killed);

    // ------------------------------------------------------------------ processes on other nodes (see RemoteRouter)

    /**
     * Installs the router that reaches processes on other nodes. Once per runtime.
     *
     * @param router the router
     * @throws IllegalStateException if a router is installed already
     */
    void useRemoteRouter(RemoteRouter router);

    /**
     * Installs what starts distributed ecosystems (the cluster module, when the runtime joins a cluster that can run
     * them). Once per runtime.
     *
     * @param provider the provider
     * @throws IllegalStateException if one is installed already
     */
    void useDistributedEcosystems(DistributedEcosystems provider);

    /** @return the installed provider of distributed ecosystems, if any */
    java.util.Optional<DistributedEcosystems> distributedEcosystems();

    /**
     * A remote process linked to {@code local} ended (or its node was lost): if the link still stands, it is removed
     * and {@code local} gets the exit signal, as from a local linked process.
     *
     * @param local a process of this runtime
     * @param remote the remote process
     * @param reason why it ended
     */
    void deliverLinkExit(ProcessRef local, ProcessRef remote, ExitReason reason);

    /**
     * A remote process that a local process monitors ended (or its node was lost): the watcher gets its Down, unless
     * it demonitored meanwhile. Repeated calls deliver nothing more.
     *
     * @param monitor the monitor the kernel gave the router in {@link RemoteRouter#monitor}
     * @param reason why the target ended
     */
    void deliverDown(MonitorRef monitor, ExitReason reason);

    /**
     * An exit signal sent by a remote process ({@code exit/2} from another node) to a local one.
     *
     * @param local a process of this runtime
     * @param from the remote sender
     * @param reason the reason
     */
    void deliverExit(ProcessRef local, ProcessRef from, ExitReason reason);

    /**
     * A remote process linked itself to a local one: the local side of the link is recorded, so that the local
     * process's end reaches the router ({@link RemoteRouter#linkedProcessEnded}); if it has ended already, the
     * router hears it at once.
     *
     * @param local a process of this runtime
     * @param remote the remote process
     */
    void linkFromRemote(ProcessRef local, ProcessRef remote);

    /**
     * A remote process removed its link to a local one: the local side of the link is removed.
     *
     * @param local a process of this runtime
     * @param remote the remote process
     */
    void unlinkFromRemote(ProcessRef local, ProcessRef remote);

    /**
     * Watches a local process for a remote monitor.
     *
     * @param local a process of this runtime
     * @param onExit told once, with the reason, when it ends (at once if it has ended)
     * @return cancels the watch (a remote demonitor)
     */
    Runnable watchExit(ProcessRef local, java.util.function.Consumer<ExitReason> onExit);

    /**
     * A call to a local process on behalf of a process on another node: the callee sees {@code caller} as
     * {@code CallRequest.caller()}, and the call completes as {@code BeamRuntime.callAsync} does (the reply, or the
     * exception a local call would throw: {@code CallTimeoutException} after {@code timeout},
     * {@code ProcessExitedException} if the callee ends first or had ended, {@code CallFailedException},
     * {@code MailboxFullException}).
     *
     * @param caller the remote caller, or null for a caller outside any process
     * @param target a process of this runtime
     * @param request the request
     * @param timeout the longest wait, on the runtime's timer
     * @return the reply to come
     * @throws IllegalArgumentException if {@code target} is not a process of this runtime
     */
    CompletableFuture<Object> callFrom(ProcessRef caller, ProcessRef target, Object request, Duration timeout);

    /**
     * Whether a signal's sender is this runtime itself: exit signals sent from outside any process
     * ({@code BeamRuntime.exit}, {@code BeamRuntime.kill}) and the runtime's shutdown come from the runtime's own
     * reference, which is no process. A supervisor obeys them as it obeys its parent.
     *
     * @param sender the {@code from} of a signal
     * @return true only for this runtime's own reference (not another runtime's or node's)
     */
    boolean isRuntimeSender(ProcessRef sender);

    /**
     * A process being started: its init's outcome completes when the init returned (exceptionally with its failure).
     *
     * @param process the process
     * @param initDone completed when its init has run
     */
    record StartingProcess(ProcessRef process, CompletableFuture<Void> initDone) {
    }

    /** Implemented by the runtime the application sees, to give its kernel to the layers above. */
    interface HasKernel {

        /** @return the runtime's kernel */
        Kernel kernel();
    }
}
