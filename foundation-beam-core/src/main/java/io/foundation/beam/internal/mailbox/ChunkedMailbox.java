package io.foundation.beam.internal.mailbox;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.SendResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock-free multi-producer single-consumer queue made of array chunks, used for unbounded mailboxes and for
 * bounded ones with the REJECT, DROP_NEWEST and BLOCK_SENDER policies.
 *
 * <p><b>Model.</b> Every message gets an index: a sender claims the next one from {@code producerIndex} (an atomic
 * add; when bounded, a compare-and-set that also checks the room left) and then stores the message in the slot of
 * the chunk that covers the index. Chunks form a list; the sender that claims the first index past the newest
 * chunk appends the next one (the others that need it wait a moment for it). The consumer takes slots in index
 * order, clears each, and moves to the next chunk at the end of one. A slot whose index is claimed but still empty
 * is "in flight": its sender is between the claim and the store. {@link #poll()} reports it as nothing to take
 * (it never reads the senders' index, which they write on every send); {@link #isEmpty()} counts it, so the
 * scheduler does not let the process go idle while a message is being stored.
 *
 * <p><b>Why chunks.</b> A linked list costs a node per message, and a backlog of millions of nodes is one long chain
 * that the garbage collector can only trace one node after the other: with a growing backlog the senders spent most
 * of their time in young collections. Here a message costs one 4-byte slot, and a backlog is a short chain of
 * arrays that the collector scans in parallel.
 *
 * <p><b>Chunk sizes.</b> The first chunk has no slots (an idle process that was never sent anything pays 32 bytes).
 * Each new chunk is sized to the backlog at the time it is appended, between {@value #MIN_CHUNK} and
 * {@value #MAX_CHUNK} slots, so a process that keeps up with its senders holds small chunks. When the process
 * hibernates, {@link #trim()} gives an empty unbounded mailbox a slot-less chunk again.
 *
 * <p><b>Finding a chunk.</b> A sender reads {@code producerChunk} after claiming its index. If the index is past that
 * chunk, the chunk holding it is being appended: it waits and reads again. If the index lies before it (the sender
 * was slow), it walks back through {@code prev} links. The consumer clears the {@code prev} link of a chunk when it
 * enters it and the {@code next} link of the chunk it leaves, so consumed chunks are garbage at once and a chunk
 * that was promoted to the old generation cannot keep later ones alive ("GC nepotism"). Clearing {@code prev} is
 * safe: the consumer enters a chunk only when every index before it was stored, so no sender still needs them.
 *
 * <p><b>Layout.</b> The consumer's fields and the producers' sit on different cache lines (padding superclasses).
 * This class's own fields (capacity, policy, the BLOCK_SENDER lock) follow the producers' fields, on the line every
 * send writes: the consumer's per-message path reads none of them (it keeps its own copy of the lock). The padding
 * leaves no gap, because HotSpot fills a superclass's gaps with a subclass's fields: it did, and the senders'
 * {@code producerChunk} sat next to the consumer's index. Sharing a line between the two sides made it travel between
 * the sender's and the receiver's cores on every message whenever they ran at once (1->1 rounds at 5 M messages/s
 * instead of 50 M on a 2-core machine). {@code CacheLinePaddingTest} checks the layout on the running JVM.
 *
 * <p><b>Invariants.</b> {@code consumerIndex <= producerIndex}; bounded: {@code producerIndex - consumerIndex <=
 * capacity}; {@code producerChunk} only moves forward (its appender publishes it before linking it, and the next
 * appender can only find it after that); one sender's messages keep their order (its claims are ordered);
 * {@link #isEmpty()} compares against {@code producerIndex}, written by a sequentially consistent read-modify-write,
 * which is what the scheduler's lost-wake-up check needs. BLOCK_SENDER senders that find no room wait on a
 * condition; the consumer signals it after a poll only when {@code blockedSenders > 0} (a Dekker pair of volatile
 * accesses, so no wake-up is lost).
 */
final class ChunkedMailbox extends ChunkedMailboxProducerFields {

    /** Smallest chunk appended (slots). */
    static final int MIN_CHUNK = 16;
    /** Largest chunk appended (slots): 4 KB of references, well below the collector's humongous-object size. */
    static final int MAX_CHUNK = 1024;
    /** {@link #awaitRoom}: the receiver ended while the sender waited. */
    private static final long RECEIVER_ENDED = -2L;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle DELIVERED;
    private static final VarHandle PREV;
    private static final VarHandle NEXT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(ChunkedMailboxProducerFields.class, "producerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(ChunkedMailboxProducerFields.class, "producerChunk",
                    MailboxChunk.class);
            CONSUMER_INDEX = lookup.findVarHandle(ChunkedMailboxConsumerFields.class, "consumerIndex", long.class);
            DELIVERED = lookup.findVarHandle(ChunkedMailboxConsumerFields.class, "delivered", long.class);
            PREV = lookup.findVarHandle(MailboxChunk.class, "prev", MailboxChunk.class);
            NEXT = lookup.findVarHandle(MailboxChunk.class, "next", MailboxChunk.class);
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

    ChunkedMailbox(MailboxSpec spec) {
        MailboxChunk first = new MailboxChunk(0L, MailboxChunk.NO_SLOTS, null);
        this.consumerChunk = first;
        this.capacity = spec.capacity();
        this.policy = spec.overflowPolicy();
        this.sendTimeoutNanos = spec.sendTimeout().toNanos();
        if (spec.isBounded() && policy == OverflowPolicy.BLOCK_SENDER) {
            spaceLock = new ReentrantLock();
            notFull = spaceLock.newCondition();
            consumerSpaceLock = spaceLock;
        } else {
            spaceLock = null;
            notFull = null;
        }
        PRODUCER_CHUNK.setRelease(this, first);
    }

    // ------------------------------------------------------------------ senders

    @Override
    public SendResult offer(Object message, MailboxOwner receiver) {
        long index;
        if (capacity == MailboxSpec.UNBOUNDED) {
            index = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        } else if ((index = tryClaim()) < 0L) {
            switch (policy) {
                case DROP_NEWEST:
                    return SendResult.DROPPED_NEWEST;
                case BLOCK_SENDER:
                    if (receiver.isOwnedByCurrentThread()) {
                        return SendResult.MAILBOX_FULL;
                    }
                    if ((index = awaitRoom(receiver)) < 0L) {
                        return index == RECEIVER_ENDED ? SendResult.NO_SUCH_PROCESS : SendResult.MAILBOX_FULL;
                    }
                    break;
                default:
                    return SendResult.MAILBOX_FULL;
            }
        }
        store(index, message);
        return SendResult.ACCEPTED;
    }

    /** Bounded: claims an index if there is room; -1 if full. */
    private long tryClaim() {
        for (;;) {
            long p = (long) PRODUCER_INDEX.getVolatile(this);
            if (p - (long) CONSUMER_INDEX.getAcquire(this) >= capacity) {
                return -1L;
            }
            if (PRODUCER_INDEX.compareAndSet(this, p, p + 1L)) {
                return p;
            }
        }
    }

    /**
     * Waits for room up to the send timeout; the claimed index, -1 (timed out or interrupted), or
     * {@link #RECEIVER_ENDED}. After each wake-up the receiver's end is checked before claiming: the consumer of a
     * dead process discards its mailbox, and the room that makes must not take the sender's message (it would be
     * discarded while the sender is told it was accepted). No wake-up is lost: the receiver ends before its consumer
     * discards; the discard polls at least one message (the mailbox was full), and each poll signals
     * {@code notFull} when {@code blockedSenders > 0}, which this sender incremented before its failed claim.
     */
    private long awaitRoom(MailboxOwner receiver) {
        long nanos = sendTimeoutNanos;
        spaceLock.lock();
        try {
            blockedSenders++;
            try {
                long index = tryClaim();
                while (index < 0L) {
                    if (nanos <= 0L) {
                        return -1L;
                    }
                    try {
                        nanos = notFull.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1L;
                    }
                    if (receiver.hasEnded()) {
                        return RECEIVER_ENDED;
                    }
                    index = tryClaim();
                }
                return index;
            } finally {
                blockedSenders--;
            }
        } finally {
            spaceLock.unlock();
        }
    }

    /** Stores a message in the slot of its claimed index, appending a chunk if the index starts a new one. */
    private void store(long index, Object message) {
        MailboxChunk c = (MailboxChunk) PRODUCER_CHUNK.getAcquire(this);
        for (;;) {
            long base = c.base;
            if (index < base) {
                // Claimed before the newer chunk was appended: the consumer cannot have entered c yet (our slot is
                // still empty), so c.prev is still linked.
                c = (MailboxChunk) PREV.getAcquire(c);
                continue;
            }
            long end = base + c.slots.length;
            if (index < end) {
                SLOT.setRelease(c.slots, (int) (index - base), message);
                return;
            }
            if (index == end) {
                // This sender claimed the first index past c, and c is the newest chunk (no one else could have
                // appended one starting at our index): append.
                c = append(c, index);
                continue;
            }
            // The chunk for our index is being appended by the sender that claimed its first index.
            Thread.onSpinWait();
            c = (MailboxChunk) PRODUCER_CHUNK.getAcquire(this);
        }
    }

    private MailboxChunk append(MailboxChunk last, long base) {
        long backlog = base - (long) CONSUMER_INDEX.getOpaque(this);
        int length = backlog >= MAX_CHUNK ? MAX_CHUNK
                : Math.max(MIN_CHUNK, Integer.highestOneBit((int) Math.max(backlog, 1L)) << 1);
        MailboxChunk chunk = new MailboxChunk(base, new Object[length], last);
        // Publish before linking: the next appender finds this chunk only through one of the two, so producerChunk
        // never moves backwards.
        PRODUCER_CHUNK.setRelease(this, chunk);
        NEXT.setRelease(last, chunk);
        return chunk;
    }

    // ------------------------------------------------------------------ consumer

    @Override
    public Object poll() {
        MailboxChunk c = consumerChunk;
        long index = consumerIndex;
        int offset = (int) (index - c.base);
        if (offset == c.slots.length) {
            MailboxChunk next = (MailboxChunk) NEXT.getAcquire(c);
            if (next == null) {
                return null; // empty, or the next chunk's appender is still allocating it
            }
            NEXT.setOpaque(c, null);
            PREV.setOpaque(next, null);
            consumerChunk = c = next;
            offset = 0;
        }
        Object message = SLOT.getAcquire(c.slots, offset);
        if (message == null) {
            // Empty, or claimed and not yet stored. Either way there is nothing to take now; telling them apart
            // would read the senders' index, a cache line they write on every send. Callers that must know (the
            // scheduler before it lets the process go idle, discardAll) use isEmpty().
            return null;
        }
        c.slots[offset] = null;
        CONSUMER_INDEX.setRelease(this, index + 1L);
        if (consumerSpaceLock != null) {
            VarHandle.fullFence();
            if (blockedSenders > 0) {
                signalRoom();
            }
        }
        return message;
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
    public boolean isEmpty() {
        return (long) PRODUCER_INDEX.getVolatile(this) == consumerIndex;
    }

    @Override
    public boolean hasReadyMessage() {
        MailboxChunk c = consumerChunk;
        int offset = (int) (consumerIndex - c.base);
        return offset == c.slots.length ? NEXT.getAcquire(c) != null : SLOT.getAcquire(c.slots, offset) != null;
    }

    @Override
    public boolean hasTwoReadyMessages() {
        MailboxChunk c = consumerChunk;
        int offset = (int) (consumerIndex - c.base) + 1;
        int length = c.slots.length;
        if (offset < length) {
            return SLOT.getAcquire(c.slots, offset) != null;
        }
        MailboxChunk next = (MailboxChunk) NEXT.getAcquire(c);
        if (next == null) {
            return false;
        }
        // The next message is the last of this chunk (offset == length) or the first of the next one.
        int inNext = offset - length;
        return inNext < next.slots.length && SLOT.getAcquire(next.slots, inNext) != null;
    }

    @Override
    public int size() {
        long consumed = (long) CONSUMER_INDEX.getVolatile(this);
        long size = (long) PRODUCER_INDEX.getVolatile(this) - consumed;
        return (int) Math.max(0L, Math.min(Integer.MAX_VALUE, size));
    }

    @Override
    public int discardAll() {
        int n = 0;
        while (!isEmpty()) {
            if (poll() != null) {
                n++;
            } else {
                Thread.onSpinWait(); // a claimed message is being stored
            }
        }
        return n;
    }

    /**
     * Unbounded and empty: drops the current chunk for one with no slots, as the mailbox had before its first
     * message (a burst leaves a chunk of up to {@value #MAX_CHUNK} slots behind). Senders may be claiming meanwhile,
     * so the consumer first claims, with one compare-and-set that succeeds only while the mailbox is empty, every
     * index left in the current chunk and the one just past it: no sender can then store into the chunk or append
     * after it. The new chunk starts after the claimed indices, and the consumer index moves there before the chunk
     * is published, so a sender that spins for it (its index is past the old chunk) and appends after it sizes its
     * chunk to the real backlog. Skipped indices cost nothing. Not for bounded mailboxes: for a moment the claimed
     * indices would count as queued and a sender could be refused room. {@link #size()} from another thread may
     * count them for that moment.
     */
    @Override
    public void trim() {
        MailboxChunk c = consumerChunk;
        if (capacity != MailboxSpec.UNBOUNDED || c.slots.length == 0) {
            return;
        }
        long index = consumerIndex;
        long skipTo = c.end() + 1L;
        if (!PRODUCER_INDEX.compareAndSet(this, index, skipTo)) {
            return; // not empty: a message is queued or being stored
        }
        // Nothing after c: appending after it takes a claim of c.end(), which is ours.
        MailboxChunk fresh = new MailboxChunk(skipTo, MailboxChunk.NO_SLOTS, null);
        consumerChunk = fresh;
        CONSUMER_INDEX.setRelease(this, skipTo);
        PRODUCER_CHUNK.setRelease(this, fresh);
    }

    @Override
    public void delivered() {
        DELIVERED.setOpaque(this, (long) DELIVERED.getOpaque(this) + 1L);
    }

    @Override
    public long deliveredCount() {
        return (long) DELIVERED.getOpaque(this);
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long footprintBytes() {
        // The mailbox, its current chunk (which an idle mailbox keeps) and the BLOCK_SENDER lock. Read racily: a
        // momentary figure for introspection.
        return MailboxFootprint.CHUNKED_MAILBOX + MailboxFootprint.chunk(consumerChunk.slots.length)
                + (spaceLock != null ? MailboxFootprint.LOCK_AND_CONDITION : 0);
    }

    @Override
    public long bytesPerMessage() {
        return MailboxFootprint.SLOT;
    }
}
