package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.telemetry.WorkOutcome;
import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.Job;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.RingBroadcast;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.WorkerUp;
import io.foundation.beam.internal.process.InlineLifecycle;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.List;

/**
 * A worker process of an ecosystem: runs the user's {@link Worker} on the work the coordinator sends it, and
 * implements its {@link WorkerContext} (addresses looked up live in the {@link WorkerTable}; what the topology allows
 * decided by its {@link TopologyRule}). Confined to its process's thread, except for the construction and
 * {@link #initInline}, which run on the supervisor's thread before the process can receive anything.
 *
 * <p><b>Start and end.</b> The worker factory is called when the process is created (on the supervisor's thread,
 * as any child spec's factory is), so that the runtime knows whether the user's {@code Worker} has an {@code init}
 * or a {@code terminate} to run ({@link InlineLifecycle}). With an {@code init}, the process starts on its own thread
 * as before: {@link #init} records it in the worker table, runs {@code Worker.init}, then tells the coordinator.
 * Without one, the same bookkeeping runs in {@link #initInline} while the process is spawned, and no thread is
 * started (a pool of a thousand such workers starts without a thousand thread starts). Without a {@code terminate},
 * an exit signal ends an idle worker on the signalling thread (see the process cell). {@code Worker.terminate} runs
 * only if the start-up was reached, as before.
 */
final class WorkerProcess implements ProcessHandler, WorkerContext, InlineLifecycle {

    /** Per {@code Worker} class: bit 1 if it overrides {@code init}, bit 2 if it overrides {@code terminate}. */
    private static final ClassValue<Integer> OVERRIDES = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return (declaredBelowWorker(type, "init", WorkerContext.class) ? 1 : 0)
                    | (declaredBelowWorker(type, "terminate", ExitReason.class, WorkerContext.class) ? 2 : 0);
        }
    };

    private static boolean declaredBelowWorker(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != Worker.class;
        } catch (NoSuchMethodException e) {
            return true; // cannot tell: assume it has code to run
        }
    }

    private final String ecosystem;
    private final Kernel kernel;
    private final WorkerTable workers;
    private final WorkLedger ledger;
    private final CoordinatorSlot coordinatorSlot;
    private final TopologyRule topologyRule;
    private final int index;
    private final Worker worker;
    private final int overrides;
    /**
     * Whether the start-up ran (in init or initInline): terminate is not called otherwise. Volatile because
     * initInline writes it on the supervisor's thread.
     */
    private volatile boolean started;
    private ProcessContext context;

    /**
     * Calls the worker factory (on the creating thread, the supervisor's).
     *
     * @throws IllegalStateException naming the ecosystem if the factory returns null (the child fails to start)
     */
    WorkerProcess(EcosystemHandle eco, int index) {
        this.ecosystem = eco.config.name();
        this.kernel = eco.kernel;
        this.workers = eco.workerTable;
        this.ledger = eco.ledger;
        this.coordinatorSlot = eco.coordinatorSlot;
        this.topologyRule = eco.topologyRule;
        this.index = index;
        Worker w = eco.config.workerFactory().get();
        if (w == null) {
            throw new IllegalStateException("the worker factory of ecosystem '" + ecosystem + "' returned null");
        }
        this.worker = w;
        this.overrides = OVERRIDES.get(w.getClass());
    }

    @Override
    public boolean initNeedsOwnThread() {
        return (overrides & 1) != 0;
    }

    @Override
    public boolean terminateNeedsOwnThread() {
        return (overrides & 2) != 0;
    }

    @Override
    public void initInline(ProcessRef self) {
        started = true;
        workers.started(index, self);
        announce(self);
    }

    @Override
    public void init(ProcessContext ctx) throws Exception {
        this.context = ctx;
        if (started) {
            return; // initInline did the start-up when the process was spawned
        }
        started = true;
        workers.started(index, ctx.self());
        worker.init(this);
        announce(ctx.self());
    }

    /** Tells a running coordinator (a restart, or a worker added by a resize) that this worker is up. */
    private void announce(ProcessRef self) {
        ProcessRef c = coordinatorSlot.current();
        if (c != null && c.isAlive()) {
            kernel.sendInternal(c, new WorkerUp(index, self));
        }
    }

    @Override
    public Object handle(Object message, ProcessContext ctx) throws Exception {
        this.context = ctx;
        switch (message) {
            case Job job -> {
                WorkItem item = job.item();
                if (item.future.isDone()) {
                    ledger.finished(item, ctx.self(), WorkOutcome.CANCELLED, null);
                    return null;
                }
                item.begin(ctx.self()); // from now on a crash of this worker costs the item an attempt
                Object result;
                try {
                    result = worker.handle(item.payload, this);
                } catch (WorkRefusedException refused) {
                    // This item fails; the worker goes on. Its bookkeeping first, so that whoever sees the future
                    // complete also sees the worker's load and the ecosystem's pending work already released.
                    ledger.finished(item, ctx.self(), WorkOutcome.REFUSED, refused);
                    item.future.completeExceptionally(refused);
                    return null;
                } catch (Throwable t) {
                    item.lastFailure = t;
                    throw t; // let it crash: the coordinator redistributes the work it held
                }
                ledger.finished(item, ctx.self(), WorkOutcome.SUCCEEDED, null); // CANCELLED if completed meanwhile
                item.future.complete(result);
                return null;
            }
            case RingBroadcast broadcast -> {
                topologyRule.ring("a ring broadcast").passOn(broadcast, index);
                return worker.handle(broadcast.payload(), this);
            }
            case RingToken token -> {
                if (!topologyRule.tokenArrived(token, index)) {
                    return null;
                }
                return worker.handle(token, this);
            }
            default -> {
                return worker.handle(message, this);
            }
        }
    }

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) throws Exception {
        if (started) {
            this.context = ctx;
            worker.terminate(reason, this);
        }
    }

    // ------------------------------------------------------------------ WorkerContext

    @Override
    public int index() {
        return index;
    }

    @Override
    public String ecosystem() {
        return ecosystem;
    }

    @Override
    public Topology topology() {
        return topologyRule.topology();
    }

    @Override
    public ProcessRef coordinator() {
        return coordinatorSlot.current();
    }

    @Override
    public ProcessContext process() {
        return context;
    }

    @Override
    public List<ProcessRef> peers() {
        return topologyRule.mesh("peers()").peers(index);
    }

    @Override
    public void sendToPeer(int peer, Object message) {
        topologyRule.mesh("sendToPeer()").sendToPeer(peer, message);
    }

    @Override
    public int broadcastToPeers(Object message) {
        return topologyRule.mesh("broadcastToPeers()").broadcastToPeers(index, message);
    }

    @Override
    public ProcessRef successor() {
        return topologyRule.ring("successor()").successor(index, context);
    }

    @Override
    public void passToken(RingToken token) {
        topologyRule.ring("passToken()").passToken(token, successor());
    }
}
