package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Dispatch;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.RingBroadcast;
import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.messages.Broadcaster;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.EcosystemOverloadedException;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.RestartType;
import io.foundation.beam.supervision.ShutdownPolicy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running ecosystem: the state shared by its processes and the handle given to the application.
 *
 * <h2>Model</h2>
 * One supervisor (ONE_FOR_ONE) with N worker children ({@code worker-0}...) started first, in index order, and the
 * coordinator started last (so it is stopped first). Under SELF_HEALING the children are PERMANENT, under STANDARD
 * TEMPORARY (never restarted). Processes record themselves here when they start, so {@link #info()} always shows
 * the current process of each role, never one it replaced.
 *
 * <p>Submitted work lives in the {@link WorkLedger} (outside any process) from submission until a worker completes it.
 *
 * <h2>Worker count</h2>
 * See {@link WorkerTable}: only indices below its count are in use. The count is written only by
 * {@link WorkerPoolResize} under {@code operatorLock}, which also serialises {@link #restartWorker}.
 *
 * <h2>Lifecycle</h2>
 * RUNNING → STOPPING → STOPPED (atomic reference); STOPPED also when the supervisor gives up.
 *
 * <h2>Message analytics</h2>
 * See {@link EcosystemAnalytics}.
 */
public final class EcosystemRuntime implements Ecosystem {

    enum Lifecycle {
        RUNNING, STOPPING, STOPPED
    }

    final BeamRuntime runtime;
    final Kernel kernel;
    /**
     * The ISOLATED_HEAPS memory strategy: members are spawned with isolated heaps, and everything the ecosystem hands
     * them (work, broadcasts, ring tokens, the coordinator's checkpoint) goes through {@link #isolated}.
     */
    final boolean isolatedHeaps;
    final EcosystemConfig config;
    final WorkerTable workerTable;
    /** Serialises the operator's actions: resize and restartWorker. */
    final ReentrantLock operatorLock = new ReentrantLock();
    final CoordinatorSlot coordinatorSlot;
    final WorkLedger ledger;
    /** Held while the work left at the end is failed: see {@link #stopped}. */
    private final ReentrantLock stopping = new ReentrantLock();
    final TopologyRule topologyRule;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.RUNNING);
    /** Every current member (coordinator and workers); sized for them when the ecosystem starts. */
    private final Set<ProcessRef> members;
    private final BeamEventListener gcListener;
    private volatile EcosystemHealth.MemoryPressure lastPressure;
    private volatile boolean gaveUp;
    /**
     * The pending memory-pressure check, cancelled when the ecosystem stops: a check left in the timer's queue would
     * keep this ecosystem, and through it every member process, reachable for up to a second after the shutdown.
     */
    private volatile java.util.concurrent.ScheduledFuture<?> memoryCheck;
    private Supervisor supervisor;
    private RestartType childRestart;
    private SpawnOptions childOptions;
    private ShutdownPolicy childShutdown;
    private final EcosystemAnalytics analytics;

    private EcosystemRuntime(BeamRuntime runtime, Kernel kernel, EcosystemConfig config) {
        this.runtime = runtime;
        this.kernel = kernel;
        this.isolatedHeaps = config.memoryStrategy() == MemoryStrategy.ISOLATED_HEAPS;
        this.config = config;
        this.members = ConcurrentHashMap.newKeySet(config.workerCount() + 1);
        this.analytics = new EcosystemAnalytics(runtime, config.messageAnalytics());
        this.workerTable = new WorkerTable(config, kernel, analytics, members);
        this.coordinatorSlot = new CoordinatorSlot(config, kernel, analytics, members);
        this.ledger = new WorkLedger(config, kernel, workerTable.capacity());
        this.topologyRule = TopologyRule.of(config, kernel, workerTable);
        this.gcListener = event -> {
            if (event instanceof BeamEvent.ProcessHibernated h && members.contains(h.process())) {
                kernel.telemetry().emit(new BeamEvent.EcosystemGcCompleted(h.process(), config.name()));
            }
        };
    }

    /**
     * @param runtime the runtime (must be the default implementation)
     * @param config the configuration
     * @return the started ecosystem
     */
    public static Ecosystem spawn(BeamRuntime runtime, EcosystemConfig config) {
        Objects.requireNonNull(config, "config");
        Kernel kernel;
        try {
            kernel = Kernel.of(runtime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ecosystems need a runtime built by BeamRuntime.builder()", e);
        }
        EcosystemRuntime eco = new EcosystemRuntime(runtime, kernel, config);
        eco.start();
        return eco;
    }

    private void start() {
        if (config.gcStrategy() == GcStrategy.FREQUENT_MINOR) {
            runtime.addListener(gcListener);
        }
        RestartType restart = config.faultTolerance() == FaultTolerance.SELF_HEALING
                ? RestartType.PERMANENT : RestartType.TEMPORARY;
        SpawnOptions options = SpawnOptions.defaults().withMailbox(config.mailbox())
                .withIsolatedHeap(isolatedHeaps)
                .withAnalytics(config.messageAnalytics());
        if (config.gcStrategy() == GcStrategy.FREQUENT_MINOR) {
            options = options.withHibernateAfter(config.hibernateAfter());
        }
        childRestart = restart;
        childOptions = options;
        childShutdown = ShutdownPolicy.timeout(config.shutdownTimeout());
        List<ChildSpec> children = new ArrayList<>(config.workerCount() + 1);
        for (int i = 0; i < config.workerCount(); i++) {
            children.add(workerChild(i));
        }
        children.add(child(ChildSpec.worker("coordinator", () -> new CoordinatorProcess(this)), restart, options));
        // The workers are independent: they start at once, then the coordinator (which watches them all).
        SupervisorSpec spec = new SupervisorSpec(RestartStrategy.ONE_FOR_ONE, config.restartIntensity(), children,
                config.workerCount());
        try {
            supervisor = Supervisor.start(runtime, spec);
        } catch (RuntimeException e) {
            runtime.removeListener(gcListener);
            lifecycle.set(Lifecycle.STOPPED);
            throw e;
        }
        supervisor.whenStopped().whenComplete((reason, error) -> stopped(reason));
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.EcosystemStarted(supervisor.process(), config.name(),
                    config.workerCount()));
        }
        scheduleMemoryCheck();
    }

    Supervisor supervisorHandle() {
        return supervisor;
    }

    /** A worker's child spec, built in one step (the same as {@link #child} gives, without its copies). */
    ChildSpec workerChild(int index) {
        return new ChildSpec(workerId(index), new ChildSpec.HandlerStart(() -> new WorkerProcess(this, index),
                childOptions), childRestart, childShutdown, config.restartBackoff());
    }

    static String workerId(int index) {
        return "worker-" + index;
    }

    private ChildSpec child(ChildSpec base, RestartType restart, SpawnOptions options) {
        ChildSpec c = base.withRestart(restart).withShutdown(childShutdown).withOptions(options);
        return config.restartBackoff() != null ? c.withBackoff(config.restartBackoff()) : c;
    }

    @Override
    public Optional<EcosystemMessageStats> messageStats() {
        return analytics.snapshot(coordinatorSlot, workerTable);
    }

    /** @return whether the ecosystem is still RUNNING (not stopping or stopped) */
    boolean accepting() {
        return lifecycle.get() == Lifecycle.RUNNING;
    }

    boolean selfHealing() {
        return config.faultTolerance() == FaultTolerance.SELF_HEALING;
    }

    // ------------------------------------------------------------------ Ecosystem

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public EcosystemConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Object> submit(Object work) {
        return submitItem(null, work);
    }

    @Override
    public CompletableFuture<Object> submit(Object key, Object work) {
        return submitItem(Objects.requireNonNull(key, "key"), work);
    }

    /** @return what a member gets of a message the ecosystem hands it (see {@link HeapIsolation}) */
    Object isolated(Object message) {
        return HeapIsolation.forReceiver(isolatedHeaps, message);
    }

    private CompletableFuture<Object> submitItem(Object key, Object work) {
        Objects.requireNonNull(work, "work must not be null");
        requireRunning();
        Object payload = isolated(work);
        WorkItem item = ledger.accept(key, payload);
        if (item == null) {
            return CompletableFuture.failedFuture(new EcosystemOverloadedException(config.name(),
                    "backpressure: ecosystem '" + config.name() + "' already holds " + config.maxPendingWork()
                            + " unfinished pieces of work (maxPendingWork); submit more slowly, add workers, or raise "
                            + "maxPendingWork"));
        }
        ProcessRef c = coordinatorSlot.current();
        if (c != null && c.isAlive()) {
            SendResult sent = kernel.sendInternal(c, new Dispatch(item.id));
            if (sent == SendResult.MAILBOX_FULL || sent == SendResult.DROPPED_NEWEST) {
                // The coordinator's bounded mailbox refused the dispatch: fail now rather than at the work timeout.
                if (ledger.withdraw(item)) {
                    item.future.completeExceptionally(new EcosystemOverloadedException(config.name(),
                            "backpressure: the coordinator " + c + " of ecosystem '" + config.name()
                                    + "' has a full mailbox (" + config.mailbox() + "); submit more slowly, or give "
                                    + "the ecosystem a larger mailbox or a lower maxPendingWork"));
                }
                return item.future;
            }
        } else if (!selfHealing()) {
            ledger.fail(item, "its coordinator " + c + " is dead and fault tolerance is STANDARD (nothing restarts it)");
        }
        // Under SELF_HEALING a dead coordinator's successor dispatches everything not yet dispatched when it starts.
        if (lifecycle.get() != Lifecycle.RUNNING) {
            ledger.abandon(item);
        }
        return item.future;
    }

    private void requireRunning() {
        Lifecycle l = lifecycle.get();
        if (l != Lifecycle.RUNNING) {
            throw new EcosystemStoppedException("ecosystem '" + config.name() + "' is "
                    + l.name().toLowerCase(java.util.Locale.ROOT) + ": it takes no work");
        }
    }

    /**
     * Stricter than the check on submission: the supervisor must be alive too, since an operator's action goes
     * through it.
     *
     * @param consequence what the state means for the caller, such as "it cannot be resized"
     * @throws EcosystemStoppedException naming the ecosystem and its state, unless it is running
     */
    void requireRunning(String consequence) {
        Lifecycle l = lifecycle.get();
        if (l != Lifecycle.RUNNING) {
            throw new EcosystemStoppedException("ecosystem '" + config.name() + "' is "
                    + l.name().toLowerCase(java.util.Locale.ROOT) + ": " + consequence);
        }
        if (!supervisor.process().isAlive()) {
            throw new EcosystemStoppedException("ecosystem '" + config.name()
                    + "' is stopped (its supervisor gave up): " + consequence);
        }
    }

    /** @return the lifecycle state, lower case, for messages */
    String state() {
        return lifecycle.get().name().toLowerCase(java.util.Locale.ROOT);
    }

    private boolean customCoordinator() {
        return config.coordinatorFactory() != null;
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        requireRunning();
        if (!customCoordinator()) {
            throw new UnsupportedOperationException("ecosystem '" + config.name()
                    + "' has the default coordinator, which takes only work: use submit()");
        }
        coordinator().send(message);
    }

    @Override
    public Object call(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        requireRunning();
        if (!customCoordinator()) {
            throw new UnsupportedOperationException("ecosystem '" + config.name()
                    + "' has the default coordinator, which takes only work: use submit()");
        }
        return runtime.call(coordinator(), message);
    }

    @Override
    public BroadcastReport broadcast(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        requireRunning();
        return topologyRule.broadcast(message);
    }

    @Override
    public ProcessRef coordinator() {
        return coordinatorSlot.current();
    }

    @Override
    public List<ProcessRef> workers() {
        return List.copyOf(workerTable.inUse());
    }

    @Override
    public ProcessRef supervisor() {
        return supervisor.process();
    }

    @Override
    public boolean isRunning() {
        return lifecycle.get() == Lifecycle.RUNNING && supervisor.process().isAlive();
    }

    @Override
    public ProcessRef restartWorker(int index) {
        operatorLock.lock();
        try {
            Objects.checkIndex(index, workerTable.count());
            requireRunning();
            String id = workerId(index);
            // A TEMPORARY (STANDARD) child's spec is deleted when it ends, so a dead one is started anew from its spec.
            boolean known = supervisor.children().stream().anyMatch(c -> c.id().equals(id));
            if (known) {
                supervisor.terminateChild(id);
            }
            return known && selfHealing() ? supervisor.restartChild(id) : supervisor.startChild(workerChild(index));
        } finally {
            operatorLock.unlock();
        }
    }

    @Override
    public int resize(int count) {
        return new WorkerPoolResize(this).resize(count);
    }

    // ------------------------------------------------------------------ info and health

    private MemberInfo member(String role, int index, ProcessRef pid, int restarts) {
        if (pid == null) {
            return new MemberInfo(role, index, null, ProcessStatus.DEAD, 0, 0, restarts, 0);
        }
        Optional<ProcessInfo> info = runtime.info(pid);
        if (info.isEmpty() || !pid.isAlive()) {
            return new MemberInfo(role, index, pid, ProcessStatus.DEAD, 0,
                    info.map(ProcessInfo::messagesProcessed).orElse(0L), restarts, 0);
        }
        ProcessInfo pi = info.get();
        return new MemberInfo(role, index, pid, pi.status(), pi.mailboxLength(), pi.messagesProcessed(), restarts,
                pi.memoryBytes());
    }

    @Override
    public EcosystemInfo info() {
        MemberInfo sup = member("supervisor", -1, supervisor.process(), 0);
        MemberInfo coord = member("coordinator", -1, coordinatorSlot.current(), coordinatorSlot.restarts());
        int n = workerTable.count();
        List<MemberInfo> ws = new ArrayList<>(n);
        int live = coord.alive() ? 1 : 0;
        long memory = coord.memoryBytes();
        long backlog = coord.mailboxLength();
        for (int i = 0; i < n; i++) {
            MemberInfo w = member("worker", i, workerTable.get(i), workerTable.restarts(i));
            ws.add(w);
            if (w.alive()) {
                live++;
            }
            memory += w.memoryBytes();
            backlog += w.mailboxLength();
        }
        return new EcosystemInfo(config.name(), config.topology(), config.faultTolerance(), sup, coord,
                List.copyOf(ws), live, memory, backlog, ledger.size(), isRunning());
    }

    @Override
    public EcosystemHealth health() {
        EcosystemInfo info = info();
        List<String> critical = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        boolean supAlive = info.supervisor().alive() && lifecycle.get() == Lifecycle.RUNNING;
        EcosystemHealth.CoordinatorState coordState = info.coordinator().alive()
                ? EcosystemHealth.CoordinatorState.ALIVE
                : supAlive && selfHealing() ? EcosystemHealth.CoordinatorState.RESTARTING
                        : EcosystemHealth.CoordinatorState.DEAD;
        int alive = (int) info.workers().stream().filter(MemberInfo::alive).count();
        int dead = info.workers().size() - alive;
        if (!supAlive) {
            critical.add(gaveUp || lifecycle.get() == Lifecycle.RUNNING
                    ? "supervisor gave up (restart intensity exceeded)"
                    : "ecosystem is " + lifecycle.get().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (coordState == EcosystemHealth.CoordinatorState.DEAD && supAlive) {
            critical.add("coordinator is dead and will not be restarted (fault tolerance STANDARD)");
        }
        if (alive == 0 && supAlive) {
            critical.add("no worker is alive");
        }
        if (coordState == EcosystemHealth.CoordinatorState.RESTARTING) {
            degraded.add("coordinator is restarting");
        }
        if (dead > 0 && alive > 0) {
            degraded.add(dead + " of " + info.workers().size() + " workers are " + (selfHealing() ? "restarting"
                    : "dead"));
        }
        long backlog = info.totalBacklog() + ledger.waiting();
        if (backlog > config.backlogThreshold()) {
            degraded.add("backlog " + backlog + " is above the threshold " + config.backlogThreshold());
        }
        double ratio = heapUsedRatio();
        EcosystemHealth.MemoryPressure pressure = pressure(ratio);
        if (pressure == EcosystemHealth.MemoryPressure.HIGH) {
            degraded.add("heap is " + Math.round(ratio * 100) + "% used");
        }
        EcosystemHealth.Status status = !critical.isEmpty() ? EcosystemHealth.Status.CRITICAL
                : !degraded.isEmpty() ? EcosystemHealth.Status.DEGRADED : EcosystemHealth.Status.HEALTHY;
        List<String> reasons = new ArrayList<>(critical);
        reasons.addAll(degraded);
        return new EcosystemHealth(status, coordState, alive, dead, info.workers().size(), pressure, ratio, backlog,
                List.copyOf(reasons));
    }

    static double heapUsedRatio() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return max <= 0 ? 0.0 : Math.min(1.0, (double) heap.getUsed() / max);
    }

    static EcosystemHealth.MemoryPressure pressure(double ratio) {
        return ratio < 0.70 ? EcosystemHealth.MemoryPressure.LOW
                : ratio < 0.85 ? EcosystemHealth.MemoryPressure.MEDIUM : EcosystemHealth.MemoryPressure.HIGH;
    }

    private void scheduleMemoryCheck() {
        if (lifecycle.get() != Lifecycle.RUNNING || runtime.isClosed()) {
            return;
        }
        try {
            memoryCheck = kernel.schedule(() -> {
                double ratio = heapUsedRatio();
                EcosystemHealth.MemoryPressure p = pressure(ratio);
                if (p != lastPressure) {
                    lastPressure = p;
                    if (kernel.telemetry().enabled()) {
                        kernel.telemetry().emit(new BeamEvent.MemoryPressureChanged(supervisor.process(),
                                config.name(), p.name().toLowerCase(java.util.Locale.ROOT), ratio));
                    }
                }
                scheduleMemoryCheck();
            }, Duration.ofSeconds(1));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return; // the runtime is closing: no more checks
        }
        // stopped() sets STOPPED and then cancels memoryCheck; this writes memoryCheck and then reads the state, so
        // one of the two sees the other and no check outlives the ecosystem in the timer's queue.
        if (lifecycle.get() == Lifecycle.STOPPED) {
            cancelMemoryCheck();
        }
    }

    private void cancelMemoryCheck() {
        java.util.concurrent.ScheduledFuture<?> check = memoryCheck;
        if (check != null) {
            check.cancel(false);
        }
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public EcosystemShutdownReport shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long start = System.nanoTime();
        if (!lifecycle.compareAndSet(Lifecycle.RUNNING, Lifecycle.STOPPING)) {
            supervisor.whenStopped().join();
            return new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO);
        }
        List<ProcessRef> all = new ArrayList<>();
        all.add(supervisor.process());
        for (ProcessRef m : members) {
            if (m.isAlive()) {
                all.add(m); // count what this shutdown stops, not what had died before it
            }
        }
        supervisor.stop(timeout);
        int stopped = 0;
        int killed = 0;
        int orphaned = 0;
        for (ProcessRef p : all) {
            Optional<ExitReason> reason = p.exitReason();
            if (reason.isEmpty()) {
                continue; // an old member that was already replaced and is gone is not in 'members'
            }
            if (reason.get() instanceof ExitReason.Killed) {
                killed++;
                if (runtime.info(p).map(ProcessInfo::orphaned).orElse(false)) {
                    orphaned++;
                }
            } else {
                stopped++;
            }
        }
        stopped(ExitReason.SHUTDOWN);
        return new EcosystemShutdownReport(stopped, killed, orphaned, ledger.abandoned(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The supervisor ended (shutdown or gave up): fail what is left, once. Called both by the supervisor's end (on its
     * thread) and by {@link #shutdown} (on the caller's), possibly at once. Each item is claimed by removal from
     * the ledger's in-flight table and then failed; the lock makes the second caller wait until the first has failed every item
     * it claimed, so that {@code shutdown} never returns while a future it should have failed is still pending.
     */
    private void stopped(ExitReason reason) {
        stopping.lock();
        try {
            Lifecycle previous = lifecycle.getAndSet(Lifecycle.STOPPED);
            cancelMemoryCheck();
            if (previous == Lifecycle.RUNNING) {
                gaveUp = true; // nobody asked it to stop: the supervisor exceeded its restart intensity
            }
            ledger.abandonAll();
            if (previous != Lifecycle.STOPPED) {
                runtime.removeListener(gcListener);
                if (kernel.telemetry().enabled()) {
                    kernel.telemetry().emit(new BeamEvent.EcosystemStopped(supervisor.process(), config.name(),
                            reason == null ? ExitReason.SHUTDOWN : reason));
                }
            }
        } finally {
            stopping.unlock();
        }
    }

    @Override
    public String toString() {
        return "Ecosystem[" + config.name() + ", " + lifecycle.get() + "]";
    }
}
