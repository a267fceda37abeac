package io.foundation.beam.cluster.internal.raft;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.NoQuorumException;
import io.foundation.beam.process.BeamException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;
import org.jgroups.Address;

/**
 * Appends elements from many threads to a {@link RaftMachine}'s log in batches: one command in flight at a time;
 * what is appended meanwhile waits in a queue and goes as one command when it returns (at most
 * {@code maxBatchBytes} of elements per command, and at least one). Each element's future completes when the
 * command holding it is committed, or fails with a {@link NoQuorumException} naming the subject when this node sees
 * no majority of the voters, or no leader committed it within {@link ClusterConfig#raftTimeout()}.
 *
 * <h2>Design</h2>
 * <b>States.</b> Idle (no sender), sending (one virtual thread drains the queue: takes a batch, proposes it, completes
 * its futures, until the queue is empty), closed (new elements fail with an {@link IllegalStateException}; the
 * queue's are failed; the batch in flight fails within a slice). {@code queue}, {@code sending}, {@code closed} and
 * the sequence are guarded by {@code lock} (a {@code ReentrantLock}; callers may be virtual threads).
 *
 * <p><b>Proposal.</b> A batch is proposed through this node (a follower forwards it); its future is polled in
 * slices of 20 ms so that a lost majority fails it at once; when the leader changes before it answers, the same
 * command is proposed again to the new leader, so the machine must apply a command twice as once (the work
 * journal's are). When the state machine refuses a command (an {@link IllegalArgumentException}), the batch
 * fails with it at once.
 *
 * <p><b>Order.</b> Elements are proposed in the order they were queued: {@link #append(LongFunction)} gives each
 * its sequence number (from 1) in that order, under the lock, so sequence order is log order for what commits.
 * Futures complete on the sender's virtual thread: their callbacks must be quick.
 *
 * @param <T> the elements
 */
public final class RaftBatcher<T> implements AutoCloseable {

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private record Queued<T>(T element, int bytes, CompletableFuture<Void> committed) {
    }

    private final RaftMachine raft;
    private final String subject;
    private final Function<List<T>, byte[]> encoder;
    private final ToIntFunction<T> size;
    private final int maxBatchBytes;
    private final ClusterConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Queued<T>> queue = new ArrayDeque<>();
    private boolean sending;
    private volatile boolean closed;
    private long sequence;

    /**
     * @param raft the machine whose log the commands go to
     * @param subject what the commands change, for errors and thread names (e.g. "the work journal of ecosystem
     *     'orders'")
     * @param encoder makes one command of a batch
     * @param size about how many bytes an element takes in a command
     * @param maxBatchBytes the most bytes of elements in one command (a larger element goes alone)
     */
    public RaftBatcher(RaftMachine raft, String subject, Function<List<T>, byte[]> encoder, ToIntFunction<T> size,
            int maxBatchBytes) {
        this.raft = Objects.requireNonNull(raft, "raft");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.size = Objects.requireNonNull(size, "size");
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException(subject + ": maxBatchBytes " + maxBatchBytes + " < 1");
        }
        this.maxBatchBytes = maxBatchBytes;
        this.config = raft.config();
    }

    /**
     * Queues an element.
     *
     * @param element the element
     * @return completes when the command holding it is committed; fails as the class says
     * @throws IllegalStateException if this batcher is closed
     */
    public CompletableFuture<Void> append(T element) {
        Objects.requireNonNull(element, "element");
        return append(sequence -> element);
    }

    /**
     * Queues an element made from its sequence number (from 1, in queue order). The factory runs on the caller's
     * thread under this batcher's lock, before the element can be proposed: it must be quick (e.g. record the
     * element's id where its outcome will be looked for).
     *
     * @param factory makes the element from its sequence number (not called when this node sees no majority:
     *     the future has then failed already)
     * @return completes when the command holding it is committed; fails as the class says
     * @throws IllegalStateException if this batcher is closed
     */
    public CompletableFuture<Void> append(LongFunction<T> factory) {
        Objects.requireNonNull(factory, "factory");
        List<String> visible = raft.visibleVoters();
        if (visible.size() < config.raftMajority()) {
            return CompletableFuture.failedFuture(noMajority(visible));
        }
        CompletableFuture<Void> committed = new CompletableFuture<>();
        boolean start;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(subject + " on node '" + config.nodeName() + "' is closed");
            }
            T element = Objects.requireNonNull(factory.apply(++sequence), "element");
            queue.add(new Queued<>(element, size.applyAsInt(element), committed));
            start = !sending;
            sending = true;
        } finally {
            lock.unlock();
        }
        if (start) {
            Thread.ofVirtual().name("beam-raft-batcher-" + config.nodeName()).start(this::drain);
        }
        return committed;
    }

    /** @return how many elements wait (in flight included) */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Fails what waits with an {@link IllegalStateException}, and refuses new elements. Idempotent. */
    @Override
    public void close() {
        List<Queued<T>> dropped;
        lock.lock();
        try {
            closed = true;
            dropped = List.copyOf(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        IllegalStateException e = new IllegalStateException(subject + " on node '" + config.nodeName()
                + "' was closed before the append committed");
        dropped.forEach(q -> q.committed().completeExceptionally(e));
    }

    private void drain() {
        while (true) {
            List<Queued<T>> batch = new ArrayList<>();
            lock.lock();
            try {
                int bytes = 0;
                for (Queued<T> q : queue) {
                    if (!batch.isEmpty() && bytes + q.bytes() > maxBatchBytes) {
                        break;
                    }
                    batch.add(q);
                    bytes += q.bytes();
                }
                if (batch.isEmpty()) {
                    sending = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                propose(encoder.apply(batch.stream().map(Queued::element).toList()));
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            lock.lock();
            try {
                for (int i = 0; i < batch.size() && !queue.isEmpty(); i++) {
                    queue.poll(); // the batch is the queue's head (unless close emptied it)
                }
            } finally {
                lock.unlock();
            }
            for (Queued<T> q : batch) {
                if (failure == null) {
                    q.committed().complete(null);
                } else {
                    q.committed().completeExceptionally(failure);
                }
            }
        }
    }

    /** Proposes a command until it is committed; see the class's design. */
    private void propose(byte[] command) {
        long deadline = System.nanoTime() + config.raftTimeout().toNanos();
        CompletableFuture<byte[]> pending = null;
        Address sentTo = null;
        Throwable lastFailure = null;
        while (true) {
            if (closed) {
                throw new IllegalStateException(subject + " on node '" + config.nodeName() + "' was closed before "
                        + "the append committed");
            }
            Address leader = raft.leader();
            if (pending != null && leader != null && !leader.equals(sentTo)) {
                pending = null; // the old leader may never answer: propose again
            }
            if (pending == null && leader != null) {
                try {
                    pending = raft.setAsync(command, 0, command.length, null);
                    sentTo = leader;
                } catch (Exception e) {
                    lastFailure = e;
                }
            }
            if (pending == null) {
                LockSupport.parkNanos(SLICE_NANOS);
            } else {
                try {
                    pending.get(SLICE_NANOS, TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException e) {
                    // still waiting
                } catch (ExecutionException e) {
                    lastFailure = e.getCause();
                    refusal(lastFailure);
                    pending = null;
                    LockSupport.parkNanos(SLICE_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BeamException(subject + " on node '" + config.nodeName() + "': interrupted while "
                            + "waiting for the majority", e);
                }
            }
            List<String> visible = raft.visibleVoters();
            if (visible.size() < config.raftMajority()) {
                throw noMajority(visible);
            }
            if (System.nanoTime() - deadline > 0) {
                String why = raft.leader() == null ? "no leader was elected" : "the leader did not commit it";
                throw new NoQuorumException("append to " + subject + " on node '" + config.nodeName() + "' failed: "
                        + why + " within the raftTimeout of " + config.raftTimeout().toMillis() + " ms although this "
                        + "node sees " + visible.size() + " of the voters " + config.raftMembers() + " " + visible
                        + " (" + config.raftMajority() + " needed); the majority may be overloaded or partitioned"
                        + (lastFailure == null ? "" : " (last failure: " + lastFailure + ")"),
                        config.nodeName(), visible, config.raftMajority());
            }
        }
    }

    /** Throws if the failure says the state machine refused the command (retrying would not help). */
    private void refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                throw new IllegalArgumentException(subject + " on node '" + config.nodeName() + "': the state "
                        + "machine refused the command: " + t.getMessage(), failure);
            }
        }
    }

    private NoQuorumException noMajority(List<String> visible) {
        return new NoQuorumException("append to " + subject + " on node '" + config.nodeName() + "' failed: this "
                + "node sees " + visible.size() + " of the " + config.raftMembers().size() + " Raft voters "
                + config.raftMembers() + " (" + visible + "), and " + config.raftMajority() + " are needed; this "
                + "node is on a minority side, or the other voters are down", config.nodeName(), visible,
                config.raftMajority());
    }

    @Override
    public String toString() {
        return "RaftBatcher[" + subject + ", node " + config.nodeName() + ", queued " + queued() + "]";
    }
}
