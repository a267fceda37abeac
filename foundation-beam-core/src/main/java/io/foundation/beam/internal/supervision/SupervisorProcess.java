package io.foundation.beam.internal.supervision;

import io.foundation.beam.internal.supervision.ChildTable.Child;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
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
import io.foundation.beam.supervision.IgnoreStart;
import io.foundation.beam.supervision.RestartType;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorException;
import io.foundation.beam.supervision.SupervisorSpec;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The supervisor process: a handler that traps exits, with one code branch per case of the semantics documented on
 * {@link Supervisor} (OTP's {@code supervisor.erl}). Each case and where it is carried out:
 * <ol>
 *   <li><b>Start</b> ({@link #init}): children start in spec order, each waited for; the first
 *       {@code concurrentStart} may start at once. If one fails, those started are stopped in reverse order and the
 *       start fails with a {@link ChildStartException}.</li>
 *   <li><b>Name</b> ({@code supervisorOptions}): a spec's name is registered by the kernel when the process is born,
 *       so a taken name fails the spawn before any child starts, and a restarted child supervisor registers it
 *       again (the registry freed it when its predecessor died, before the exit signal reached this supervisor).</li>
 *   <li><b>Auto shutdown</b> ({@code autoShutdown}): a significant child that ended by itself and is not restarted
 *       (temporary, or transient with a normal reason) ends the supervisor with {@code shutdown} under
 *       {@code ANY_SIGNIFICANT}, and under {@code ALL_SIGNIFICANT} once no significant child runs or waits for a
 *       restart; reached only from a child's exit signal, so {@code terminateChild} and sibling restarts never
 *       trigger it. Significant children under {@code NEVER} are refused before the start and by {@code startChild}.
 *       </li>
 *   <li><b>Ignore</b> ({@code startChild} returns false): a start that throws {@link IgnoreStart} from the factory or
 *       the child's init is OTP's {@code ignore}: the child is kept without a process, or forgotten if temporary,
 *       wherever the start happened (static start, {@code startChild}, {@code restartChild}, a restart).</li>
 *   <li><b>A child ends</b> ({@code onExit}): {@code TEMPORARY} is forgotten; {@code TRANSIENT} is restarted only for
 *       an abnormal reason; {@code PERMANENT} always. A child is found by its pid in the {@link ChildTable}.</li>
 *   <li><b>Parent and strangers</b> ({@code onExit}): an exit signal from the parent (the process that called
 *       {@code startLink}; for a child supervisor, its supervisor) ends the supervisor with the parent's reason,
 *       {@code normal} included, as OTP's {@code gen_server} does. Signals from the runtime itself
 *       ({@code BeamRuntime.exit} from outside any process, the runtime's shutdown) are obeyed the same way: the
 *       runtime is the parent of last resort. An exit signal from any other process (a stranger that linked to it,
 *       {@code exit(supervisor, reason)} from a process that is not its parent, the late exit of a child stopped on
 *       purpose) is ignored, as OTP's supervisor ignores an unexpected {@code 'EXIT'}.</li>
 *   <li><b>Strategy</b> ({@code restart}): the group to restart is the child ({@code ONE_FOR_ONE}), all children
 *       ({@code ONE_FOR_ALL}) or the child and those started after it ({@code REST_FOR_ONE}); the others of the
 *       group are stopped in reverse start order, and temporary ones among them are forgotten, not restarted.</li>
 *   <li><b>Failed restart</b> ({@code retry}): if the group's restart fails to start child {@code k}, a retry is
 *       queued to itself (OTP's {@code try_again_restart}) for OTP's {@code restart(Strategy, k)}: {@code ONE_FOR_ALL}
 *       retries the whole group, stopping first (reverse order) the children the failed attempt had started again;
 *       {@code REST_FOR_ONE} retries {@code k} and those after it; {@code ONE_FOR_ONE} retries {@code k}. A start
 *       refused because the runtime is closing ({@code RuntimeClosedException}) is not retried: the supervisor ends
 *       with {@code shutdown} at once, as the runtime's own shutdown signal would end it (no retries counted, no
 *       give-up reported).</li>
 *   <li><b>Intensity</b> ({@code onPendingRestart}): every restart, and every retry of a restart that failed to
 *       start, is recorded in the {@link RestartWindow}; when that exceeds {@code maxRestarts} within
 *       {@code period}, the supervisor reports {@code SupervisorGaveUp} and exits with reason {@code shutdown}, so
 *       its own supervisor decides (escalation).</li>
 *   <li><b>Stop</b> ({@link #terminate}): {@code Supervisor.stop} sends a {@link Stop} request (OTP's
 *       {@code supervisor:stop} is a {@code sys} request, not an exit signal) and the supervisor exits with reason
 *       {@code shutdown}. Whatever ends it, the children are stopped in reverse start order, each by
 *       {@link ChildShutdown} with its {@code ShutdownPolicy} (brutal kill, shutdown then kill after a timeout, or
 *       shutdown and wait).</li>
 *   <li><b>Backoff</b>, opt-in ({@code restart}): the restart is scheduled after the child's backoff delay (a
 *       {@link PendingRestart} to itself), counting consecutive failures unless the child ran longer than the
 *       backoff's maximum; meanwhile the group is {@code RESTARTING}, and {@code restartChild} and {@code deleteChild} of
 *       it answer {@code restarting}, as OTP's do. A pending restart whose child was terminated,
 *       restarted or deleted meanwhile is stale and ignored.</li>
 * </ol>
 * All state is confined to the supervisor's own thread; the outside world talks to it with calls carrying
 * {@link Command}s, which a {@code Handle} sends.
 */
public final class SupervisorProcess implements ProcessHandler {

    /** Requests sent to the supervisor with {@code call}. */
    sealed interface Command {
    }

    record StartChild(ChildSpec spec) implements Command {
    }

    record TerminateChild(String id) implements Command {
    }

    record RestartChild(String id) implements Command {
    }

    record DeleteChild(String id) implements Command {
    }

    record WhichChildren() implements Command {
    }

    record CountChildren() implements Command {
    }

    record GetChildSpec(String id) implements Command {
    }

    /**
     * {@code Supervisor.stop()}: a plain message, not an exit signal, as OTP's {@code supervisor:stop} is a
     * {@code sys} terminate request and not an {@code exit/2}. The supervisor exits with reason {@code shutdown}.
     */
    record Stop() {
    }

    /**
     * A restart still to do: after a backoff delay, or a retry after a failed restart. Stale (ignored) if the failed
     * child's generation moved on meanwhile (it was terminated, restarted or deleted by request).
     */
    record PendingRestart(List<String> ids, String failedId, ExitReason reason, long generation) {
    }

    /** The answer to a start that the child ignored: {@code null} on the caller's side (OTP's {@code {ok, undefined}}). */
    record Ignored() {
    }

    private static final Ignored IGNORED = new Ignored();

    /** A failed call answer, thrown on the caller's side. */
    record Failure(RuntimeException error) {
    }

    private final SupervisorSpec spec;
    /**
     * The process that started it with {@code startLink} (for a child supervisor: its supervisor), whose exit signal
     * ends it with the same reason; null when started with {@code start} outside any process.
     */
    private final ProcessRef parent;
    /** The children in start order, found by id and by pid in constant time. */
    private final ChildTable children;
    private Kernel runtime;
    /** Restarts within the intensity's period; made in {@link #init}, where the runtime's ticker is known. */
    private RestartWindow restartWindow;

    private SupervisorProcess(SupervisorSpec spec, ProcessRef parent) {
        this.spec = spec;
        this.parent = parent;
        this.children = new ChildTable(spec.children().size());
    }

    // ------------------------------------------------------------------ starting

    /**
     * @param runtime the runtime
     * @param spec the spec
     * @return a started, unlinked supervisor
     */
    public static Supervisor start(BeamRuntime runtime, SupervisorSpec spec) {
        Supervisor.checkChildSpecs(spec.children(), spec.autoShutdown());
        try {
            return new Handle(runtime, runtime.spawn(new SupervisorProcess(spec, null), supervisorOptions(spec)));
        } catch (ProcessInitException e) {
            throw unwrap(e);
        }
    }

    /**
     * @param context the parent's context
     * @param spec the spec
     * @return a started supervisor linked to the parent
     */
    public static Supervisor startLink(ProcessContext context, SupervisorSpec spec) {
        Supervisor.checkChildSpecs(spec.children(), spec.autoShutdown());
        try {
            return new Handle(context.runtime(), context.spawnLink(new SupervisorProcess(spec, context.self()), supervisorOptions(spec)));
        } catch (ProcessInitException e) {
            throw unwrap(e);
        }
    }

    /**
     * @param runtime the runtime
     * @param process a supervisor process
     * @return a handle on it
     */
    public static Supervisor handle(BeamRuntime runtime, ProcessRef process) {
        return new Handle(runtime, process);
    }

    /**
     * @param runtime the runtime
     * @param name a registered name
     * @return a handle on the process registered under it now
     * @throws NoSuchProcessException if no live process holds the name
     */
    public static Supervisor handle(BeamRuntime runtime, String name) {
        ProcessRef process = runtime.whereis(java.util.Objects.requireNonNull(name, "name"))
                .orElseThrow(() -> new NoSuchProcessException("no supervisor is registered as '" + name
                        + "' in runtime " + runtime.name() + ": no live process holds the name"));
        return new Handle(runtime, process);
    }

    /** Trapping exits, awaited through init, and registered under the spec's name (at birth, before init) if any. */
    private static SpawnOptions supervisorOptions(SupervisorSpec spec) {
        SpawnOptions options = SpawnOptions.defaults().withTrapExits(true).withAwaitInit(true);
        return spec.name() != null ? options.withName(spec.name()) : options;
    }

    private static RuntimeException unwrap(ProcessInitException e) {
        return e.getCause() instanceof ChildStartException cse ? cse : e;
    }

    @Override
    public void init(ProcessContext ctx) {
        runtime = Kernel.of(ctx.runtime());
        restartWindow = new RestartWindow(spec.intensity(), runtime.ticker());
        List<ChildSpec> specs = spec.children();
        int concurrent = Math.min(spec.concurrentStart(), specs.size());
        int first = 0;
        if (concurrent > 1) {
            startConcurrently(specs.subList(0, concurrent), ctx);
            first = concurrent;
        }
        for (ChildSpec childSpec : specs.subList(first, specs.size())) {
            Child child = new Child(childSpec);
            boolean started;
            try {
                started = startChild(child, ctx);
            } catch (ChildStartException e) {
                stopAll(ctx);
                throw e;
            }
            if (started || !forgetIgnored(child)) {
                children.add(child);
            }
        }
    }

    /**
     * Starts children at once: spawns each (its init runs on its own thread), then waits for every init. Supervisor
     * children in the group start in order as usual. If any fails, all started are stopped and the start fails.
     */
    private void startConcurrently(List<ChildSpec> group, ProcessContext ctx) {
        ProcessRef self = ctx.self();
        runtime.expectLinks(self, group.size());
        List<Child> starting = new ArrayList<>(group.size());
        List<CompletableFuture<Void>> inits = new ArrayList<>(group.size());
        ChildStartException failure = null;
        for (ChildSpec cs : group) {
            Child child = new Child(cs);
            try {
                switch (cs.start()) {
                    case ChildSpec.HandlerStart h -> inits.add(started(child,
                            runtime.spawnLinkedStarting(self, h.factory().get(), h.options())));
                    case ChildSpec.BodyStart b -> inits.add(started(child,
                            runtime.spawnLinkedStarting(self, b.factory().get(), b.options())));
                    case ChildSpec.SupervisorStart s -> {
                        startChild(child, ctx);
                        inits.add(null);
                    }
                    case ChildSpec.DynamicSupervisorStart d -> {
                        startChild(child, ctx);
                        inits.add(null);
                    }
                }
            } catch (IgnoreStart e) {
                if (!forgetIgnored(child)) {
                    children.add(child); // its factory answered ignore: kept, not running
                }
                continue;
            } catch (ChildStartException e) {
                failure = e;
                break;
            } catch (RuntimeException e) {
                failure = new ChildStartException(cs.id(), e);
                break;
            }
            starting.add(child);
            children.add(child);
        }
        if (!starting.isEmpty()) {
            runtime.beforeBlocking(); // this handler waits for its children's inits below
        }
        for (int i = 0; i < starting.size(); i++) {
            Child child = starting.get(i);
            CompletableFuture<Void> init = inits.get(i);
            try {
                if (init != null) {
                    init.join();
                }
                child.restarting = false;
                child.generation++;
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                ProcessRef dead = child.pid();
                // It died in init: consume its link exit, and leave it out of the children to stop.
                ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(dead), Duration.ZERO);
                children.setPid(child, null);
                Throwable why = cause instanceof ProcessInitException pie && pie.getCause() != null
                        ? pie.getCause() : cause;
                if (why instanceof IgnoreStart) {
                    child.generation++; // its init answered ignore: kept, not running, unless temporary
                    if (forgetIgnored(child)) {
                        children.remove(child);
                    }
                    continue;
                }
                children.remove(child);
                if (failure == null) {
                    failure = new ChildStartException(child.id(), why);
                }
            }
        }
        if (failure != null) {
            stopAll(ctx);
            throw failure;
        }
        // One reading for the group, which started at once: a clock read per child was a twentieth of the time of
        // starting 1000 workers. It only marks when each child's backoff may reset (see restartBackoff).
        long startedAt = runtime.ticker().read();
        for (Child child : starting) {
            if (child.pid() != null) {
                child.startedAt = startedAt;
            }
        }
    }

    private CompletableFuture<Void> started(Child child, Kernel.StartingProcess starting) {
        children.setPid(child, starting.process());
        return starting.initDone();
    }

    /**
     * Starts a child and waits for its init.
     *
     * @return whether it runs: false if its start answered {@link IgnoreStart} (OTP's {@code ignore}), then it has no
     *     process and its caller keeps its spec unless it is temporary
     * @throws ChildStartException if it failed to start
     */
    private boolean startChild(Child child, ProcessContext ctx) {
        ChildSpec cs = child.spec;
        ProcessRef pid;
        try {
            pid = switch (cs.start()) {
                case ChildSpec.HandlerStart h -> ctx.spawnLink(h.factory().get(), h.options().withAwaitInit(true));
                case ChildSpec.BodyStart b -> ctx.spawnLink(b.factory().get(), b.options().withAwaitInit(true));
                case ChildSpec.SupervisorStart s -> {
                    Supervisor.checkChildSpecs(s.spec().children(), s.spec().autoShutdown());
                    yield ctx.spawnLink(new SupervisorProcess(s.spec(), ctx.self()),
                            supervisorOptions(s.spec()));
                }
                case ChildSpec.DynamicSupervisorStart d ->
                        ctx.spawnLink(DynamicSupervisorProcess.asChild(d.spec()), DynamicSupervisorProcess.childOptions());
            };
        } catch (ProcessInitException e) {
            // The child died in init; its link exit is already queued here: consume it, it is not a runtime crash.
            ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(e.process()), Duration.ZERO);
            if (e.getCause() instanceof IgnoreStart) {
                pid = null; // its init answered ignore
            } else {
                throw new ChildStartException(cs.id(), e.getCause() != null ? e.getCause() : e);
            }
        } catch (IgnoreStart e) {
            pid = null; // its factory answered ignore
        } catch (RuntimeException e) {
            throw new ChildStartException(cs.id(), e);
        }
        children.setPid(child, pid);
        child.restarting = false;
        child.startedAt = runtime.ticker().read();
        child.generation++;
        return pid != null;
    }

    /** Whether a child that did not start (it answered ignore) is forgotten rather than kept: OTP's temporary rule. */
    private static boolean forgetIgnored(Child child) {
        return child.spec.restart() == RestartType.TEMPORARY;
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
            case Stop stop -> {
                ctx.exit(ExitReason.SHUTDOWN);
                yield null;
            }
            case Command command -> answer(command, ctx);
            default -> null; // OTP logs and ignores unexpected messages; there is nothing to do with them
        };
    }

    private Object answer(Command command, ProcessContext ctx) {
        try {
            return switch (command) {
                case WhichChildren w -> which();
                case CountChildren c -> count();
                case GetChildSpec g -> find(g.id(), ctx).spec;
                case StartChild s -> addChild(s.spec(), ctx);
                case TerminateChild t -> {
                    Child c = find(t.id(), ctx);
                    shutdownChild(c, ctx);
                    c.restarting = false;
                    c.generation++;
                    if (c.spec.restart() == RestartType.TEMPORARY) {
                        children.remove(c);
                    }
                    yield Boolean.TRUE;
                }
                case RestartChild r -> {
                    Child c = requireTerminated(find(r.id(), ctx), "restart", ctx);
                    if (!startChild(c, ctx)) {
                        if (forgetIgnored(c)) {
                            children.remove(c);
                        }
                        yield IGNORED;
                    }
                    yield c.pid();
                }
                case DeleteChild d -> {
                    Child c = requireTerminated(find(d.id(), ctx), "delete", ctx);
                    children.remove(c);
                    yield Boolean.TRUE;
                }
            };
        } catch (RuntimeException e) {
            return new Failure(e);
        }
    }

    /**
     * OTP's {@code restart_child} and {@code delete_child} act only on a terminated child: {@code {error, running}} for
     * a running one, {@code {error, restarting}} for one whose restart is pending.
     */
    private static Child requireTerminated(Child c, String what, ProcessContext ctx) {
        if (c.pid() != null) {
            throw new SupervisorException(SupervisorException.Reason.RUNNING, "cannot " + what + " child '"
                    + c.spec.id() + "' of " + ctx.self() + ": it is running, terminate it first");
        }
        if (c.restarting) {
            throw new SupervisorException(SupervisorException.Reason.RESTARTING, "cannot " + what + " child '"
                    + c.spec.id() + "' of " + ctx.self() + ": its restart is pending, terminate it first");
        }
        return c;
    }

    private Object addChild(ChildSpec childSpec, ProcessContext ctx) {
        try {
            Supervisor.checkChildSpecs(List.of(childSpec), spec.autoShutdown());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot start a child under " + ctx.self() + ": " + e.getMessage(), e);
        }
        Child existing = children.byId(childSpec.id());
        if (existing != null && existing.pid() != null) {
            throw new SupervisorException(SupervisorException.Reason.ALREADY_STARTED, "a child with id '"
                    + childSpec.id() + "' already exists under " + ctx.self() + " and is running as " + existing.pid(),
                    existing.pid());
        }
        if (existing != null) {
            throw new SupervisorException(SupervisorException.Reason.ALREADY_PRESENT, "a child with id '"
                    + childSpec.id() + "' already exists under " + ctx.self() + " (not running): delete it first");
        }
        Child child = new Child(childSpec);
        if (!startChild(child, ctx)) {
            if (!forgetIgnored(child)) {
                children.add(child);
            }
            return IGNORED;
        }
        children.add(child);
        return child.pid();
    }

    private Child find(String id, ProcessContext ctx) {
        Child c = children.byId(id);
        if (c != null) {
            return c;
        }
        List<String> ids = children.ids();
        String known = ids.size() <= 10 ? ids.toString()
                : ids.subList(0, 10).toString().replace("]", ", ... (" + ids.size() + " in all)]");
        throw new SupervisorException(SupervisorException.Reason.NOT_FOUND, "no child with id '" + id + "' under "
                + ctx.self() + " (children: " + known + ")");
    }

    /** OTP's {@code count_children}: a child is active while it has a process. */
    private ChildCount count() {
        int active = 0;
        int supervisors = 0;
        for (Child c : children.all()) {
            if (c.pid() != null) {
                active++;
            }
            if (c.spec.isSupervisor()) {
                supervisors++;
            }
        }
        return new ChildCount(children.size(), active, supervisors, children.size() - supervisors);
    }

    private List<ChildInfo> which() {
        List<ChildInfo> result = new ArrayList<>(children.size());
        for (Child c : children.all()) {
            ChildStatus status = c.pid() != null ? ChildStatus.RUNNING
                    : c.restarting ? ChildStatus.RESTARTING : ChildStatus.TERMINATED;
            result.add(new ChildInfo(c.id(), Optional.ofNullable(c.pid()), c.spec.isSupervisor(),
                    c.spec.restart(), status, c.restarts));
        }
        return List.copyOf(result);
    }

    // ------------------------------------------------------------------ a child or the parent ended

    private void onExit(Signal.Exit exit, ProcessContext ctx) {
        Child child = children.byPid(exit.from());
        if (child == null) {
            if (exit.from().equals(parent) || runtime.isRuntimeSender(exit.from())) {
                // OTP's gen_server: an 'EXIT' from the parent ends the process with the parent's reason, normal too.
                ctx.exit(exit.reason());
            }
            // Anyone else (a stranger that linked to it, exit(supervisor, reason) from another process, the late
            // exit signal of a child stopped on purpose): OTP's supervisor logs the unexpected 'EXIT' and goes on.
            return;
        }
        children.setPid(child, null);
        ExitReason reason = exit.reason();
        switch (child.spec.restart()) {
            case TEMPORARY -> {
                children.remove(child);
                autoShutdown(child, ctx);
            }
            case TRANSIENT -> {
                if (reason.isAbnormal()) {
                    restart(child, reason, ctx);
                } else {
                    autoShutdown(child, ctx);
                }
            }
            case PERMANENT -> restart(child, reason, ctx);
        }
    }

    /**
     * A child ended by itself and is not restarted: OTP's {@code do_auto_shutdown}. Only reached from an exit signal,
     * so a child stopped by {@code terminateChild} or by a sibling's restart never gets here.
     */
    private void autoShutdown(Child ended, ProcessContext ctx) {
        if (!ended.spec.significant()) {
            return;
        }
        switch (spec.autoShutdown()) {
            case NEVER -> {
                // significant children are refused under NEVER: nothing to do
            }
            case ANY_SIGNIFICANT -> ctx.exit(ExitReason.SHUTDOWN);
            case ALL_SIGNIFICANT -> {
                for (Child c : children.all()) {
                    if (c.spec.significant() && (c.pid() != null || c.restarting)) {
                        return; // a significant child still runs, or will again
                    }
                }
                ctx.exit(ExitReason.SHUTDOWN);
            }
        }
    }

    /** Restarts per the strategy, after the child's backoff if it has one. */
    private void restart(Child failed, ExitReason reason, ProcessContext ctx) {
        List<Child> group = switch (spec.strategy()) {
            case ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> children.all();
            case REST_FOR_ONE -> children.fromChild(failed);
        };
        // Stop the others of the group, in reverse start order.
        for (int i = group.size() - 1; i >= 0; i--) {
            Child c = group.get(i);
            if (c != failed && c.pid() != null) {
                shutdownChild(c, ctx);
            }
        }
        List<String> ids = new ArrayList<>();
        for (Child c : group) {
            if (c != failed && c.spec.restart() == RestartType.TEMPORARY) {
                children.remove(c); // never restarted, not even by a sibling's restart
            } else {
                ids.add(c.id());
                c.restarting = true;
            }
        }
        long generation = ++failed.generation;
        PendingRestart pending = new PendingRestart(List.copyOf(ids), failed.spec.id(), reason, generation);
        if (failed.spec.backoff() != null) {
            long now = runtime.ticker().read();
            if (now - failed.startedAt > failed.spec.backoff().max().toNanos()) {
                failed.consecutive = 0;
            }
            failed.consecutive++;
            Duration delay = failed.spec.backoff().delay(failed.consecutive, ThreadLocalRandom.current().nextDouble());
            ProcessRef self = ctx.self();
            runtime.schedule(() -> self.trySend(pending), delay);
            return;
        }
        onPendingRestart(pending, ctx);
    }

    private void onPendingRestart(PendingRestart pending, ProcessContext ctx) {
        Child failed = children.byId(pending.failedId());
        if (failed == null || failed.generation != pending.generation()) {
            return; // stale: the child was terminated, restarted or deleted meanwhile
        }
        if (restartWindow.recordRestart()) {
            if (runtime.telemetry().enabled()) {
                runtime.telemetry().emit(new BeamEvent.SupervisorGaveUp(ctx.self(), spec.intensity().maxRestarts(),
                        spec.intensity().period(), pending.failedId()));
            }
            ctx.exit(ExitReason.SHUTDOWN);
        }
        // A retry of a group restart (ONE_FOR_ALL, REST_FOR_ONE) first stops the children of the group that the failed
        // attempt had started again, in reverse start order, as OTP's restart_multiple_children terminates the group.
        List<String> ids = pending.ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            Child c = children.byId(ids.get(i));
            if (c != null && c.pid() != null) {
                shutdownChild(c, ctx);
                c.restarting = true;
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            Child c = children.byId(ids.get(i));
            if (c == null || c.pid() != null) {
                continue;
            }
            boolean started;
            try {
                started = startChild(c, ctx);
            } catch (ChildStartException e) {
                if (e.getCause() instanceof RuntimeClosedException) {
                    // The runtime is closing and spawns nothing more: its own shutdown signal is on its way. Retrying
                    // would only count refused restarts until the intensity is exceeded and report a give-up.
                    ctx.exit(ExitReason.SHUTDOWN);
                }
                retry(pending, c, i, e, ctx);
                return;
            }
            if (!started) {
                if (forgetIgnored(c)) {
                    children.remove(c);
                }
                continue; // it answered ignore: kept, not running, not tried again
            }
            c.restarts++;
            if (runtime.telemetry().enabled()) {
                runtime.telemetry().emit(new BeamEvent.ChildRestarted(c.pid(), ctx.self(), c.id(),
                        c == failed ? pending.reason() : ExitReason.SHUTDOWN, c.restarts));
            }
        }
    }

    /**
     * A restart failed to start child {@code k} (at {@code index} in the group): OTP tries again later
     * ({@code try_again_restart}, a message to itself, so requests queued meanwhile are answered first), and the retry
     * counts toward the intensity. What the retry restarts is OTP's {@code restart(Strategy, FailedChild)}:
     * {@code ONE_FOR_ONE} that child; {@code ONE_FOR_ALL} the whole group again, so the children this attempt started
     * are stopped again (reverse order) and started again; {@code REST_FOR_ONE} child {@code k} and those after it
     * ({@code split_child} at {@code k}: the children before {@code k}, already restarted, keep running).
     */
    private void retry(PendingRestart pending, Child k, int index, ChildStartException e, ProcessContext ctx) {
        List<String> ids = pending.ids();
        List<String> again = switch (spec.strategy()) {
            case ONE_FOR_ONE, REST_FOR_ONE -> ids.subList(index, ids.size());
            case ONE_FOR_ALL -> ids;
        };
        // As OTP marks only the failed child {restarting, _}: the others not running are plainly terminated meanwhile
        // (restartChild may start them; the retry then stops and restarts them with the group).
        for (String id : again) {
            Child c = children.byId(id);
            if (c != null && c.pid() == null) {
                c.restarting = c == k;
            }
        }
        long generation = ++k.generation;
        ctx.self().trySend(new PendingRestart(List.copyOf(again), k.id(), ExitReason.crashed(e.getCause()),
                generation));
    }

    // ------------------------------------------------------------------ stopping

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) {
        stopAll(ctx);
    }

    private void stopAll(ProcessContext ctx) {
        for (Child c : children.reversed()) {
            shutdownChild(c, ctx);
        }
    }

    /** Stops one child, if running, with its shutdown policy (see {@link ChildShutdown}); it is then not running. */
    private void shutdownChild(Child child, ProcessContext ctx) {
        ProcessRef pid = child.pid();
        if (pid == null) {
            return;
        }
        children.setPid(child, null);
        // A child is a process of this runtime, whose end delivers its link exit signals before its monitors' Downs:
        // once the Down is in, its exit signal, if linked, is too and was consumed. If it was not (the child had
        // unlinked itself), none will come, so nothing needs remembering (the set kept for it grew without bound).
        ChildShutdown.stop(pid, child.spec.shutdown(), ctx);
    }

    // ------------------------------------------------------------------ the handle

    /**
     * Talks to a supervisor process with calls that wait without a time limit (OTP's {@code infinity}; 365 days, as a
     * call takes a finite timeout): a child's long init or shutdown is waited for.
     */
    private record Handle(BeamRuntime runtime, ProcessRef process) implements Supervisor {

        /**
         * Asks the supervisor; a process that is not one (a handle made with {@code Supervisor.of} for another
         * process) answers something else, or nothing, and is named in the error.
         */
        private <T> T ask(Command command, Class<T> answerType) {
            Object answer = runtime.call(process, command, SupervisorCalls.NO_LIMIT);
            if (answer instanceof Failure failure) {
                throw failure.error();
            }
            if (answer instanceof Ignored) {
                return null;
            }
            if (!answerType.isInstance(answer)) {
                throw new IllegalArgumentException(process + " is not a supervisor: asked for "
                        + command.getClass().getSimpleName() + " it answered "
                        + (answer == null ? "nothing" : "a " + answer.getClass().getSimpleName()));
            }
            return answerType.cast(answer);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<ChildInfo> children() {
            return (List<ChildInfo>) ask(new WhichChildren(), List.class);
        }

        @Override
        public ChildCount countChildren() {
            return ask(new CountChildren(), ChildCount.class);
        }

        @Override
        public ChildSpec getChildSpec(String id) {
            return ask(new GetChildSpec(java.util.Objects.requireNonNull(id, "id")), ChildSpec.class);
        }

        @Override
        public ProcessRef startChild(ChildSpec childSpec) {
            return ask(new StartChild(java.util.Objects.requireNonNull(childSpec, "spec")), ProcessRef.class);
        }

        @Override
        public void terminateChild(String id) {
            ask(new TerminateChild(java.util.Objects.requireNonNull(id, "id")), Boolean.class);
        }

        @Override
        public ProcessRef restartChild(String id) {
            return ask(new RestartChild(java.util.Objects.requireNonNull(id, "id")), ProcessRef.class);
        }

        @Override
        public void deleteChild(String id) {
            ask(new DeleteChild(java.util.Objects.requireNonNull(id, "id")), Boolean.class);
        }

        @Override
        public ExitReason stop(Duration timeout) {
            CompletableFuture<ExitReason> stopped = runtime.exitFuture(process);
            process.trySend(new Stop()); // a request, as OTP's supervisor:stop, not an exit signal
            return SupervisorCalls.awaitStop(runtime, process, stopped, timeout);
        }

        @Override
        public CompletableFuture<ExitReason> whenStopped() {
            return runtime.exitFuture(process);
        }

        @Override
        public String toString() {
            return "Supervisor" + process;
        }
    }
}
