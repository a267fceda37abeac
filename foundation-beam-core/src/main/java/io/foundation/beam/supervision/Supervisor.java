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
 * A supervisor: a process that starts children, watches them and restarts them, with Erlang/OTP's semantics.
 *
 * <h2>Semantics (OTP's {@code supervisor}, translated)</h2>
 * <ol>
 *   <li><b>Start.</b> Children start one at a time in spec order; each start is synchronous (it waits for the child's
 *       {@code init}). If one fails, the children already started are stopped in reverse order and the supervisor's
 *       start fails with a {@link ChildStartException} naming the child and carrying its error.</li>
 *   <li><b>Name.</b> A spec with {@link SupervisorSpec#withName} registers the supervisor's process under that name
 *       when it is born, before its children start (OTP's {@code {local, Name}}); a name already held by a live
 *       process fails the start with {@code NameAlreadyRegisteredException} (for a child supervisor: a
 *       {@link ChildStartException} caused by it). A restarted child supervisor registers the name again (its
 *       predecessor's name was freed when it died). {@link #of(BeamRuntime, String)} finds it by name.</li>
 *   <li><b>Auto shutdown (OTP 24, opt-in).</b> With {@link SupervisorSpec#withAutoShutdown}, a significant child
 *       ({@link ChildSpec#withSignificant}; transient or temporary only) that ends by itself without being restarted
 *       (temporary: any reason; transient: {@code normal} or {@code shutdown}) shuts the supervisor down:
 *       {@code ANY_SIGNIFICANT} at once, {@code ALL_SIGNIFICANT} once no significant child runs or waits for a
 *       restart. The other children are stopped in reverse order and the supervisor exits with {@code shutdown}.
 *       {@link #terminateChild} and a sibling's restart never trigger it. See {@link AutoShutdown}.</li>
 *   <li><b>Ignore.</b> A child's start may answer OTP's {@code ignore} by throwing {@link IgnoreStart} from its factory
 *       or its {@code init}: the child then does not run and this is no failure. Its spec is kept, not running (status
 *       {@code TERMINATED}, no process), unless it is {@code TEMPORARY}, whose spec is forgotten. This holds for a
 *       static child (the supervisor's start goes on), {@link #startChild} and {@link #restartChild} (they return
 *       {@code null}: OTP's {@code {ok, undefined}}) and a restart after a crash (the child stays down, no retry).</li>
 *   <li><b>A child ends.</b> A {@code TEMPORARY} child is never restarted and its spec is deleted. A
 *       {@code TRANSIENT} child is restarted only if its reason is abnormal (not {@code normal}, not
 *       {@code shutdown}). A {@code PERMANENT} child is always restarted.</li>
 *   <li><b>Strategy.</b> {@code ONE_FOR_ONE} restarts that child; {@code ONE_FOR_ALL} stops all other children in
 *       reverse start order and restarts all; {@code REST_FOR_ONE} stops the children started after it (reverse
 *       order) and restarts it and them. Temporary children stopped this way are not restarted.</li>
 *   <li><b>Failed restart.</b> If a restart fails to start a child, it is tried again after the requests already
 *       queued (OTP's {@code try_again_restart}), and each try counts toward the intensity. What is tried again is
 *       OTP's: under {@code ONE_FOR_ALL} the whole group, so the children the failed attempt had already restarted are
 *       stopped again (reverse order) and restarted with the others; under {@code REST_FOR_ONE} the child that failed
 *       to start and those after it (the children before it keep their new processes); under {@code ONE_FOR_ONE} the
 *       child.</li>
 *   <li><b>Intensity.</b> Each restart is recorded on the runtime's monotonic ticker; if more than
 *       {@code maxRestarts} happened within {@code period}, the supervisor stops all children (reverse order) and
 *       exits with reason {@code shutdown}, so that its own supervisor applies its rules (escalation). A failed
 *       restart counts as another restart.</li>
 *   <li><b>Parent and strangers.</b> A supervisor remembers its parent: the process that called {@link #startLink}
 *       (for a child supervisor, its supervisor); one made with {@link #start} outside a process has none. An exit
 *       signal from the parent ends the supervisor with the parent's reason, {@code normal} included (OTP: a
 *       supervisor ends when its parent does). The runtime counts as every supervisor's parent of last resort: exit
 *       signals sent from outside any process ({@link BeamRuntime#exit}, the runtime's shutdown on
 *       {@code close()}) end it the same way. An exit signal from any other process (a stranger that linked to it
 *       and died, or {@code exit(supervisor, reason)} called by a process that is not its parent) is ignored, as
 *       OTP's supervisor ignores an unexpected {@code 'EXIT'} message. {@code kill} cannot be ignored.</li>
 *   <li><b>Stop.</b> When its parent ends, or when asked with {@link #stop} (a request in its mailbox, as OTP's
 *       {@code supervisor:stop}, not an exit signal), the supervisor stops its children in reverse start order, each
 *       with its {@link ShutdownPolicy} (shutdown signal, wait, then kill), and exits with that reason
 *       ({@code shutdown} for {@link #stop}).</li>
 *   <li><b>Backoff (opt-in).</b> A child with a {@link RestartBackoff} is restarted after the backoff delay instead
 *       of at once; meanwhile it is {@link ChildStatus#RESTARTING}, and {@link #restartChild} and {@link #deleteChild}
 *       refuse it with {@link SupervisorException.Reason#RESTARTING} (OTP's {@code {error, restarting}}), while
 *       {@link #terminateChild} cancels the pending restart.</li>
 * </ol>
 * Telemetry: {@code ChildRestarted} for every restart and {@code SupervisorGaveUp} when intensity is exceeded.
 *
 * <p>Calls: {@link #children}, {@link #countChildren}, {@link #getChildSpec}, {@link #startChild},
 * {@link #terminateChild}, {@link #restartChild} and {@link #deleteChild} are each a {@code call} to the supervisor process that waits without a time limit, as OTP's
 * {@code supervisor} API calls do ({@code infinity}): a child whose {@code init} or shutdown takes long is waited for,
 * and the answer is never lost to a timeout while the supervisor carries the request out. They fail at once if the
 * supervisor has ended or ends before answering. Finding a child by id (a request) or by process (its exit signal),
 * adding and removing one take constant time, so a supervisor with many children stays as fast per operation as one
 * with few; {@link #children} and {@link #countChildren} take time in proportion to the number of children.
 *
 * <p>Thread-safety: every method may be called from any thread except the supervisor's own.
 */
public interface Supervisor {

    /**
     * Starts a top-level supervisor (not linked to the caller).
     *
     * @param runtime the runtime
     * @param spec the spec
     * @return the running supervisor, all static children started
     * @throws ChildStartException if a child failed to start (the others were stopped)
     * @throws io.foundation.beam.process.NameAlreadyRegisteredException if the spec has a name that a live process
     *     holds (OTP's {@code {error, {already_started, Pid}}}); nothing was started
     */
    static Supervisor start(BeamRuntime runtime, SupervisorSpec spec) {
        return Internals.startSupervisor(runtime, spec);
    }

    /**
     * Starts a supervisor linked to the calling process (OTP's {@code start_link}).
     *
     * @param context the calling process's context
     * @param spec the spec
     * @return the running supervisor
     * @throws ChildStartException if a child failed to start
     * @throws io.foundation.beam.process.NameAlreadyRegisteredException if the spec has a name that a live process
     *     holds; nothing was started
     */
    static Supervisor startLink(ProcessContext context, SupervisorSpec spec) {
        return Internals.startLinkedSupervisor(context, spec);
    }

    /**
     * @param runtime the runtime of the supervisor
     * @param process a supervisor process (for example a child supervisor's pid)
     * @return a handle to talk to it
     */
    static Supervisor of(BeamRuntime runtime, ProcessRef process) {
        return Internals.supervisor(runtime, process);
    }

    /**
     * A handle on a supervisor registered under a name ({@link SupervisorSpec#withName}), as OTP's API calls take a
     * registered name. The name is looked up once, now: the handle then talks to that process (after a restart of a
     * named child supervisor, ask again for the new one).
     *
     * @param runtime the runtime of the supervisor
     * @param name its registered name
     * @return a handle to talk to it
     * @throws io.foundation.beam.process.NoSuchProcessException if no live process is registered under the name
     */
    static Supervisor of(BeamRuntime runtime, String name) {
        return Internals.supervisor(runtime, name);
    }

    /**
     * Checks child specs as a supervisor would before starting them (OTP's {@code check_childspecs}): the rules
     * that span several specs, which a single {@link ChildSpec} cannot check (a single spec checks itself when
     * made). {@link SupervisorSpec} runs it on its children, so a supervisor never starts with specs that fail it.
     *
     * A permanent significant child cannot even be made ({@link ChildSpec}'s constructor refuses it).
     *
     * @param specs child specs, in start order
     * @throws IllegalArgumentException naming the offending spec: two specs with the same id (OTP's
     *     {@code duplicate_child_name})
     * @throws NullPointerException if the list or a spec is null
     */
    static void checkChildSpecs(List<ChildSpec> specs) {
        java.util.Set<String> ids = java.util.HashSet.newHashSet(specs.size());
        for (ChildSpec child : specs) {
            java.util.Objects.requireNonNull(child, "child spec");
            if (!ids.add(child.id())) {
                throw new IllegalArgumentException("two children have the id '" + child.id() + "': ids must be unique");
            }
        }
    }

    /**
     * {@link #checkChildSpecs(List)} and, as OTP's {@code check_childspecs(Specs, AutoShutdown)}, the rule that
     * needs the supervisor's flags: a significant child under a supervisor whose {@link AutoShutdown} is
     * {@code NEVER} is refused (OTP's {@code bad_combination}). The supervisor runs it when it starts, and on a child
     * given to {@link #startChild}.
     *
     * @param specs child specs, in start order
     * @param autoShutdown the supervisor's auto shutdown
     * @throws IllegalArgumentException naming the offending spec
     * @throws NullPointerException if an argument or a spec is null
     */
    static void checkChildSpecs(List<ChildSpec> specs, AutoShutdown autoShutdown) {
        checkChildSpecs(specs);
        if (java.util.Objects.requireNonNull(autoShutdown, "autoShutdown") == AutoShutdown.NEVER) {
            for (ChildSpec child : specs) {
                if (child.significant()) {
                    throw new IllegalArgumentException("child '" + child.id() + "' is significant but the supervisor's "
                            + "autoShutdown is NEVER: set ANY_SIGNIFICANT or ALL_SIGNIFICANT, or make it not significant");
                }
            }
        }
    }

    /** @return the supervisor's process */
    ProcessRef process();

    /**
     * Counts the children (OTP's {@code count_children}).
     *
     * @return how many specs, how many running, how many supervisors and workers
     */
    ChildCount countChildren();

    /**
     * The spec of a child (OTP's {@code get_childspec}).
     *
     * @param id the child
     * @return its spec, as given when it was added
     * @throws SupervisorException {@link SupervisorException.Reason#NOT_FOUND} if there is no such child
     */
    ChildSpec getChildSpec(String id);

    /** @return its children in start order, with status and restart counts */
    List<ChildInfo> children();

    /**
     * Adds and starts a child (OTP's {@code start_child}).
     *
     * @param spec the child
     * @return its process, or {@code null} if its start answered {@link IgnoreStart} (OTP's {@code {ok, undefined}};
     *     the spec is then kept, not running, unless the child is temporary)
     * @throws SupervisorException if the id is taken: {@link SupervisorException.Reason#ALREADY_STARTED} (with the
     *     running child's pid) if that child runs, {@link SupervisorException.Reason#ALREADY_PRESENT} if its spec is
     *     kept but it does not run (OTP's {@code {already_started, Pid}} and {@code already_present})
     * @throws ChildStartException if it failed to start (its spec is not kept)
     */
    ProcessRef startChild(ChildSpec spec);

    /**
     * Stops a child with its shutdown policy and keeps its spec (OTP's {@code terminate_child}).
     *
     * @param id the child
     * @throws SupervisorException {@link SupervisorException.Reason#NOT_FOUND} if there is no such child
     */
    void terminateChild(String id);

    /**
     * Starts a terminated child again (OTP's {@code restart_child}).
     *
     * @param id the child
     * @return its new process, or {@code null} if its start answered {@link IgnoreStart} (it stays terminated; a
     *     temporary child's spec is then forgotten)
     * @throws SupervisorException {@link SupervisorException.Reason#NOT_FOUND} if there is no such child,
     *     {@link SupervisorException.Reason#RUNNING} if it is running, {@link SupervisorException.Reason#RESTARTING}
     *     if its restart is pending (OTP's {@code not_found}, {@code running}, {@code restarting})
     * @throws ChildStartException if it failed to start
     */
    ProcessRef restartChild(String id);

    /**
     * Deletes the spec of a terminated child (OTP's {@code delete_child}).
     *
     * @param id the child
     * @throws SupervisorException {@link SupervisorException.Reason#NOT_FOUND} if there is no such child,
     *     {@link SupervisorException.Reason#RUNNING} if it is running, {@link SupervisorException.Reason#RESTARTING}
     *     if its restart is pending (OTP's {@code not_found}, {@code running}, {@code restarting})
     */
    void deleteChild(String id);

    /**
     * Stops the supervisor and its children (reverse order, each with its shutdown policy), with reason
     * {@code shutdown}: a stop request queued in its mailbox after the requests already there, as OTP's
     * {@code supervisor:stop}; if the supervisor has not ended within the timeout it is killed.
     *
     * @param timeout the longest wait for the whole tree
     * @return the supervisor's exit reason
     */
    ExitReason stop(Duration timeout);

    /** @return completed with the supervisor's exit reason when it ends */
    CompletableFuture<ExitReason> whenStopped();
}
