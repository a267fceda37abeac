package io.foundation.beam.internal.process;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.Ticker;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.MonitoredProcess;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.RuntimeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The process kernel of one runtime: the process table, spawn, signals (exit, kill, monitors, exit futures), the
 * bookkeeping that processes report to, introspection and telemetry listeners; the one implementation of
 * {@link Kernel}, which the layers above use instead of downcasts. It wires the parts it delegates to:
 * {@link Registry} (names and groups), {@link Calls} (request-reply), {@link Housekeeping} (idle hibernation, orphan
 * detection) and {@link RuntimeShutdown} (lifecycle and shutdown). The public methods are what
 * {@code DefaultBeamRuntime}, the runtime the application holds, delegates to.
 *
 * <h2>Model</h2>
 * Processes are {@link ProcessCell}s; the kernel keeps the live ones in a concurrent set (for counting, snapshots and
 * shutdown) and a timer on one platform thread (so that it runs however busy the carriers are) that runs
 * housekeeping, asynchronous call timeouts and {@link #schedule scheduled tasks}. A process ends without the kernel's help; it then reports to
 * {@link #onDeath}, which takes it out of the table, the registry and housekeeping.
 *
 * <h2>Threading contract</h2>
 * Every method may be called from any thread unless it says otherwise. The fields processes read on their hot paths ({@link #telemetry},
 * {@link #handoff}, {@link #turnsBegun}, {@link #activeThreads}, {@link #messagesPerActivation}, ...) and the
 * bookkeeping methods they call ({@link #deadLetter}, {@link #onDeath}, ...) are plain fields and direct calls: keep
 * them so, with no indirection on a per-message path.
 *
 * <h2>Invariant</h2>
 * Spawn checks that the runtime is OPEN before and after adding the process to the table ({@link #prepare}), and
 * shutdown reads the table only after leaving OPEN ({@link RuntimeShutdown}): so a process is either refused or seen
 * by the shutdown.
 */
public final class ProcessKernel implements Kernel {

    private static final System.Logger LOG = System.getLogger(ProcessKernel.class.getName());

    /**
     * Whether a handler class overrides {@code init}, and {@code terminate} below: a handler process with no code to
     * run at its start or end needs no thread for it (see {@link ProcessCell}).
     */
    private static final ClassValue<Boolean> OVERRIDES_INIT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("init", ProcessContext.class).getDeclaringClass() != ProcessHandler.class;
            } catch (NoSuchMethodException e) {
                return Boolean.TRUE;
            }
        }
    };

    private static final ClassValue<Boolean> OVERRIDES_TERMINATE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("terminate", ExitReason.class, ProcessContext.class).getDeclaringClass()
                        != ProcessHandler.class;
            } catch (NoSuchMethodException e) {
                return Boolean.TRUE;
            }
        }
    };

    private final BeamRuntime facade;
    private final String name;
    final Ticker ticker;
    private final MailboxSpec defaultMailbox;
    final int messagesPerActivation;
    final Telemetry telemetry;

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong monitorIds = new AtomicLong();
    /** The process table: the live processes. */
    private final ProcessTable processes = new ProcessTable();
    final LongAdder activeThreads = new LongAdder();
    /**
     * Turns on a carrier begun by this runtime's processes (activations started, parked processes resumed): a busy
     * process reads its changes to tell whether the other carriers are taking waiting threads ({@link CarrierSlice}).
     */
    final LongAdder turnsBegun = new LongAdder();
    final LongSupplier turnsBegunSoFar = turnsBegun::sum;
    /**
     * Virtual threads waiting for a carrier ({@link CarrierQueue}). This and {@link #idleParkNanos} are replaced by
     * tests in this package, before they spawn anything.
     */
    LongSupplier carrierQueue = CarrierQueue::waiting;
    /** How long a handler process out of work may stay parked while the scheduler is busy (see {@code ProcessCell}). */
    long idleParkNanos = ProcessCell.IDLE_PARK_NANOS;
    /**
     * Ends the idle parks that ran {@link #idleParkNanos} (see {@link IdleParks}). Replaced by tests in this package,
     * before they spawn anything, to give it another timer.
     */
    IdleParks idleParks;
    final HandoffHint handoff = new HandoffHint();
    /** Processes woken by a running handler, to run next on its thread (see {@link RunNext}). */
    final RunNext runNext;
    private final LongAdder deadLetters = new LongAdder();
    private final ScheduledThreadPoolExecutor timer;
    private final SystemRef systemRef;

    final Registry registry;
    final Calls calls;
    private final Housekeeping housekeeping;
    /**
     * The processes spawned with dedicated threads, to their pool, from spawn to death; kept here rather than in each
     * cell so that the cells of the other processes do not grow.
     */
    private final ConcurrentHashMap<ProcessCell, DedicatedThreadPool> dedicatedPools = new ConcurrentHashMap<>();
    private final RuntimeShutdown shutdown;
    private final RemoteProcesses remote = new RemoteProcesses(this);
    /** Starts distributed ecosystems; set once by the cluster module, null before (and without one). */
    private final java.util.concurrent.atomic.AtomicReference<DistributedEcosystems> distributed =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Use {@link BeamRuntime#builder()}.
     *
     * @param facade the runtime the application sees (what {@code ProcessContext.runtime()} returns)
     * @param settings the builder's settings
     */
    public ProcessKernel(BeamRuntime facade, RuntimeSettings settings) {
        String name = settings.name();
        long orphanGraceNanos = Durations.saturatedNanos(settings.orphanGracePeriod());
        this.facade = facade;
        this.name = name;
        this.ticker = settings.ticker();
        this.defaultMailbox = settings.defaultMailbox();
        this.messagesPerActivation = settings.messagesPerActivation();
        this.telemetry = new Telemetry(settings.listeners());
        this.systemRef = new SystemRef(this);
        // A platform thread: the timer is the control plane (call timeouts, backoff restarts, housekeeping) and must
        // run when every carrier is taken by a process that does not give it up (a CPU-bound handler cannot be
        // preempted on the JVM); a virtual timer thread then waited its turn, a 100 ms timeout firing after seconds.
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("beam-timer-" + name).daemon(true).factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.runNext = new RunNext(timer);
        this.idleParks = new IdleParks(timer, () -> idleParkNanos);
        this.registry = new Registry(this);
        this.calls = new Calls(this);
        this.housekeeping = new Housekeeping(name, ticker, telemetry, orphanGraceNanos);
        this.shutdown = new RuntimeShutdown(name, processes, activeThreads, systemRef, housekeeping, timer,
                settings.shutdownTimeout(), orphanGraceNanos);
        long period = Durations.saturatedNanos(settings.housekeepingInterval());
        timer.scheduleWithFixedDelay(housekeeping::run, period, period, TimeUnit.NANOSECONDS);
    }

    static boolean overridesInit(Object behavior) {
        return OVERRIDES_INIT.get(behavior.getClass());
    }

    static boolean overridesTerminate(Object behavior) {
        return OVERRIDES_TERMINATE.get(behavior.getClass());
    }

    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ spawn

    public ProcessRef spawn(ProcessHandler handler) {
        return spawn(handler, SpawnOptions.defaults());
    }

    public ProcessRef spawn(ProcessHandler handler, SpawnOptions options) {
        return launch(prepare(Objects.requireNonNull(handler, "handler"), options, null, options.awaitInit()), null,
                options.awaitInit());
    }

    public ProcessRef spawn(ProcessBody body) {
        return spawn(body, SpawnOptions.defaults());
    }

    public ProcessRef spawn(ProcessBody body, SpawnOptions options) {
        return launch(prepare(Objects.requireNonNull(body, "body"), options, null, options.awaitInit()), null,
                options.awaitInit());
    }

    ProcessRef spawnFrom(ProcessCell parent, Object behavior, SpawnOptions options, boolean link) {
        ProcessCell child = prepare(behavior, options, parent, options.awaitInit());
        if (link) {
            parent.link(child);
        }
        return launch(child, parent, options.awaitInit());
    }

    /**
     * Spawns a linked child whose init runs without the parent waiting for it: the caller waits on the returned cell's
     * {@code initDone} (a supervisor's concurrent start).
     */
    @Override
    public StartingProcess spawnLinkedStarting(ProcessRef parentRef, Object behavior, SpawnOptions options) {
        ProcessCell parent = cellOf(parentRef);
        if (!parent.isOwnedByCurrentThread()) {
            throw new IllegalStateException("only " + parent + " may spawn its own linked children this way");
        }
        ProcessCell child = prepare(behavior, options, parent, true); // initDone for the caller to wait on
        parent.link(child);
        launch(child, parent, false);
        return new StartingProcess(child, child.initDone);
    }

    MonitoredProcess spawnMonitorFrom(ProcessCell parent, Object behavior, SpawnOptions options) {
        ProcessCell child = prepare(behavior, options, parent, options.awaitInit());
        Monitor m = parent.monitor(child, monitorIds.incrementAndGet());
        launch(child, parent, options.awaitInit());
        return new MonitoredProcess(child, m);
    }

    /**
     * Creates the process and enters it in the table (and under its name), not yet started. Checks that the runtime
     * is OPEN before and after adding it, and undoes the entry if it no longer is: a process is either refused or
     * seen by the shutdown ({@link RuntimeShutdown}).
     *
     * @param withInitDone whether to give the cell an {@code initDone} future (someone will wait for its init)
     */
    private ProcessCell prepare(Object behavior, SpawnOptions options, ProcessCell parent, boolean withInitDone) {
        Objects.requireNonNull(options, "options");
        shutdown.checkOpen();
        long hibernateAfter = -1L;
        if (options.hibernateAfter() != null) {
            if (behavior instanceof ProcessBody) {
                throw new IllegalArgumentException("hibernateAfter applies to handler processes; a receive-loop body "
                        + "hibernates itself with ProcessContext.hibernate(next)");
            }
            hibernateAfter = Math.max(1L, Durations.saturatedNanos(options.hibernateAfter()));
        }
        MailboxSpec mailbox = options.mailbox() != null ? options.mailbox() : defaultMailbox;
        DedicatedThreadPool dedicated = null;
        if (options.dedicatedThreads() != null) {
            if (!(options.dedicatedThreads() instanceof DedicatedThreadPool pool)) {
                throw new IllegalArgumentException("dedicated threads must come from DedicatedThreads.create, not "
                        + options.dedicatedThreads().getClass().getName());
            }
            pool.requireOpen();
            dedicated = pool;
        }
        ProcessCell cell = new ProcessCell(this, ids.incrementAndGet(), behavior, mailbox, options.trapExits(),
                hibernateAfter, options.isolatedHeap(), options.analytics(), dedicated != null);

        if (withInitDone) {
            cell.initDone = new CompletableFuture<>();
        }
        if (options.name() != null) {
            registry.registerCell(options.name(), cell);
        }
        processes.add(cell);
        if (!shutdown.isOpen()) {
            processes.remove(cell);
            if (options.name() != null) {
                registry.forget(options.name(), cell);
            }
            throw shutdown.refused();
        }
        if (hibernateAfter > 0) {
            housekeeping.trackIdle(cell);
        }
        if (dedicated != null) {
            dedicatedPools.put(cell, dedicated);
        }
        return cell;
    }

    /** @param awaitInit whether to wait here until the process's init has run (it then has an initDone) */
    private ProcessRef launch(ProcessCell cell, ProcessCell parent, boolean awaitInit) {
        if (telemetry.enabled()) {
            telemetry.emit(new BeamEvent.ProcessSpawned(cell, Optional.ofNullable(parent), cell.behaviorName()));
        }
        if (cell.needsInitialActivation()) {
            cell.startInitial();
        } else {
            cell.initInline();
            if (cell.initDone != null) {
                cell.initDone.complete(null); // no-op if initInline failed: die() completed it exceptionally
            }
        }
        if (awaitInit) {
            awaitInit(cell);
        }
        return cell;
    }

    private static void awaitInit(ProcessCell cell) {
        try {
            if (!cell.initDone.isDone()) {
                cell.runtime.runNext.flushCurrent(); // a process the waiting handler woke must not wait for it
            }
            cell.initDone.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ registry and calls (see Registry, Calls)

    public void register(String name, ProcessRef process) {
        registry.register(name, process);
    }

    public Optional<ProcessRef> whereis(String name) {
        return registry.whereis(name);
    }

    public boolean unregister(String name) {
        return registry.unregister(name);
    }

    public Set<String> registeredNames() {
        return registry.registeredNames();
    }

    public void send(String name, Object message) {
        registry.send(name, message);
    }

    public void join(String group, ProcessRef process) {
        registry.join(group, process);
    }

    public boolean leave(String group, ProcessRef process) {
        return registry.leave(group, process);
    }

    public List<ProcessRef> groupMembers(String group) {
        return registry.groupMembers(group);
    }

    @Override
    public List<ProcessRef> groupSnapshot(String group) {
        return registry.groupSnapshot(group);
    }

    public Object call(ProcessRef target, Object request) {
        return call(target, request, ProcessContext.DEFAULT_CALL_TIMEOUT);
    }

    public Object call(ProcessRef target, Object request, Duration timeout) {
        return calls.callFrom(null, target, request, timeout);
    }

    public CompletableFuture<Object> callAsync(ProcessRef target, Object request, Duration timeout) {
        return calls.callAsync(target, request, timeout);
    }

    // ------------------------------------------------------------------ signals

    public void exit(ProcessRef target, ExitReason reason) {
        exitFrom(null, target, reason);
    }

    void exitFrom(ProcessCell from, ProcessRef target, ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        ProcessRef sender = from != null ? from : systemRef;
        if (!isLocal(target)) {
            routerFor(target).exit(sender, target, reason);
            return;
        }
        ((ProcessCell) target).deliverSignal(new SystemSignal.ExitSignal(sender, reason, false));
    }

    public void kill(ProcessRef target) {
        if (!isLocal(target)) {
            routerFor(target).exit(systemRef, target, ExitReason.KILLED);
            return;
        }
        ((ProcessCell) target).kill();
    }

    MonitorRef monitorFrom(ProcessCell watcher, ProcessRef target) {
        if (!isLocal(target)) {
            return watcher.monitorRemote(target, monitorIds.incrementAndGet(), routerFor(target));
        }
        return watcher.monitor((ProcessCell) target, monitorIds.incrementAndGet());
    }

    public CompletableFuture<ExitReason> exitFuture(ProcessRef process) {
        if (!isLocal(process)) {
            return routerFor(process).exitFuture(process);
        }
        ExitWatcher w = new ExitWatcher();
        ((ProcessCell) process).addWatcher(w);
        return w;
    }

    /** The pseudo-process that signals sent from outside any process come from. */
    @Override
    public boolean isRuntimeSender(ProcessRef sender) {
        return sender == systemRef;
    }

    ProcessRef systemRef() {
        return systemRef;
    }

    // ------------------------------------------------------------------ Kernel, for the layers above

    @Override
    public BeamRuntime runtime() {
        return facade;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    @Override
    public SendResult sendInternal(ProcessRef to, Object message) {
        if (to instanceof ProcessCell cell && cell.runtime == this) {
            return cell.sendInternal(message);
        }
        return routerFor(to).send(to, message, io.foundation.beam.mailbox.Priority.NORMAL);
    }

    @Override
    public boolean isolatesMessages(ProcessRef process) {
        return cellOf(process).isolatesMessages();
    }

    @Override
    public ProcessRef requireOwn(ProcessRef process) {
        return cellOf(process);
    }

    @Override
    public void expectLinks(ProcessRef process, int count) {
        cellOf(process).expectLinks(count);
    }

    @Override
    public void expectMonitors(ProcessRef process, int count) {
        cellOf(process).expectMonitors(count);
    }

    @Override
    public Optional<MessageStats> messageStats(ProcessRef process) {
        ProcessAnalytics a = cellOf(process).analytics;
        return a == null ? Optional.empty() : Optional.of(a.snapshot());
    }

    /** @return the pool a process spawned with dedicated threads runs on, or null once it has died */
    DedicatedThreadPool dedicatedPoolOf(ProcessCell cell) {
        return dedicatedPools.get(cell);
    }

    @Override
    public int awaitKilledThreads(java.util.Collection<ProcessRef> killed) {
        List<ProcessCell> cells = new ArrayList<>(killed.size());
        for (ProcessRef p : killed) {
            cells.add(cellOf(p));
        }
        return housekeeping.awaitKilledThreads(cells);
    }

    /**
     * Runs a task after a delay on the runtime's timer (backoff restarts, timers, asynchronous call timeouts).
     *
     * @return the scheduled task; cancelling it also removes it from the timer's queue, so that it no longer keeps
     *     what it captured reachable
     */
    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, Durations.saturatedNanos(delay), TimeUnit.NANOSECONDS);
    }

    ProcessCell cellOf(ProcessRef ref) {
        Objects.requireNonNull(ref, "process");
        if (ref instanceof ProcessCell cell && cell.runtime == this) {
            return cell;
        }
        throw notOurs(ref);
    }

    /** @return whether {@code ref} is a process of this runtime (else it may be one on another node) */
    boolean isLocal(ProcessRef ref) {
        Objects.requireNonNull(ref, "process");
        return ref instanceof ProcessCell cell && cell.runtime == this;
    }

    /**
     * For a reference that is not a process of this runtime ({@link #isLocal} said so): the router that reaches it.
     *
     * @throws IllegalArgumentException if no router does (no cluster, or a reference of another runtime)
     */
    RemoteRouter routerFor(ProcessRef ref) {
        RemoteRouter router = remote.routing(ref);
        if (router == null) {
            throw notOurs(ref);
        }
        return router;
    }

    /** @return the installed router to other nodes, or null (read by cells that hold remote links or monitors) */
    RemoteRouter remoteRouter() {
        return remote.router();
    }

    private IllegalArgumentException notOurs(ProcessRef ref) {
        return new IllegalArgumentException(ref + " is not a process of runtime '" + name + "'"
                + (remote.router() == null ? "" : " nor one its router to other nodes reaches"));
    }

    // ------------------------------------------------------------------ processes on other nodes (RemoteRouter)

    @Override
    public void useRemoteRouter(RemoteRouter router) {
        remote.install(router);
    }

    @Override
    public void useDistributedEcosystems(DistributedEcosystems provider) {
        java.util.Objects.requireNonNull(provider, "provider");
        if (!distributed.compareAndSet(null, provider)) {
            throw new IllegalStateException("runtime '" + name + "' has a provider of distributed ecosystems already: "
                    + distributed.get());
        }
    }

    @Override
    public java.util.Optional<DistributedEcosystems> distributedEcosystems() {
        return java.util.Optional.ofNullable(distributed.get());
    }

    @Override
    public void deliverLinkExit(ProcessRef local, ProcessRef remoteProcess, ExitReason reason) {
        remote.deliverLinkExit(local, remoteProcess, reason);
    }

    @Override
    public void deliverDown(MonitorRef monitor, ExitReason reason) {
        remote.deliverDown(monitor, reason);
    }

    @Override
    public void deliverExit(ProcessRef local, ProcessRef from, ExitReason reason) {
        remote.deliverExit(local, from, reason);
    }

    @Override
    public void linkFromRemote(ProcessRef local, ProcessRef remoteProcess) {
        remote.linkFromRemote(local, remoteProcess);
    }

    @Override
    public void unlinkFromRemote(ProcessRef local, ProcessRef remoteProcess) {
        remote.unlinkFromRemote(local, remoteProcess);
    }

    @Override
    public CompletableFuture<Object> callFrom(ProcessRef caller, ProcessRef target, Object request,
            Duration timeout) {
        cellOf(target);
        return calls.callAsyncFrom(caller, target, request, timeout);
    }

    @Override
    public Runnable watchExit(ProcessRef local, java.util.function.Consumer<ExitReason> onExit) {
        return remote.watchExit(local, onExit);
    }

    // ------------------------------------------------------------------ bookkeeping called by cells

    /** The process ended: out of the table, the registry and housekeeping. On the thread that ended it. */
    void onDeath(ProcessCell cell) {
        processes.remove(cell);
        registry.onDeath(cell);
        housekeeping.onDeath(cell);
        dedicatedPools.remove(cell);
    }

    @Override
    public void deadLetter(ProcessRef target, Object message) {
        deadLetters.increment();
        if (telemetry.enabled()) {
            telemetry.emit(new BeamEvent.DeadLetter(target, message.getClass()));
        }
    }

    void deadLetterToSystem(Object message) {
        deadLetters.increment();
    }

    void discarded(ProcessCell cell, int count) {
        if (count > 0) {
            deadLetters.add(count);
        }
    }

    void telemetryHandlerFailed(ProcessCell cell, String phase, Throwable error) {
        if (telemetry.enabled()) {
            telemetry.emit(new BeamEvent.HandlerFailed(cell, phase, error));
        } else if (!(error instanceof InterruptedException)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "process " + cell + " failed in " + phase, error);
        }
    }

    /** See {@link Housekeeping#killedWhileRunning}. */
    void killedWhileRunning(ProcessCell cell) {
        housekeeping.killedWhileRunning(cell);
    }

    /** See {@link Housekeeping#activationEndedAfterKill}. */
    void activationEndedAfterKill(ProcessCell cell) {
        housekeeping.activationEndedAfterKill(cell);
    }

    // ------------------------------------------------------------------ introspection and telemetry listeners

    public Optional<ProcessInfo> info(ProcessRef process) {
        ProcessCell cell = cellOf(process);
        if (cell.isAlive() || (cell.orphaned && cell.thread() != null)) {
            return Optional.of(cell.info());
        }
        return Optional.empty();
    }

    @Override
    public void beforeBlocking() {
        runNext.flushCurrent();
    }

    @Override
    public int forEachProcess(ProcessVisitor visitor) {
        int[] n = {0};
        processes.forEach(cell -> {
            if (cell.isAlive()) {
                cell.visit(visitor);
                n[0]++;
            }
        });
        return n[0];
    }

    public int processCount() {
        return processes.size();
    }

    /** The live processes, then the orphaned ones whose threads still run. */
    public RuntimeSnapshot snapshot() {
        List<ProcessInfo> infos = new ArrayList<>();
        for (ProcessCell cell : processes.snapshot()) {
            infos.add(cell.info());
        }
        List<ProcessCell> orphans = housekeeping.orphans();
        for (ProcessCell cell : orphans) {
            infos.add(cell.info());
        }
        return new RuntimeSnapshot(name, processes.size(), (int) activeThreads.sum(), orphans.size(),
                deadLetters.sum(), telemetry.failures(), List.copyOf(infos));
    }

    public void addListener(BeamEventListener listener) {
        telemetry.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(BeamEventListener listener) {
        telemetry.remove(Objects.requireNonNull(listener, "listener"));
    }

    // ------------------------------------------------------------------ lifecycle (see RuntimeShutdown)

    public ShutdownReport shutdown(Duration gracePeriod) {
        return shutdown.shutdown(gracePeriod);
    }

    public void close() {
        shutdown.close();
    }

    public boolean isClosed() {
        return !shutdown.isOpen();
    }

    public String toString() {
        return "BeamRuntime[" + name + ", " + shutdown.lifecycle() + ", " + processes.size() + " processes]";
    }
}
