package io.foundation.beam.supervision;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.Internals;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A dynamic supervisor: a supervisor that starts with no children and starts them on demand, Elixir's
 * {@code DynamicSupervisor} and OTP's {@code simple_one_for_one} supervisor. Use it for many children of one kind
 * started at run time (a connection, a session, a job each); use {@link Supervisor} for a fixed tree.
 *
 * <h2>Semantics (Elixir's {@code DynamicSupervisor}, OTP's {@code simple_one_for_one}, translated)</h2>
 * <ol>
 *   <li><b>Children.</b> {@link #startChild} starts a child from its own {@link ChildSpec} (as Elixir's
 *       {@code start_child/2}) and returns its pid, by which it is known from then on. The spec's id is kept for
 *       {@link #children()} and telemetry only: it is never looked up and need not be unique. The start waits for the
 *       child's {@code init}; if that fails, the call fails with {@link ChildStartException} and nothing is kept.</li>
 *   <li><b>Strategy.</b> One-for-one only: a child's end concerns that child alone.</li>
 *   <li><b>A child ends.</b> A {@code PERMANENT} child is always restarted, a {@code TRANSIENT} one only after an
 *       abnormal exit ({@link ExitReason#isAbnormal()}: not {@code normal}, not {@code shutdown}), a {@code TEMPORARY}
 *       one never. A child that is not restarted is forgotten (OTP deletes a dynamic child's entry). A restarted child
 *       has a new pid and keeps its place in {@link #children()}. A child with a {@link RestartBackoff} is restarted
 *       after its delay, {@link ChildStatus#RESTARTING} meanwhile. A restart whose start fails is tried again, and
 *       counts as another restart.</li>
 *   <li><b>Intensity.</b> Each restart is recorded on the runtime's monotonic ticker; if more than
 *       {@code maxRestarts} happen within {@code period} (one window for all children; default 3 in 5 s, Elixir's),
 *       the supervisor reports {@code SupervisorGaveUp}, stops all children and exits with reason {@code shutdown},
 *       so its own supervisor or parent decides (escalation).</li>
 *   <li><b>Max children.</b> With {@link DynamicSupervisorSpec#maxChildren()} children (running or waiting to be
 *       restarted), {@link #startChild} is refused with {@link SupervisorException.Reason#MAX_CHILDREN} (Elixir's
 *       {@code {:error, :max_children}}). A restart replaces a child and never counts as a new one.</li>
 *   <li><b>Terminate.</b> {@link #terminateChild} stops a child by pid with its {@link ShutdownPolicy} and forgets it
 *       (OTP's {@code terminate_child} of a {@code simple_one_for_one} child deletes it).</li>
 *   <li><b>Stop.</b> When the supervisor ends, for any reason but {@code killed}, it stops its children
 *       <em>concurrently</em>, as OTP does for {@code simple_one_for_one}: it sends every child its shutdown signal
 *       (a kill for {@code brutalKill}) at once, then waits for them all, killing each that outlives its own shutdown
 *       timeout; the order in which they end is undefined. Stopping N children takes about the longest shutdown
 *       timeout among them, not their sum.</li>
 *   <li><b>Exit signals</b> (it traps exits, as every supervisor): from a child, the rules above; from its parent
 *       (the process that called {@link #startLink}), the supervisor ends with the parent's reason, whatever it is; from
 *       the runtime itself ({@link BeamRuntime#exit} called outside any process, {@link #stop}, the runtime's shutdown),
 *       the parent of last resort, likewise; from any other process, it is ignored (OTP's supervisor
 *       ignores an {@code 'EXIT'} from a process it does not know).</li>
 * </ol>
 * Telemetry: {@code ChildRestarted} for every restart and {@code SupervisorGaveUp} when the intensity is exceeded,
 * as {@link Supervisor} emits them.
 *
 * <p>Calls: {@link #startChild}, {@link #terminateChild}, {@link #children} and {@link #countChildren} are each a
 * {@code call} to the supervisor process that waits without a time limit, as OTP's supervisor API calls do
 * ({@code infinity}); they fail at once if the supervisor has ended or ends before answering. Each costs O(1) in the
 * supervisor apart from the child's own start or stop ({@link #children} is O(n)).
 *
 * <p>Thread-safety: every method may be called from any thread except the supervisor's own.
 */
public interface DynamicSupervisor {

    /**
     * Starts a top-level dynamic supervisor, not linked to the caller (its parent is the runtime).
     *
     * @param runtime the runtime
     * @param spec the flags
     * @return the running supervisor, with no children
     * @throws io.foundation.beam.process.NameAlreadyRegisteredException if the spec's name is taken
     */
    static DynamicSupervisor start(BeamRuntime runtime, DynamicSupervisorSpec spec) {
        return Internals.startDynamicSupervisor(runtime, spec);
    }

    /**
     * Starts a dynamic supervisor linked to the calling process, which is its parent (OTP's {@code start_link}).
     *
     * @param context the calling process's context
     * @param spec the flags
     * @return the running supervisor, with no children
     * @throws io.foundation.beam.process.NameAlreadyRegisteredException if the spec's name is taken
     */
    static DynamicSupervisor startLink(ProcessContext context, DynamicSupervisorSpec spec) {
        return Internals.startLinkedDynamicSupervisor(context, spec);
    }

    /**
     * @param runtime the runtime of the supervisor
     * @param process a dynamic supervisor's process
     * @return a handle to talk to it; its calls fail with {@link IllegalArgumentException} naming the process if it
     *     is not a dynamic supervisor
     */
    static DynamicSupervisor of(BeamRuntime runtime, ProcessRef process) {
        return Internals.dynamicSupervisor(runtime, process);
    }

    /**
     * A dynamic supervisor as a child of a {@link Supervisor} (Elixir's child spec of a {@code DynamicSupervisor}):
     * permanent, with an unbounded shutdown ({@code infinity}, as for any supervisor child: its children need their own
     * time). Its parent is that supervisor: an exit signal from it ends the dynamic supervisor. A restart starts a new,
     * empty dynamic supervisor, as in OTP. Talk to it with {@link #of} and its pid from {@link Supervisor#children()}.
     * It counts as a supervisor child ({@link ChildSpec#isSupervisor()}, {@link ChildInfo#supervisor()}).
     *
     * @param id the child's id
     * @param spec the dynamic supervisor's flags
     * @return a child spec for a supervisor's children
     */
    static ChildSpec childSpec(String id, DynamicSupervisorSpec spec) {
        return new ChildSpec(id, new ChildSpec.DynamicSupervisorStart(spec), RestartType.PERMANENT,
                ShutdownPolicy.infinity(), null);
    }

    /** @return the supervisor's process */
    ProcessRef process();

    /**
     * Starts a child and waits for its {@code init} (Elixir's {@code start_child/2}).
     *
     * @param spec the child; its id is a label, not a key
     * @return the child's process
     * @throws SupervisorException {@link SupervisorException.Reason#MAX_CHILDREN} if the supervisor holds
     *     {@code maxChildren} children already
     * @throws ChildStartException if it failed to start (nothing is kept)
     */
    ProcessRef startChild(ChildSpec spec);

    /**
     * Stops a child with its shutdown policy and forgets it (Elixir's {@code terminate_child/2}).
     *
     * @param child the child's current process
     * @throws SupervisorException {@link SupervisorException.Reason#NOT_FOUND} if it is not a running child of this
     *     supervisor (Elixir's {@code {:error, :not_found}})
     */
    void terminateChild(ProcessRef child);

    /** @return the children in start order (a restarted child keeps its place), with status and restart counts */
    List<ChildInfo> children();

    /** @return how many children it has, O(1) */
    ChildCount countChildren();

    /**
     * Stops the supervisor with reason {@code shutdown}, its children first (concurrently, each with its shutdown
     * policy).
     *
     * @param timeout the longest wait for the whole; after it the supervisor is killed
     * @return the supervisor's exit reason
     */
    ExitReason stop(Duration timeout);

    /** @return completed with the supervisor's exit reason when it ends */
    CompletableFuture<ExitReason> whenStopped();
}
