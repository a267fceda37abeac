package io.foundation.beam.internal.supervision;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessInitException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.RuntimeClosedException;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.ChildCount;
import io.foundation.beam.supervision.ChildInfo;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.ChildStartException;
import io.foundation.beam.supervision.ChildStatus;
import io.foundation.beam.supervision.DynamicSupervisor;
import io.foundation.beam.supervision.DynamicSupervisorSpec;
import io.foundation.beam.supervision.ShutdownPolicy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorException;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dynamic supervisor process: a handler that traps exits, with one code branch per case of the semantics
 * documented on {@link DynamicSupervisor} (Elixir's {@code DynamicSupervisor}, OTP's {@code simple_one_for_one}).
 * Each case and where it is carried out:
 * <ol>
 *   <li><b>Start a child</b> ({@code startChild}): refused with {@code MAX_CHILDREN} at the limit; otherwise spawned
 *       linked and its {@code init} waited for; a failed init is a {@link ChildStartException} and nothing is
 *       kept.</li>
 *   <li><b>A child ends</b> ({@code onChildExit}): {@code TEMPORARY}, and {@code TRANSIENT} after a normal exit, are
 *       forgotten; otherwise the child is restarted ({@code restart}), after its backoff if it has one.</li>
 *   <li><b>Intensity</b> ({@code onPendingRestart}): every restart, and every retry of a restart that failed to start,
 *       is recorded in the {@link RestartWindow}; when that exceeds the intensity, {@code SupervisorGaveUp} is reported
 *       and the supervisor exits with reason {@code shutdown}. A restart refused because the runtime is closing ends
 *       the supervisor with {@code shutdown} at once, without a retry or a give-up.</li>
 *   <li><b>Terminate a child</b> ({@code terminateChild}): found by pid, stopped by {@link ChildShutdown} with its
 *       policy, forgotten.</li>
 *   <li><b>Other exit signals</b> ({@code onExit}): from the parent, end with its reason; from the runtime, end with
 *       its reason unless {@code normal}; from anyone else (including a child stopped on purpose whose late link exit
 *       comes after its {@code Down}), ignored.</li>
 *   <li><b>Stop</b> ({@link #terminate}): all children at once, by {@link ConcurrentShutdown}.</li>
 * </ol>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Model.</b> {@code children}, an insertion-ordered set of {@link Child} records (identity equality) in start
 *       order, and {@code running}, a hash map from the running children's pids to their records. A restart replaces
 *       the pid key in {@code running} and leaves the record where it is in {@code children}, so it keeps its place.
 *       Start, exit, restart and terminate are O(1); {@code countChildren} reads sizes and a counter.</li>
 *   <li><b>States of a child.</b> RUNNING (in {@code running}, {@code pid} set) → on an exit to be restarted,
 *       RESTARTING ({@code pid} null, a {@link PendingRestart} sent to itself now or after a backoff) → RUNNING; or,
 *       when not restarted or terminated, gone from both collections.</li>
 *   <li><b>Invariants.</b> {@code running.size()} ≤ {@code children.size()} ≤ {@code maxChildren} (a start is refused
 *       at the limit, a restart does not add); {@code supervisors} counts the records in {@code children} whose spec is
 *       a supervisor; a record's {@code pid} is the key under which it is in {@code running}, or null.</li>
 * </ul>
 * All state is confined to the supervisor's own thread; the outside world talks to it with calls carrying
 * {@link Command}s, which a {@link Handle} sends.
 */
public final class DynamicSupervisorProcess implements ProcessHandler {

    /** Requests sent to the supervisor with {@code call}. */
    sealed interface Command {
    }

    record StartChild(ChildSpec spec) implements Command {
    }

    record TerminateChild(ProcessRef pid) implements Command {
    }

    record WhichChildren() implements Command {
    }

    record CountChildren() implements Command {
    }

    /** A restart still to do: after a backoff delay, or a retry after a failed restart. Sent to itself only. */
    record PendingRestart(Child child, ExitReason reason) {
    }

    /** A failed call answer, thrown on the caller's side. */
    record Failure(RuntimeException error) {
    }

    /** One child: its spec and, while it runs, its process. Identity equality. */
    static final class Child {
        final ChildSpec spec;
        ProcessRef pid;
        int restarts;
        int consecutive;
        long startedAt;

        Child(ChildSpec spec) {
            this.spec = spec;
        }
    }

    private final DynamicSupervisorSpec spec;
    /**
     * The process that started it linked, or null: the runtime (an unlinked start). Set by {@link #init} for a child
     * of another supervisor.
     */
    private ProcessRef parent;
    /** Whether it was spawned as a child of another supervisor, which is its parent ({@link #asChild}). */
    private final boolean parentFromLink;
    private final LinkedHashSet<Child> children = new LinkedHashSet<>();
    private final Map<ProcessRef, Child> running = new HashMap<>();
    private int supervisors;
    private Kernel runtime;
    private RestartWindow restartWindow;

    private DynamicSupervisorProcess(DynamicSupervisorSpec spec, ProcessRef parent, boolean parentFromLink) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.parent = parent;
        this.parentFromLink = parentFromLink;
    }

    // ------------------------------------------------------------------ starting

    /**
     * @param runtime the runtime
     * @param spec the flags
     * @return a started, unlinked dynamic supervisor (its parent is the runtime)
     */
    public static DynamicSupervisor start(BeamRuntime runtime, DynamicSupervisorSpec spec) {
        try {
            return new Handle(runtime, runtime.spawn(new DynamicSupervisorProcess(spec, null, false), options()));
        } catch (ProcessInitException e) {
            throw unwrap(e);
        }
    }

    /**
     * @param context the parent's context
     * @param spec the flags
     * @return a started dynamic supervisor linked to the parent
     */
    public static DynamicSupervisor startLink(ProcessContext context, DynamicSupervisorSpec spec) {
        try {
            return new Handle(context.runtime(),
                    context.spawnLink(new DynamicSupervisorProcess(spec, context.self(), false), options()));
        } catch (ProcessInitException e) {
            throw unwrap(e);
        }
    }

    /**
     * @param runtime the runtime
     * @param process a dynamic supervisor process
     * @return a handle on it
     */
    public static DynamicSupervisor handle(BeamRuntime runtime, ProcessRef process) {
        return new Handle(runtime, Objects.requireNonNull(process, "process"));
    }

    /**
     * The handler of a dynamic supervisor that another supervisor starts as its child, with
     * {@link #childOptions()}: its parent is the process that spawned it linked (its one link when its
     * {@code init} runs), as OTP's {@code proc_lib} records the parent of a process it starts.
     *
     * @param spec the flags
     * @return a fresh handler
     */
    public static ProcessHandler asChild(DynamicSupervisorSpec spec) {
        return new DynamicSupervisorProcess(spec, null, true);
    }

    /** @return the spawn options of a dynamic supervisor: it traps exits, and its start waits for its init */
    public static SpawnOptions childOptions() {
        return options();
    }

    private static SpawnOptions options() {
        return SpawnOptions.defaults().withTrapExits(true).withAwaitInit(true);
    }

    private static RuntimeException unwrap(ProcessInitException e) {
        return e.getCause() instanceof NameAlreadyRegisteredException taken ? taken : e;
    }

    @Override
    public void init(ProcessContext ctx) {
        runtime = Kernel.of(ctx.runtime());
        restartWindow = new RestartWindow(spec.intensity(), runtime.ticker());
        spec.name().ifPresent(ctx::register);
        if (parentFromLink) {
            List<ProcessRef> links = ctx.runtime().info(ctx.self()).map(ProcessInfo::links).orElse(List.of());
            if (links.size() == 1) {
                parent = links.getFirst(); // the supervisor that spawned it linked; no other link exists yet
            }
        }
    }

    // ------------------------------------------------------------------ messages

    @Override
    public Object handle(Object message, ProcessContext ctx) {
        return switch (message) {
            case Signal.Exit exit -> {
                onExit(exit, ctx);
                yield null;
            }
            case PendingRestart pending -> {
                onPendingRestart(pending, ctx);
                yield null;
            }
            case Command command -> answer(command, ctx);
            default -> null; // OTP logs and ignores unexpected messages; there is nothing to do with them
        };
    }

    private Object answer(Command command, ProcessContext ctx) {
        try {
            return switch (command) {
                case StartChild s -> startChild(s.spec(), ctx);
                case TerminateChild t -> {
                    terminateChild(t.pid(), ctx);
                    yield Boolean.TRUE;
                }
                case WhichChildren w -> which();
                case CountChildren c -> new ChildCount(children.size(), running.size(), supervisors,
                        children.size() - supervisors);
            };
        } catch (RuntimeException e) {
            return new Failure(e);
        }
    }

    private ProcessRef startChild(ChildSpec childSpec, ProcessContext ctx) {
        if (children.size() >= spec.maxChildren()) {
            throw new SupervisorException(SupervisorException.Reason.MAX_CHILDREN, "cannot start child '"
                    + childSpec.id() + "' under " + ctx.self() + ": it holds " + children.size()
                    + " children, its maxChildren");
        }
        Child child = new Child(childSpec);
        spawn(child, ctx);
        children.add(child);
        running.put(child.pid, child);
        if (childSpec.isSupervisor()) {
            supervisors++;
        }
        return child.pid;
    }

    /** Spawns the child linked and waits for its init; on success its {@code pid} is set (not yet in the maps). */
    private void spawn(Child child, ProcessContext ctx) {
        ChildSpec cs = child.spec;
        ProcessRef pid;
        try {
            pid = switch (cs.start()) {
                case ChildSpec.HandlerStart h -> ctx.spawnLink(h.factory().get(), h.options().withAwaitInit(true));
                case ChildSpec.BodyStart b -> ctx.spawnLink(b.factory().get(), b.options().withAwaitInit(true));
                case ChildSpec.SupervisorStart s -> Supervisor.startLink(ctx, s.spec()).process();
                case ChildSpec.DynamicSupervisorStart d -> DynamicSupervisor.startLink(ctx, d.spec()).process();
            };
        } catch (ProcessInitException e) {
            // It died in init; its link exit is already queued here: consume it (it would be ignored anyway).
            ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(e.process()), Duration.ZERO);
            throw new ChildStartException(cs.id(), e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw new ChildStartException(cs.id(), e);
        }
        child.pid = pid;
        child.startedAt = runtime.ticker().read();
    }

    private void terminateChild(ProcessRef pid, ProcessContext ctx) {
        Child child = running.remove(pid);
        if (child == null) {
            throw new SupervisorException(SupervisorException.Reason.NOT_FOUND, pid + " is not a running child of "
                    + ctx.self() + " (" + running.size() + " running children)");
        }
        child.pid = null;
        forget(child);
        // Its link exit, if not consumed here, comes from a pid no longer known: ignored as a stranger's.
        ChildShutdown.stop(pid, child.spec.shutdown(), ctx);
    }

    private void forget(Child child) {
        children.remove(child);
        if (child.spec.isSupervisor()) {
            supervisors--;
        }
    }

    private List<ChildInfo> which() {
        List<ChildInfo> result = new ArrayList<>(children.size());
        for (Child c : children) {
            result.add(new ChildInfo(c.spec.id(), Optional.ofNullable(c.pid), c.spec.isSupervisor(), c.spec.restart(),
                    c.pid != null ? ChildStatus.RUNNING : ChildStatus.RESTARTING, c.restarts));
        }
        return result;
    }

    // ------------------------------------------------------------------ exit signals

    private void onExit(Signal.Exit exit, ProcessContext ctx) {
        Child child = running.remove(exit.from());
        if (child != null) {
            onChildExit(child, exit.reason(), ctx);
        } else if (exit.from().equals(parent) || runtime.isRuntimeSender(exit.from())) {
            // OTP's gen_server: an 'EXIT' from the parent ends it with the parent's reason, normal too. The runtime
            // (its shutdown, BeamRuntime.exit from outside a process) is the parent of last resort, as for Supervisor.
            ctx.exit(exit.reason());
        }
        // else: a stranger's (or a forgotten child's late) exit signal: ignored, as OTP's supervisor does
    }

    private void onChildExit(Child child, ExitReason reason, ProcessContext ctx) {
        child.pid = null;
        switch (child.spec.restart()) {
            case TEMPORARY -> forget(child);
            case TRANSIENT -> {
                if (reason.isAbnormal()) {
                    restart(child, reason, ctx);
                } else {
                    forget(child);
                }
            }
            case PERMANENT -> restart(child, reason, ctx);
        }
    }

    /** Restarts the child now, or after its backoff delay (RESTARTING meanwhile). */
    private void restart(Child child, ExitReason reason, ProcessContext ctx) {
        PendingRestart pending = new PendingRestart(child, reason);
        if (child.spec.backoff() != null) {
            long now = runtime.ticker().read();
            if (now - child.startedAt > child.spec.backoff().max().toNanos()) {
                child.consecutive = 0;
            }
            child.consecutive++;
            Duration delay = child.spec.backoff().delay(child.consecutive, ThreadLocalRandom.current().nextDouble());
            ProcessRef self = ctx.self();
            Kernel kernel = runtime;
            runtime.schedule(() -> kernel.sendInternal(self, pending), delay);
            return;
        }
        onPendingRestart(pending, ctx);
    }

    private void onPendingRestart(PendingRestart pending, ProcessContext ctx) {
        Child child = pending.child();
        if (child.pid != null || !children.contains(child)) {
            return; // not waiting for a restart (cannot happen: a RESTARTING child is neither terminated nor started)
        }
        if (restartWindow.recordRestart()) {
            if (runtime.telemetry().enabled()) {
                runtime.telemetry().emit(new BeamEvent.SupervisorGaveUp(ctx.self(), spec.intensity().maxRestarts(),
                        spec.intensity().period(), child.spec.id()));
            }
            ctx.exit(ExitReason.SHUTDOWN);
        }
        try {
            spawn(child, ctx);
        } catch (ChildStartException e) {
            if (e.getCause() instanceof RuntimeClosedException) {
                ctx.exit(ExitReason.SHUTDOWN); // the runtime is closing: no retry, no give-up (as SupervisorProcess)
            }
            // OTP: a failed restart is tried again (try_again_restart), and counts as another restart.
            runtime.sendInternal(ctx.self(), new PendingRestart(child, ExitReason.crashed(e.getCause())));
            return;
        }
        running.put(child.pid, child);
        child.restarts++;
        if (runtime.telemetry().enabled()) {
            runtime.telemetry().emit(new BeamEvent.ChildRestarted(child.pid, ctx.self(), child.spec.id(),
                    pending.reason(), child.restarts));
        }
    }

    // ------------------------------------------------------------------ stopping

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) {
        List<ProcessRef> pids = new ArrayList<>(running.size());
        List<ShutdownPolicy> policies = new ArrayList<>(running.size());
        for (Child c : children) {
            if (c.pid != null) {
                pids.add(c.pid);
                policies.add(c.spec.shutdown());
            }
        }
        running.clear();
        children.clear();
        supervisors = 0;
        ConcurrentShutdown.stopAll(pids, policies, ctx);
    }

    // ------------------------------------------------------------------ the handle

    /**
     * Talks to a dynamic supervisor process with calls that wait without a time limit (OTP's {@code infinity}; 365
     * days, as a call takes a finite timeout).
     */
    private record Handle(BeamRuntime runtime, ProcessRef process) implements DynamicSupervisor {

        /** Asks the supervisor; a process that is not one answers something else, or nothing, and is named. */
        private <T> T ask(Command command, Class<T> answerType) {
            Object answer = runtime.call(process, command, SupervisorCalls.NO_LIMIT);
            if (answer instanceof Failure failure) {
                throw failure.error();
            }
            if (!answerType.isInstance(answer)) {
                throw new IllegalArgumentException(process + " is not a dynamic supervisor: asked for "
                        + command.getClass().getSimpleName() + " it answered "
                        + (answer == null ? "nothing" : "a " + answer.getClass().getSimpleName()));
            }
            return answerType.cast(answer);
        }

        @Override
        public ProcessRef startChild(ChildSpec spec) {
            return ask(new StartChild(Objects.requireNonNull(spec, "spec")), ProcessRef.class);
        }

        @Override
        public void terminateChild(ProcessRef child) {
            ask(new TerminateChild(Objects.requireNonNull(child, "child")), Boolean.class);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<ChildInfo> children() {
            return List.copyOf((List<ChildInfo>) ask(new WhichChildren(), List.class));
        }

        @Override
        public ChildCount countChildren() {
            return ask(new CountChildren(), ChildCount.class);
        }

        @Override
        public ExitReason stop(Duration timeout) {
            CompletableFuture<ExitReason> stopped = runtime.exitFuture(process);
            runtime.exit(process, ExitReason.SHUTDOWN);
            return SupervisorCalls.awaitStop(runtime, process, stopped, timeout);
        }

        @Override
        public CompletableFuture<ExitReason> whenStopped() {
            return runtime.exitFuture(process);
        }

        @Override
        public String toString() {
            return "DynamicSupervisor" + process;
        }
    }
}
