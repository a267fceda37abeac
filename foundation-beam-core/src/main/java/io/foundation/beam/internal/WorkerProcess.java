package io.foundation.beam.internal;

import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process of an ecosystem: runs the user's {@link Worker} and implements its {@link WorkerContext}
 * (addresses looked up live, topology rules enforced). Confined to its process's thread. Peers and successors are
 * only the indices below the ecosystem's current worker count, so a worker a shrink is retiring is no one's peer.
 */
final class WorkerProcess implements ProcessHandler, WorkerContext {

    private final EcosystemRuntime eco;
    private final int index;
    private Worker worker;
    private ProcessContext context;

    WorkerProcess(EcosystemRuntime eco, int index) {
        this.eco = eco;
        this.index = index;
    }

    @Override
    public void init(ProcessContext ctx) throws Exception {
        this.context = ctx;
        this.worker = eco.config.workerFactory().get();
        if (worker == null) {
            throw new IllegalStateException("the worker factory of ecosystem '" + eco.config.name() + "' returned null");
        }
        eco.workerStarted(index, ctx.self());
        worker.init(this);
        ProcessRef c = eco.coordinator;
        if (c != null && c.isAlive()) {
            eco.cell(c).sendInternal(new WorkItem.WorkerUp(index, ctx.self()));
        }
    }

    @Override
    public Object handle(Object message, ProcessContext ctx) throws Exception {
        this.context = ctx;
        switch (message) {
            case WorkItem.Job job -> {
                WorkItem item = job.item();
                if (item.future.isDone()) {
                    eco.finished(item, ctx.self(), false);
                    return null;
                }
                Object result;
                try {
                    result = worker.handle(item.payload, this);
                } catch (WorkRefusedException refused) {
                    // This item fails; the worker goes on. Its bookkeeping first, so that whoever sees the future
                    // complete also sees the worker's load and the ecosystem's pending work already released.
                    eco.finished(item, ctx.self(), false);
                    item.future.completeExceptionally(refused);
                    return null;
                } catch (Throwable t) {
                    item.lastFailure = t;
                    throw t; // let it crash: the coordinator redistributes the work it held
                }
                eco.finished(item, ctx.self(), !item.future.isDone());
                item.future.complete(result);
                return null;
            }
            case WorkItem.RingBroadcast broadcast -> {
                passOn(broadcast);
                return worker.handle(broadcast.payload(), this);
            }
            case RingToken token -> {
                if (token.generation() < eco.tokenGeneration.get()) {
                    return null; // a token that was regenerated meanwhile: there is one live token
                }
                eco.tokenHolder = index;
                eco.lastTokenPayload = token.payload();
                return worker.handle(token, this);
            }
            default -> {
                return worker.handle(message, this);
            }
        }
    }

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) throws Exception {
        Worker w = worker;
        if (w != null) {
            this.context = ctx;
            w.terminate(reason, this);
        }
    }

    // ------------------------------------------------------------------ WorkerContext

    @Override
    public int index() {
        return index;
    }

    @Override
    public String ecosystem() {
        return eco.config.name();
    }

    @Override
    public Topology topology() {
        return eco.config.topology();
    }

    @Override
    public ProcessRef coordinator() {
        return eco.coordinator;
    }

    @Override
    public ProcessContext process() {
        return context;
    }

    private void require(Topology needed, String what) {
        if (eco.config.topology() != needed) {
            throw new IllegalStateException(what + " needs topology " + needed + ", but ecosystem '"
                    + eco.config.name() + "' is " + eco.config.topology()
                    + (eco.config.topology() == Topology.TREE ? " (workers talk only to the coordinator)" : ""));
        }
    }

    /** Passes a ring broadcast to the next live worker that takes it (skipping full or dead ones). */
    private void passOn(WorkItem.RingBroadcast broadcast) {
        int remaining = broadcast.remaining() - 1;
        int at = index;
        while (remaining > 0) {
            int next = eco.successorOf(at);
            if (next < 0 || next == index) {
                return; // the ring has no other live worker
            }
            ProcessRef p = eco.workers.get(next);
            if (p != null && eco.cell(p).sendInternal(new WorkItem.RingBroadcast(isolate(broadcast.payload()),
                    remaining)).isAccepted()) {
                return;
            }
            at = next; // full or gone: it misses the broadcast (its mailbox reported the refusal); try the next one
            remaining--;
        }
    }

    private Object isolate(Object message) {
        return eco.config.memoryStrategy() == MemoryStrategy.ISOLATED_HEAPS ? MessageIsolation.standard().isolate(message)
                : message;
    }

    @Override
    public List<ProcessRef> peers() {
        require(Topology.MESH, "peers()");
        List<ProcessRef> peers = new ArrayList<>();
        int n = eco.workerCount();
        for (int i = 0; i < n; i++) {
            if (i != index && eco.isLive(i)) {
                peers.add(eco.workers.get(i));
            }
        }
        return List.copyOf(peers);
    }

    @Override
    public void sendToPeer(int peer, Object message) {
        require(Topology.MESH, "sendToPeer()");
        int n = eco.workerCount();
        if (peer < 0 || peer >= n) {
            throw new IllegalArgumentException("no worker " + peer + " in ecosystem '" + eco.config.name()
                    + "' (indexes 0 to " + (n - 1) + ")");
        }
        ProcessRef p = eco.workers.get(peer);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("worker " + peer + " of ecosystem '" + eco.config.name()
                    + "' is not alive");
        }
        eco.cell(p).sendInternal(isolate(message));
    }

    @Override
    public int broadcastToPeers(Object message) {
        require(Topology.MESH, "broadcastToPeers()");
        int n = eco.workerCount();
        List<ProcessCell> peers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ProcessRef p = eco.workers.get(i);
            if (i != index && p != null) {
                peers.add(eco.cell(p));
            }
        }
        return Broadcaster.send(peers, message,
                eco.config.memoryStrategy() == MemoryStrategy.ISOLATED_HEAPS).reachedCount();
    }

    @Override
    public ProcessRef successor() {
        require(Topology.RING, "successor()");
        int next = eco.successorOf(index);
        return next < 0 ? context.self() : eco.workers.get(next);
    }

    @Override
    public void passToken(RingToken token) {
        require(Topology.RING, "passToken()");
        RingToken next = new RingToken(token.generation(), token.hops() + 1, token.payload());
        ProcessRef to = successor();
        eco.lastTokenPayload = token.payload();
        eco.cell(to).sendInternal(next);
    }
}
