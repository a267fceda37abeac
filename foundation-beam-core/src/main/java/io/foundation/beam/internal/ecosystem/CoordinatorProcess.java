package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Dispatch;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Grown;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Job;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Narrowed;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.ResizeNotice;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Retired;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.WorkerUp;
import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.WorkOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinator process of an ecosystem: dispatches submitted work (with the configured strategy, or a custom
 * {@link Coordinator}'s routing), monitors the workers, redistributes the work a dead worker held, and tells the
 * {@link TopologyRule} what happened to the workers (a RING regenerates a token lost with its holder). Its own state
 * (monitors, parked work, the round-robin position) is confined to its thread; what must survive it lives outside:
 * the work in the {@link WorkLedger}, the checkpoint in the {@link CoordinatorSlot}.
 *
 * <p>It dispatches only to indices below the ecosystem's current worker count, read on each dispatch; it learns of a
 * change of the count through a {@link ResizeNotice} (see {@link WorkerPoolResize} for the protocol). A worker at or
 * above the count that goes down was retired by a shrink (or crashed while it drained): the work it held is
 * dispatched again, counted as a failed attempt only if the worker crashed while running it.
 */
final class CoordinatorProcess implements ProcessHandler, CoordinatorContext {

    private final EcosystemConfig config;
    private final Kernel kernel;
    private final boolean selfHealing;
    private final boolean isolatedHeaps;
    private final EcosystemLifecycle lifecycle;
    private final WorkerTable workers;
    private final WorkLedger ledger;
    private final CoordinatorSlot slot;
    private final TopologyRule topologyRule;
    private Coordinator custom;
    private ProcessContext context;
    /** The worker process each monitor watches, by index (what this coordinator knows as current). */
    private final Map<ProcessRef, Integer> monitored;
    /** Work waiting for the replacement of a worker (KEY_HASH order), or for any worker when none is alive. */
    private final Map<Integer, ArrayDeque<WorkItem>> parked = new HashMap<>();
    private final ArrayDeque<WorkItem> waitingForAny = new ArrayDeque<>();
    private int roundRobin;
    private Object restored;

    CoordinatorProcess(EcosystemHandle eco) {
        this.config = eco.config;
        this.kernel = eco.kernel;
        this.selfHealing = config.faultTolerance() == FaultTolerance.SELF_HEALING;
        this.isolatedHeaps = eco.isolatedHeaps;
        this.lifecycle = eco.lifecycle;
        this.workers = eco.workerTable;
        this.ledger = eco.ledger;
        this.slot = eco.coordinatorSlot;
        this.topologyRule = eco.topologyRule;
        this.monitored = HashMap.newHashMap(workers.count());
    }

    @Override
    public void init(ProcessContext ctx) throws Exception {
        this.context = ctx;
        this.restored = slot.checkpoint();
        boolean first = slot.starts() == 0;
        slot.started(ctx.self());
        kernel.expectMonitors(ctx.self(), workers.count());
        for (int i = 0; i < workers.capacity(); i++) {
            watch(i, workers.get(i)); // the whole table: workers a shrink is retiring are watched too
        }
        if (config.coordinatorFactory() != null) {
            custom = config.coordinatorFactory().get();
            if (custom == null) {
                throw new IllegalStateException(
                        "the coordinator factory of ecosystem '" + config.name() + "' returned null");
            }
            custom.init(this);
        }
        if (first) {
            topologyRule.firstCoordinatorStarted();
        }
        // Take over what a predecessor accepted but had not dispatched, or dispatched to workers now dead.
        for (WorkItem item : ledger.items()) {
            WorkItem.Assignment at = item.assignment();
            if (at == null) {
                dispatch(item); // accepted, never dispatched (the predecessor died first)
            } else if (!at.process().isAlive()) {
                // its worker died while no coordinator watched it
                redistribute(item, at.process(), at.process().exitReason().orElse(ExitReason.KILLED));
            }
        }
    }

    private void watch(int index, ProcessRef pid) {
        if (pid != null && !monitored.containsKey(pid)) {
            monitored.put(pid, index);
            context.monitor(pid);
        }
    }

    @Override
    public Object handle(Object message, ProcessContext ctx) throws Exception {
        this.context = ctx;
        switch (message) {
            case Dispatch d -> {
                WorkItem item = d.item();
                if (item.unassigned() && ledger.holds(item)) {
                    dispatch(item);
                }
                return null;
            }
            case WorkerUp up -> {
                watch(up.index(), up.process());
                ArrayDeque<WorkItem> waiting = parked.remove(up.index());
                if (waiting != null) {
                    for (WorkItem item : waiting) {
                        dispatch(item);
                    }
                }
                List<WorkItem> any = new ArrayList<>(waitingForAny);
                waitingForAny.clear();
                for (WorkItem item : any) {
                    dispatch(item);
                }
                return null;
            }
            case ResizeNotice notice -> {
                resized(notice);
                return null;
            }
            case Signal.Down down when monitored.containsKey(down.process()) -> {
                workerDown(monitored.remove(down.process()), down.process(),
                        down.reason() instanceof ExitReason.NoProc // it died before the monitor: its own reason
                                ? down.process().exitReason().orElse(down.reason()) : down.reason());
                return null;
            }
            default -> {
                if (custom != null) {
                    return custom.handle(message, this);
                }
                unhandled(message, ctx);
                return null;
            }
        }
    }

    /**
     * The default coordinator takes only the ecosystem's own messages: anything else (sent straight to its pid) is
     * dropped, but reported, so that it is not lost silently. A Down of a process it no longer watches is its own
     * monitor's late notice, not a message anyone sent: it is dropped without a report.
     */
    private void unhandled(Object message, ProcessContext ctx) {
        if (message instanceof Signal.Down) {
            return;
        }
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.UnhandledMessage(ctx.self(), config.name(), message.getClass()));
        }
    }

    // ------------------------------------------------------------------ resize

    private void resized(ResizeNotice notice) {
        int count = workers.count();
        switch (notice) {
            case Grown g -> {
                List<WorkItem> any = new ArrayList<>(waitingForAny);
                waitingForAny.clear();
                for (WorkItem item : any) {
                    dispatch(item);
                }
            }
            case Narrowed n -> {
                List<Integer> retired = parked.keySet().stream().filter(i -> i >= count).sorted().toList();
                for (Integer index : retired) {
                    for (WorkItem item : parked.remove(index)) {
                        dispatch(item);
                    }
                }
            }
            case Retired r -> topologyRule.workersRetired();
        }
        notice.done().complete(null);
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatch(WorkItem item) {
        if (ledger.forgetIfDone(item)) {
            return;
        }
        int index;
        try {
            index = custom != null ? custom.route(item.payload, Optional.ofNullable(item.key), this)
                    : defaultRoute(item.payload, Optional.ofNullable(item.key));
        } catch (NoLiveWorker e) {
            index = -1;
        }
        if (index < 0) {
            if (selfHealing) {
                waitingForAny.add(item);
            } else {
                ledger.fail(item, WorkOutcome.UNDELIVERABLE, "no worker is alive and fault tolerance is STANDARD");
            }
            return;
        }
        if (index >= workers.count()) {
            ledger.fail(item, WorkOutcome.UNDELIVERABLE,
                    "the coordinator routed it to worker " + index + ", which does not exist");
            return;
        }
        ProcessRef pid = workers.get(index);
        if (pid == null || !pid.isAlive()) {
            if (selfHealing) {
                parked.computeIfAbsent(index, k -> new ArrayDeque<>()).add(item); // its replacement takes it
            } else {
                int next = workers.successorOf(index);
                if (next < 0) {
                    ledger.fail(item, WorkOutcome.UNDELIVERABLE, "no worker is alive and fault tolerance is STANDARD");
                } else {
                    assign(item, next, workers.get(next));
                }
            }
            return;
        }
        assign(item, index, pid);
    }

    private void assign(WorkItem item, int index, ProcessRef pid) {
        if (!ledger.claim(item, index, pid)) {
            return; // another coordinator (a killed predecessor still running) dispatched it
        }
        SendResult sent = kernel.sendInternal(pid, new Job(item));
        switch (sent) {
            case ACCEPTED, DROPPED_OLDEST -> {
                // DROPPED_OLDEST may have pushed out another Job: that item stays in flight and times out, reported
            }
            case NO_SUCH_PROCESS -> {
                // it died just now, before the work reached it: not an attempt; hand it back
                if (ledger.release(item, pid) != null) {
                    if (selfHealing) {
                        parked.computeIfAbsent(index, k -> new ArrayDeque<>()).add(item);
                    } else {
                        dispatch(item);
                    }
                }
            }
            default -> {
                if (ledger.release(item, pid) != null) {
                    ledger.fail(item, WorkOutcome.UNDELIVERABLE,
                            "the mailbox of worker " + index + " (" + pid + ") is full");
                }
            }
        }
    }

    private void workerDown(int index, ProcessRef pid, ExitReason reason) {
        if (!lifecycle.running()) {
            // The ecosystem is shutting down: workers a resize added are the supervisor's newest children, so they
            // stop before this coordinator; what they held fails with the shutdown, as everything unfinished does.
            return;
        }
        boolean retired = index >= workers.count() && !(reason instanceof ExitReason.Crashed);
        for (WorkItem item : ledger.items()) {
            WorkItem.Assignment at = item.assignment();
            if (at != null && at.process() == pid) {
                if (retired) {
                    handBack(item, pid);
                } else {
                    redistribute(item, pid, reason);
                }
            }
        }
        if (retired) {
            return; // a RING's token is regenerated once the shrink has stopped every retired worker
        }
        topologyRule.workerDown(index);
    }

    /** A worker retired by a shrink stopped holding {@code item}: dispatch it again, not a failed attempt. */
    private void handBack(WorkItem item, ProcessRef pid) {
        if (ledger.release(item, pid) == null) {
            return; // already released by another coordinator
        }
        dispatch(item);
    }

    /**
     * The worker holding {@code item} died: if it had begun the item, count the failed attempt, then retry or give
     * up (at least once); if the item only waited in its mailbox, deliver it again at no cost.
     */
    private void redistribute(WorkItem item, ProcessRef pid, ExitReason reason) {
        WorkItem.Assignment released = ledger.release(item, pid);
        if (released == null) {
            return; // already released by another coordinator
        }
        boolean again = released.begun()
                ? ledger.attemptFailed(item, released.index(), pid, reason)
                : ledger.redeliver(item, pid);
        if (again) {
            dispatch(item);
        }
    }

    /** Thrown by {@link #defaultRoute} when no worker is alive. */
    private static final class NoLiveWorker extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoLiveWorker(String message) {
            super(message);
        }
    }

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) throws Exception {
        Coordinator c = custom;
        if (c != null) {
            this.context = ctx;
            c.terminate(reason, this);
        }
    }

    // ------------------------------------------------------------------ CoordinatorContext

    @Override
    public String ecosystem() {
        return config.name();
    }

    @Override
    public List<ProcessRef> workers() {
        return List.copyOf(workers.inUse());
    }

    @Override
    public ProcessContext process() {
        return context;
    }

    @Override
    public int defaultRoute(Object work, Optional<Object> key) {
        int n = workers.count();
        DispatchStrategy strategy = config.dispatch();
        if (strategy == DispatchStrategy.KEY_HASH && key.isPresent()) {
            return Math.floorMod(key.get().hashCode(), n);
        }
        if (strategy == DispatchStrategy.LEAST_LOADED) {
            int best = -1;
            int bestLoad = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                int l = ledger.load(i);
                if (l < bestLoad && workers.isLive(i)) {
                    best = i;
                    bestLoad = l;
                }
            }
            if (best < 0) {
                throw new NoLiveWorker("no worker of ecosystem '" + config.name() + "' is alive");
            }
            return best;
        }
        for (int step = 0; step < n; step++) {
            int i = Math.floorMod(roundRobin++, n);
            if (workers.isLive(i)) {
                return i;
            }
        }
        throw new NoLiveWorker("no worker of ecosystem '" + config.name() + "' is alive");
    }

    @Override
    public void checkpoint(Object state) {
        slot.checkpoint(state == null ? null : HeapIsolation.forReceiver(isolatedHeaps, state));
    }

    @Override
    public Optional<Object> restoredState() {
        return Optional.ofNullable(restored);
    }
}
