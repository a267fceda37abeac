package io.foundation.beam.internal;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.SendResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock-free multi-producer single-consumer linked queue (Vyukov's intrusive MPSC design), used for unbounded
 * mailboxes and for bounded ones with the REJECT, DROP_NEWEST and BLOCK_SENDER policies.
 *
 * <p><b>Model.</b> A singly linked list from {@code head} (a consumed "stub" node, consumer-owned) to {@code tail}.
 * A producer swaps itself in as {@code tail} (one atomic exchange, so producers never retry) and then links the
 * previous tail to its node. The consumer follows {@code head.next}. Between the exchange and the link the node is
 * "in flight": the queue is not empty ({@code tail != head}) but {@code head.next} is still null, and the consumer
 * spins briefly until the link appears.
 *
 * <p><b>Layout.</b> The consumer's fields ({@code head}, {@code dequeued}) and the producers' ({@code tail},
 * {@code enqueued}) sit on different cache lines (padding superclasses), so a send does not invalidate the line the
 * consumer is writing, and vice versa.
 *
 * <p><b>Counting.</b> Bounded mailboxes only: {@code enqueued} (producers, atomic) and {@code dequeued} (consumer
 * only) give the size, and a sender reserves a slot by CAS on {@code enqueued} before it links, so the size never
 * exceeds the capacity. An unbounded mailbox keeps no counter (a send is one exchange and one store) and
 * {@link #size()} walks the list. BLOCK_SENDER senders that find no slot wait on a condition; the consumer signals it after a poll only
 * when {@code blockedSenders > 0} (a Dekker pair of volatile accesses, so no wake-up is lost).
 *
 * <p><b>Invariants.</b> {@code 0 <= enqueued - dequeued <= capacity}; messages from one producer keep their order
 * (a producer's exchanges are ordered); {@link #isEmpty()} reads {@code tail}, written by a sequentially consistent
 * exchange, which is what the scheduler's lost-wake-up check needs.
 */
final class LinkedMailbox extends LinkedMailboxProducerFields {

    private static final VarHandle TAIL;
    private static final VarHandle ENQUEUED;
    private static final VarHandle DEQUEUED;
    private static final VarHandle NEXT;
    private static final VarHandle DELIVERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(LinkedMailboxProducerFields.class, "tail", MailboxNode.class);
            ENQUEUED = lookup.findVarHandle(LinkedMailboxProducerFields.class, "enqueued", long.class);
            DEQUEUED = lookup.findVarHandle(LinkedMailboxConsumerFields.class, "dequeued", long.class);
            NEXT = lookup.findVarHandle(MailboxNode.class, "next", MailboxNode.class);
            DELIVERED = lookup.findVarHandle(LinkedMailboxConsumerFields.class, "delivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final OverflowPolicy policy;
    private final long sendTimeoutNanos;

    /** BLOCK_SENDER only: guards the wait for room. */
    private final ReentrantLock spaceLock;
    private final Condition notFull;
    private volatile int blockedSenders;

    LinkedMailbox(MailboxSpec spec) {
        MailboxNode stub = new MailboxNode(null);
        this.head = stub;
        TAIL.setRelease(this, stub);
        this.capacity = spec.capacity();
        this.policy = spec.overflowPolicy();
        this.sendTimeoutNanos = spec.sendTimeout().toNanos();
        if (spec.isBounded() && policy == OverflowPolicy.BLOCK_SENDER) {
            spaceLock = new ReentrantLock();
            notFull = spaceLock.newCondition();
        } else {
            spaceLock = null;
            notFull = null;
        }
    }

    @Override
    SendResult offer(Object message, ProcessCell receiver) {
        if (capacity != MailboxSpec.UNBOUNDED && !tryReserve()) {
            switch (policy) {
                case DROP_NEWEST:
                    return SendResult.DROPPED_NEWEST;
                case BLOCK_SENDER:
                    if (receiver.isOwnedByCurrentThread() || !awaitRoom()) {
                        return SendResult.MAILBOX_FULL;
                    }
                    break;
                default:
                    return SendResult.MAILBOX_FULL;
            }
        }
        MailboxNode node = new MailboxNode(message);
        MailboxNode prev = (MailboxNode) TAIL.getAndSet(this, node);
        // Release suffices: the consumer's lost-wake-up check reads the tail (written by the exchange above, which is
        // sequentially consistent); a consumer that sees the new tail before this link spins briefly in poll().
        NEXT.setRelease(prev, node);
        return SendResult.ACCEPTED;
    }

    private boolean tryReserve() {
        for (;;) {
            long e = (long) ENQUEUED.getVolatile(this);
            long d = (long) DEQUEUED.getVolatile(this);
            if (e - d >= capacity) {
                return false;
            }
            if (ENQUEUED.compareAndSet(this, e, e + 1)) {
                return true;
            }
        }
    }

    /** Waits for a slot up to the send timeout; true if one was reserved. */
    private boolean awaitRoom() {
        long nanos = sendTimeoutNanos;
        spaceLock.lock();
        try {
            blockedSenders++;
            try {
                while (!tryReserve()) {
                    if (nanos <= 0L) {
                        return false;
                    }
                    try {
                        nanos = notFull.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            } finally {
                blockedSenders--;
            }
        } finally {
            spaceLock.unlock();
        }
    }

    @Override
    Object poll() {
        MailboxNode h = head;
        MailboxNode next = h.next;
        if (next == null) {
            if (TAIL.getVolatile(this) == h) {
                return null;
            }
            // A producer swapped the tail but has not linked yet: it will within a few instructions.
            while ((next = h.next) == null) {
                Thread.onSpinWait();
            }
        }
        head = next;
        Object value = next.value;
        next.value = null;
        // Unlink the consumed stub: if it was promoted to the old generation, a link to its successor would keep
        // every later node alive through young collections ("GC nepotism"), and a backlog would be copied and
        // promoted wholesale. No producer writes h.next again (it was written once, by the producer that displaced h).
        NEXT.setOpaque(h, null);
        if (capacity != MailboxSpec.UNBOUNDED) {
            DEQUEUED.setRelease(this, (long) DEQUEUED.getOpaque(this) + 1L);
        }
        if (spaceLock != null) {
            VarHandle.fullFence();
            if (blockedSenders > 0) {
                signalRoom();
            }
        }
        return value;
    }

    private void signalRoom() {
        spaceLock.lock();
        try {
            notFull.signalAll();
        } finally {
            spaceLock.unlock();
        }
    }

    @Override
    boolean isEmpty() {
        return TAIL.getVolatile(this) == head;
    }

    @Override
    int size() {
        if (capacity != MailboxSpec.UNBOUNDED) {
            long size = (long) ENQUEUED.getVolatile(this) - (long) DEQUEUED.getVolatile(this);
            return (int) Math.max(0L, Math.min(Integer.MAX_VALUE, size));
        }
        // Unbounded mailboxes keep no shared counter (it would cost every send an atomic add on a line the
        // consumer also writes): count by walking from the consumer's position. Introspection only; the figure can
        // be off by the messages consumed during the walk.
        int n = 0;
        // A stale head may already be unlinked (next == null): the count is then low, never wrong in kind.
        for (MailboxNode x = head.next; x != null && n < Integer.MAX_VALUE; x = x.next) {
            n++;
        }
        return n;
    }

    @Override
    int discardAll() {
        int n = 0;
        while (poll() != null) {
            n++;
        }
        return n;
    }

    @Override
    void delivered() {
        DELIVERED.setOpaque(this, (long) DELIVERED.getOpaque(this) + 1L);
    }

    @Override
    long deliveredCount() {
        return (long) DELIVERED.getOpaque(this);
    }

    @Override
    OverflowPolicy policy() {
        return policy;
    }

    @Override
    int capacity() {
        return capacity;
    }

    @Override
    long footprintBytes() {
        // LinkedMailbox object (header 12, 3 refs, 2 longs, int, long, ref fields, padding) + stub node
        return Footprint.LINKED_MAILBOX + Footprint.QUEUE_NODE + (spaceLock != null ? Footprint.LOCK_AND_CONDITION : 0);
    }

    @Override
    long bytesPerMessage() {
        return Footprint.QUEUE_NODE;
    }
}
