package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.internal.ecosystem.EcosystemProtocol.RingBroadcast;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.BroadcastReport;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RING: each worker knows its successor, the next live worker in use by index, wrapping around (so the ring re-links
 * around a dead worker, and a grown ring includes the new workers at the next look-up).
 *
 * <h2>Token</h2>
 * One {@link RingToken} goes round: the first coordinator sends generation 1 to the first live worker; a worker that
 * receives it becomes its holder and passes it on with {@code WorkerContext.passToken}. When the holder goes down,
 * or a shrink stopped the workers it retired, the coordinator {@linkplain #regenerate regenerates} it: the next
 * generation, with the last payload seen, to the next live worker. A worker discards a token of an older generation
 * than the current one, so there is one live token.
 *
 * <h2>Broadcast</h2>
 * {@code Ecosystem.broadcast} enters at the first live worker that takes it, as a {@link RingBroadcast}; each worker
 * that receives it {@linkplain #passOn passes it on} to its live successor, then handles it, until every worker of
 * the route has had it.
 *
 * <p>Threading: the token's state is written by the coordinator (regeneration) and by the workers (receipt, pass), each
 * on its own thread: the generation is an atomic counter, the holder and the last payload volatile.
 */
final class RingRule extends TopologyRule {

    private final AtomicLong generation = new AtomicLong();
    /** The index of the worker that last took the token, or -1. */
    private volatile int holder = -1;
    /** The payload the token last carried (taken or passed on), for a regenerated token. */
    private volatile Object lastPayload;

    RingRule(EcosystemConfig config, Kernel kernel, WorkerTable workers) {
        super(config, kernel, workers);
    }

    @Override
    Topology topology() {
        return Topology.RING;
    }

    @Override
    RingRule ring(String operation) {
        return this;
    }

    // ------------------------------------------------------------------ token

    @Override
    void firstCoordinatorStarted() {
        regenerate(workers.count() - 1, null);
    }

    @Override
    void workerDown(int index) {
        if (holder == index) {
            regenerate(index, lastPayload);
        }
    }

    @Override
    void workersRetired() {
        regenerate(workers.count() - 1, lastPayload);
    }

    /**
     * Sends a token of the next generation (older ones are ignored from then on) to the first live worker after
     * {@code after}; nothing if no worker is alive.
     */
    private void regenerate(int after, Object payload) {
        int next = workers.successorOf(after);
        if (next >= 0) {
            long g = generation.incrementAndGet();
            holder = next;
            kernel.sendInternal(workers.get(next), new RingToken(g, 0, payload));
        }
    }

    @Override
    boolean tokenArrived(RingToken token, int index) {
        if (token.generation() < generation.get()) {
            return false; // a token that was regenerated meanwhile: there is one live token
        }
        holder = index;
        lastPayload = token.payload();
        return true;
    }

    /**
     * @param index a worker's index
     * @param context that worker's process context
     * @return the next live worker after it, or itself if it is the only one
     */
    ProcessRef successor(int index, ProcessContext context) {
        int next = workers.successorOf(index);
        return next < 0 ? context.self() : workers.get(next);
    }

    /** Passes the token on to {@code to} (the passing worker's successor), one hop further. */
    void passToken(RingToken token, ProcessRef to) {
        RingToken next = new RingToken(token.generation(), token.hops() + 1, token.payload());
        lastPayload = token.payload();
        kernel.sendInternal(to, next);
    }

    // ------------------------------------------------------------------ broadcast

    /** The message enters at the first live worker and travels the ring (see {@link #passOn}). */
    @Override
    BroadcastReport broadcast(Object message) {
        List<ProcessRef> route = new ArrayList<>();
        List<ProcessRef> dead = new ArrayList<>();
        for (ProcessRef c : workers.inUse()) {
            if (c != null && c.isAlive()) {
                route.add(c);
            } else if (c != null) {
                dead.add(c);
            }
        }
        Object m = isolated(message);
        int copies = m == message ? 0 : 1;
        List<ProcessRef> full = new ArrayList<>();
        while (!route.isEmpty()) {
            ProcessRef entry = route.get(0);
            SendResult r = kernel.sendInternal(entry, new RingBroadcast(m, route.size()));
            if (r.isAccepted()) {
                return new BroadcastReport(route, full, dead, copies);
            }
            route.remove(0);
            (r == SendResult.NO_SUCH_PROCESS ? dead : full).add(entry);
        }
        return new BroadcastReport(route, full, dead, copies);
    }

    /** Passes a ring broadcast the worker at {@code index} received to the next live worker that takes it. */
    void passOn(RingBroadcast broadcast, int index) {
        int remaining = broadcast.remaining() - 1;
        int at = index;
        while (remaining > 0) {
            int next = workers.successorOf(at);
            if (next < 0 || next == index) {
                return; // the ring has no other live worker
            }
            ProcessRef p = workers.get(next);
            if (p != null && kernel.sendInternal(p, new RingBroadcast(isolated(broadcast.payload()), remaining))
                    .isAccepted()) {
                return;
            }
            at = next; // full or gone: it misses the broadcast (its mailbox reported the refusal); try the next one
            remaining--;
        }
    }
}
