package io.foundation.beam.internal.ecosystem;

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
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Dispatch;
import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.process.DedicatedThreadPool;
import io.foundation.beam.internal.process.Durations;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.process.DedicatedThreads;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.RestartType;
import io.foundation.beam.supervision.ShutdownPolicy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.WorkOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running ecosystem, as the application holds it ({@link Ecosystem}): starts the ecosystem, takes its work and
 * messages, shows its info, health and analytics, runs the operator's actions and the shutdown. It creates the
 * ecosystem's parts, which its member processes share; the handle's own state is its lifecycle and its supervisor.
 * <ul>
 *   <li>{@link WorkLedger}: the submitted work, from submission to completion, at least once;</li>
 *   <li>{@link WorkerTable} and {@link CoordinatorSlot}: the current process of each role;</li>
 *   <li>{@link TopologyRule}: what the topology allows, and the ring's token;</li>
 *   <li>{@link EcosystemLifecycle}, {@link EcosystemHealthProbe} (info, health, memory pressure) and
 *       {@link EcosystemAnalytics} (message statistics);</li>
 *   <li>the processes: {@link CoordinatorProcess} and {@link WorkerProcess}, which talk in
 *       {@link EcosystemProtocol} messages; a resize is a {@link WorkerPoolResize}.</li>
 * </ul>
 *
 * <h2>Model</h2>
 * One supervisor (ONE_FOR_ONE) with N worker children ({@code worker-0}...) started first, in index order, and the
 * coordinator started last (so it is stopped first). Under SELF_HEALING the children are PERMANENT, under STANDARD
 * TEMPORARY (never restarted). Processes record themselves in the worker table or the coordinator slot when they
 * start, so {@link #info()} always shows the current process of each role, never one it replaced.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread. The operator's actions ({@link #resize}, {@link #restartWorker}) run
 * one at a time under {@code operatorLock}, which is also the only lock under which the worker count changes; the end
 * of the ecosystem runs under {@code endLock} (see {@link #stopped}). The supervisor and the child-spec parts are
 * written by {@link #spawn} before it returns the handle, and never change.
 */
final class EcosystemHandle implements Ecosystem {

    private final BeamRuntime runtime;
    final Kernel kernel;
    final EcosystemConfig config;
    /**
     * The ISOLATED_HEAPS memory strategy: members are spawned with isolated heaps, and everything the ecosystem hands
     * them (work, broadcasts, peer messages, the coordinator's checkpoint) goes through {@link HeapIsolation}.
     */
    final boolean isolatedHeaps;
    /** Also the ecosystem's claim on its name in the runtime: see {@link RunningEcosystems}. */
    final EcosystemLifecycle lifecycle;
    final WorkerTable workerTable;
    final CoordinatorSlot coordinatorSlot;
    final WorkLedger ledger;
    final TopologyRule topologyRule;
    private final EcosystemAnalytics analytics;
    private final EcosystemHealthProbe healthProbe;
    /** Serialises the operator's actions: resize and restartWorker. */
    final ReentrantLock operatorLock = new ReentrantLock();
    /** Held by the end of the ecosystem, while the work left is failed: see {@link #stopped}. */
    private final ReentrantLock endLock = new ReentrantLock();
    /** Every current member (coordinator and workers); sized for them when the ecosystem starts. */
    private final Set<ProcessRef> members;
    private final BeamEventListener gcListener;
    /**
     * The platform threads the workers run on when {@link EcosystemConfig#dedicatedThreads()} is set, else null:
     * created with the handle, closed when the ecosystem ends ({@link #stopped}, or a failed start).
     */
    private final DedicatedThreads dedicatedThreads;
    private Supervisor supervisor;
    private RestartType childRestart;
    private SpawnOptions childOptions;
    private ShutdownPolicy childShutdown;

    private EcosystemHandle(BeamRuntime runtime, Kernel kernel, EcosystemConfig config, EcosystemLifecycle lifecycle) {
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.kernel = kernel;
        this.config = config;
        this.isolatedHeaps = config.memoryStrategy() == MemoryStrategy.ISOLATED_HEAPS;
        this.members = ConcurrentHashMap.newKeySet(config.workerCount() + 1);
        this.analytics = new EcosystemAnalytics(runtime, config.messageAnalytics());
        this.workerTable = new WorkerTable(config, kernel, analytics, members);
        this.coordinatorSlot = new CoordinatorSlot(config, kernel, analytics, members);
        this.ledger = new WorkLedger(config, kernel, workerTable.capacity());
        this.topologyRule = TopologyRule.of(config, kernel, workerTable);
        this.dedicatedThreads = config.dedicatedThreads() ? new DedicatedThreadPool("beam-eco-" + config.name())
                : null;
        this.healthProbe = new EcosystemHealthProbe(runtime, kernel, config, lifecycle, coordinatorSlot, workerTable,
                ledger);
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
     * @throws IllegalStateException if an ecosystem of the same name runs in the runtime (see
     *     {@link RunningEcosystems})
     */
    static Ecosystem spawn(BeamRuntime runtime, EcosystemConfig config) {
        Objects.requireNonNull(config, "config");
        Kernel kernel;
        try {
            kernel = Kernel.of(runtime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ecosystems need a runtime built by BeamRuntime.builder()", e);
        }
        EcosystemLifecycle lifecycle = new EcosystemLifecycle();
        RunningEcosystems.claim(runtime, config.name(), lifecycle);
        try {
            EcosystemHandle eco = new EcosystemHandle(runtime, kernel, config, lifecycle);
            eco.start();
            return eco;
        } catch (RuntimeException | Error e) {
            RunningEcosystems.release(runtime, config.name(), lifecycle);
            throw e;
        }
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
        childOptions = dedicatedThreads == null ? options : options.withDedicatedThreads(dedicatedThreads);
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
            ledger.supervisor(supervisor.process());
        } catch (RuntimeException e) {
            runtime.removeListener(gcListener);
            if (dedicatedThreads != null) {
                dedicatedThreads.close();
            }
            lifecycle.failedToStart();
            throw e;
        }
        supervisor.whenStopped().whenComplete((reason, error) -> stopped(reason));
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.EcosystemStarted(supervisor.process(), config.name(),
                    config.workerCount()));
        }
        healthProbe.scheduleMemoryCheck(supervisor.process());
    }

    Supervisor supervisorHandle() {
        return supervisor;
    }

    /** A worker's child spec, built in one step (the same as {@link #child} gives, without its copies). */
    ChildSpec workerChild(int index) {
        return new ChildSpec(workerId(index), new ChildSpec.HandlerStart(() -> new WorkerProcess(this, index),
                childOptions), childRestart, childShutdown, config.restartBackoff());
    }

    /**
     * @return the child id of the worker at {@code index}, {@code "worker-<index>"}: below index
     *     {@value #CACHED_WORKER_IDS}, the same String object in every ecosystem, made by the first use and its hash
     *     computed once (a supervisor of 1000 workers hashes each id in its checks and indexes: building and hashing
     *     the ids was a tenth of the time of creating the ecosystem, by JFR)
     */
    static String workerId(int index) {
        if (index >= CACHED_WORKER_IDS) {
            return "worker-" + index;
        }
        // A racy cache: a String is immutable (final fields), so a thread that sees the reference sees the string;
        // two threads may both make one, and either is the id.
        String id = WORKER_IDS[index];
        if (id == null) {
            id = "worker-" + index;
            id.hashCode(); // cached in the String
            WORKER_IDS[index] = id;
        }
        return id;
    }

    private static final int CACHED_WORKER_IDS = 1024;
    private static final String[] WORKER_IDS = new String[CACHED_WORKER_IDS];

    private ChildSpec child(ChildSpec base, RestartType restart, SpawnOptions options) {
        ChildSpec c = base.withRestart(restart).withShutdown(childShutdown).withOptions(options);
        return config.restartBackoff() != null ? c.withBackoff(config.restartBackoff()) : c;
    }

    private boolean selfHealing() {
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

    private CompletableFuture<Object> submitItem(Object key, Object work) {
        Objects.requireNonNull(work, "work must not be null");
        requireRunning();
        Object payload = HeapIsolation.forReceiver(isolatedHeaps, work);
        WorkItem item = ledger.accept(key, payload);
        if (item == null) {
            ledger.rejected();
            return CompletableFuture.failedFuture(new EcosystemOverloadedException(config.name(),
                    "backpressure: ecosystem '" + config.name() + "' already holds " + config.maxPendingWork()
                            + " unfinished pieces of work (maxPendingWork); submit more slowly, add workers, or raise "
                            + "maxPendingWork"));
        }
        ProcessRef c = coordinatorSlot.current();
        if (c != null && c.isAlive()) {
            SendResult sent = kernel.sendInternal(c, new Dispatch(item));
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
            ledger.fail(item, WorkOutcome.UNDELIVERABLE, "its coordinator " + c
                    + " is dead and fault tolerance is STANDARD (nothing restarts it)");
        }
        // Under SELF_HEALING a dead coordinator's successor dispatches everything not yet dispatched when it starts.
        // A drain that began after requireRunning() lets this item run: it was accepted first.
        if (!lifecycle.running()) {
            ledger.abandon(item); // see WorkLedger, "Closing"
        }
        return item.future;
    }

    private void requireRunning() {
        EcosystemLifecycle.State l = lifecycle.state();
        if (l != EcosystemLifecycle.State.RUNNING) {
            throw new EcosystemStoppedException("ecosystem '" + config.name() + "' is " + l.describe()
                    + (l == EcosystemLifecycle.State.DRAINING
                            ? ": it is shutting down and takes no new work (accepted work may still complete)"
                            : ": it takes no work"));
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
        EcosystemLifecycle.State l = lifecycle.state();
        if (l != EcosystemLifecycle.State.RUNNING) {
            throw new EcosystemStoppedException("ecosystem '" + config.name() + "' is " + l.describe() + ": "
                    + consequence);
        }
        if (!supervisor.process().isAlive()) {
            throw new EcosystemStoppedException("ecosystem '" + config.name()
                    + "' is stopped (its supervisor gave up): " + consequence);
        }
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
        return lifecycle.running() && supervisor.process().isAlive();
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

    // ------------------------------------------------------------------ info, health, analytics

    @Override
    public EcosystemInfo info() {
        return healthProbe.info(supervisor.process());
    }

    @Override
    public EcosystemHealth health() {
        return healthProbe.health(supervisor.process());
    }

    @Override
    public Optional<EcosystemMessageStats> messageStats() {
        return analytics.snapshot(coordinatorSlot, workerTable);
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * The supervisor stops the members in order (coordinator first, then the workers from the highest index down),
     * each with its shutdown timeout, as OTP's. Once {@code timeout} has passed, every process of the ecosystem still
     * alive is killed directly through the kernel: the supervisor, the coordinator, the workers from the highest index
     * down. A kill ends a process at once without its thread, so a member whose handler never gives its carrier up
     * (a CPU-bound loop, which the JVM cannot preempt), or a supervisor that cannot get a carrier to run its ordered
     * shutdown, no longer outlives the shutdown. The killed members' threads then get the runtime's orphan grace
     * period to return; those that ignore the interrupt are reported as orphaned.
     */
    @Override
    public EcosystemShutdownReport shutdown(Duration drain, Duration timeout) {
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(timeout, "timeout");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, got " + drain);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long start = System.nanoTime();
        if (lifecycle.beginDrain() && !ledger.awaitIdle(drain)) {
            ledger.drainExpired(drain);
        }
        return shutdown(timeout, start);
    }

    @Override
    public EcosystemShutdownReport shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return shutdown(timeout, System.nanoTime());
    }

    private EcosystemShutdownReport shutdown(Duration timeout, long start) {
        if (!lifecycle.beginShutdown()) {
            kernel.beforeBlocking();
            supervisor.whenStopped().join();
            return new EcosystemShutdownReport(0, 0, 0, 0, Duration.ZERO);
        }
        ProcessRef sup = supervisor.process();
        List<ProcessRef> all = new ArrayList<>();
        all.add(sup);
        for (ProcessRef m : members) {
            if (m.isAlive()) {
                all.add(m); // count what this shutdown stops, not what had died before it
            }
        }
        CompletableFuture<ExitReason> supervisorEnded = supervisor.whenStopped();
        runtime.exit(sup, ExitReason.SHUTDOWN);
        kernel.beforeBlocking(); // a caller that is a handler process may have left the supervisor to run next
        awaitEnd(supervisorEnded, timeout);
        killLeft(all);
        int stopped = 0;
        int killed = 0;
        List<ProcessRef> killedMembers = new ArrayList<>();
        for (ProcessRef p : all) {
            Optional<ExitReason> reason = p.exitReason();
            if (reason.isEmpty()) {
                continue; // cannot happen after killLeft; a process reports its reason once it is dead
            }
            if (reason.get() instanceof ExitReason.Killed) {
                killed++;
                killedMembers.add(p);
            } else {
                stopped++;
            }
        }
        int orphaned = killedMembers.isEmpty() ? 0 : kernel.awaitKilledThreads(killedMembers);
        stopped(ExitReason.SHUTDOWN);
        release();
        return new EcosystemShutdownReport(stopped, killed, orphaned, ledger.abandoned(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits up to {@code timeout} for the supervisor's ordered shutdown; an interrupt ends the wait (kill at once). */
    private static void awaitEnd(CompletableFuture<ExitReason> supervisorEnded, Duration timeout) {
        try {
            supervisorEnded.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what is left is killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller asked to be done: what is left is killed now
        }
    }

    /**
     * After the timeout: kills every process of the ecosystem still alive, the supervisor first (it then starts and
     * restarts nothing), then the coordinator, then the workers from the highest index down. A member that recorded
     * itself while this ran (a child the supervisor was starting when it was killed) is killed in a further round and
     * added to {@code all}.
     */
    private void killLeft(List<ProcessRef> all) {
        Set<ProcessRef> counted = new HashSet<>(all);
        for (int round = 0; round < 3; round++) {
            Set<ProcessRef> alive = new LinkedHashSet<>();
            alive.add(supervisor.process());
            alive.add(coordinatorSlot.current());
            List<ProcessRef> workers = workerTable.inUse();
            for (int i = workers.size() - 1; i >= 0; i--) {
                alive.add(workers.get(i));
            }
            alive.addAll(members);
            alive.addAll(all);
            alive.removeIf(p -> p == null || !p.isAlive());
            if (alive.isEmpty()) {
                return;
            }
            for (ProcessRef p : alive) {
                runtime.kill(p);
                if (counted.add(p)) {
                    all.add(p);
                }
            }
        }
    }

    /**
     * The supervisor ended (shutdown or gave up): fail what is left, once. Called both by the supervisor's end (on its
     * thread) and by {@link #shutdown} (on the caller's), possibly at once. Each item is claimed by removal from the
     * ledger's in-flight table and then failed; the lock makes the second caller wait until the first has failed every
     * item it claimed, so that {@code shutdown} never returns while a future it should have failed is still pending.
     */
    private void stopped(ExitReason reason) {
        endLock.lock();
        try {
            EcosystemLifecycle.State previous = lifecycle.end();
            healthProbe.cancelMemoryCheck();
            ledger.abandonAll();
            if (dedicatedThreads != null) {
                // Idle threads end now, a worker's when its activation returns: the supervisor stopped the workers,
                // or the shutdown kills what is left.
                dedicatedThreads.close();
            }
            RunningEcosystems.release(runtime, config.name(), lifecycle);
            if (previous == EcosystemLifecycle.State.RUNNING || previous == EcosystemLifecycle.State.DRAINING) {
                release(); // the supervisor gave up: no shutdown will come to do it
            }
            if (previous != EcosystemLifecycle.State.STOPPED) {
                runtime.removeListener(gcListener);
                if (kernel.telemetry().enabled()) {
                    kernel.telemetry().emit(new BeamEvent.EcosystemStopped(supervisor.process(), config.name(),
                            reason == null ? ExitReason.SHUTDOWN : reason));
                }
            }
        } finally {
            endLock.unlock();
        }
    }

    /**
     * The ecosystem ended, its members with it: drops what only a running ecosystem needs, so that an application that
     * keeps the handle (for its info, health or report) keeps little: the worker tables shrink to the worker count, the
     * ledger's loads and the member set go. Called once, after the members were stopped (by the shutdown) or by the
     * supervisor's end when it gave up (it stopped them first).
     */
    private void release() {
        workerTable.release();
        ledger.releaseLoads();
        members.clear();
    }

    @Override
    public String toString() {
        return "Ecosystem[" + config.name() + ", " + lifecycle + "]";
    }
}
