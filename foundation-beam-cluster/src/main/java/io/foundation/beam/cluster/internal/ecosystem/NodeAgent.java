package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Dispatch;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Done;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Hello;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Leaving;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Ready;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Returned;
import io.foundation.beam.cluster.internal.ecosystem.EcosystemWire.Stale;
import io.foundation.beam.cluster.internal.journal.ItemId;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node's agent in a distributed ecosystem: takes {@link Dispatch}es from the coordinator, runs each through this
 * node's share (a local ecosystem of the same name, which restarts crashed workers and retries as any ecosystem does)
 * and answers {@link Done} with the encoded outcome.
 *
 * <h2>Design</h2>
 * One process per distributed ecosystem per node, a member of the process group
 * {@link DistributedEcosystemHandle#agentsGroup} so that a coordinator finds it. State (the process's own, no lock):
 * the highest epoch seen, and the items running here by id, each with where to answer.
 * <ul>
 *   <li><b>Fencing.</b> A {@link Hello} or {@link Dispatch} of an epoch below the highest seen is answered with
 *       {@link Stale} and not run: a deposed coordinator cannot dispatch.</li>
 *   <li><b>One run per item here.</b> A dispatch of an item already running here (a new coordinator re-dispatching
 *       what was in flight) does not run it again: the answer goes to the newer dispatch's coordinator, epoch and
 *       attempt. So a coordinator failover re-executes only what ran on nodes that were lost.</li>
 *   <li><b>Answers.</b> The share's future completes on a worker's thread; it sends the agent a local
 *       {@link Finished}, and the agent encodes and answers from its own thread. A value that cannot cross is a
 *       failure whose exception says why.</li>
 *   <li><b>Leaving gracefully.</b> On {@link Leave} (the handle's {@code shutdown} with a drain) the agent tells
 *       the coordinator it last said Ready to ({@link Leaving}), which dispatches nothing more to it; it answers
 *       no {@link Hello} any more (a new coordinator never counts it), runs no new item (a dispatch sent before the
 *       coordinator heard {@code Leaving} is sent back, {@link Returned}, and the coordinator dispatches it
 *       elsewhere at once: this node's own submissions may be waiting for it), answers the items it holds as they finish, and completes the {@code Leave}'s future once it
 *       holds none. The handle then ends the agent; whatever is still unanswered (the drain ran out) goes back to
 *       the coordinator's waiting items on the {@code Down}: no work fails because a node left.</li>
 * </ul>
 */
final class NodeAgent implements ProcessHandler {

    /** Local only: the share's future of an item completed. */
    private record Finished(ItemId id, Object value, Throwable failure) {
    }

    /**
     * Local only, from the handle: leave gracefully; {@code drained} completes when no item is held here any more.
     */
    record Leave(CompletableFuture<Void> drained) {
    }

    /** Where the outcome of an item running here goes. */
    private record Running(long epoch, int attempt, ProcessRef coordinator) {
    }

    private final String node;
    private final Ecosystem share;
    private final MessageCodec codec;
    private final int capacity;
    /** The coordinator this agent last said Ready to; read by the handle (any thread). */
    private final AtomicReference<ProcessRef> coordinator;
    private final Map<ItemId, Running> running = new HashMap<>();
    private long highestEpoch;
    /** Set by {@link Leave}: leaving, completed when nothing is held. */
    private CompletableFuture<Void> leaving;

    NodeAgent(String node, Ecosystem share, MessageCodec codec, int capacity, AtomicReference<ProcessRef> coordinator) {
        this.node = node;
        this.share = share;
        this.codec = codec;
        this.capacity = capacity;
        this.coordinator = coordinator;
    }

    @Override
    public Object handle(Object message, ProcessContext context) {
        switch (message) {
            case Hello h -> hello(h, context);
            case Dispatch d -> dispatch(d, context);
            case Finished f -> finished(f, context);
            case Leave l -> leave(l, context);
            default -> { }
        }
        return null;
    }

    private void hello(Hello h, ProcessContext context) {
        if (h.epoch() < highestEpoch) {
            h.coordinator().send(new Stale(highestEpoch, context.self()));
            return;
        }
        highestEpoch = h.epoch();
        if (leaving != null) {
            return; // leaving: a new coordinator must not count this node
        }
        coordinator.set(h.coordinator());
        h.coordinator().send(new Ready(h.epoch(), context.self(), node, share.workers().size(), capacity));
    }

    private void dispatch(Dispatch d, ProcessContext context) {
        if (d.epoch() < highestEpoch) {
            d.coordinator().send(new Stale(highestEpoch, context.self()));
            return;
        }
        highestEpoch = d.epoch();
        if (leaving != null && !running.containsKey(d.id())) {
            d.coordinator().send(new Returned(d.id(), d.epoch(), context.self())); // dispatched elsewhere
            return;
        }
        Running previous = running.put(d.id(), new Running(d.epoch(), d.attempt(), d.coordinator()));
        if (previous != null) {
            return; // already running here: it answers the newer dispatch
        }
        ProcessRef self = context.self();
        CompletableFuture<Object> result;
        try {
            Object work = codec.decode(d.work());
            result = d.key() == null ? share.submit(work) : share.submit(d.key(), work);
        } catch (IOException | RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((value, failure) -> self.send(new Finished(d.id(), value, unwrap(failure))));
    }

    private void finished(Finished f, ProcessContext context) {
        Running to = running.remove(f.id());
        if (to == null) {
            return;
        }
        boolean success = f.failure() == null;
        byte[] outcome;
        try {
            outcome = codec.encode(success ? f.value() : f.failure());
        } catch (RuntimeException e) {
            success = false;
            outcome = codec.encode(new IllegalStateException("the result of item " + f.id() + " on node " + node
                    + " cannot cross to the submitter's node: " + e.getMessage(), e));
        }
        to.coordinator().send(new Done(f.id(), to.epoch(), to.attempt(), success, outcome, context.self()));
        if (leaving != null && running.isEmpty()) {
            leaving.complete(null);
        }
    }

    private void leave(Leave l, ProcessContext context) {
        if (leaving == null) {
            leaving = l.drained();
            ProcessRef known = coordinator.get();
            if (known != null) {
                known.send(new Leaving(highestEpoch, context.self()));
            }
        } else {
            leaving.whenComplete((v, e) -> l.drained().complete(null));
        }
        if (running.isEmpty()) {
            leaving.complete(null);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public String toString() {
        return "NodeAgent[" + share.name() + " on " + node + ", epoch " + highestEpoch + ", running "
                + running.size() + (leaving != null ? ", leaving" : "") + "]";
    }
}
