package io.foundation.beam.internal.mailbox;

/**
 * One segment of a {@link ChunkedMailbox}: the slots for message indices {@code base .. base + slots.length - 1}.
 * Each slot is written once by the sender that claimed its index and cleared once by the consumer.
 */
final class MailboxChunk {

    /** Slots of the mailbox's first chunk, which holds no message: the first sender allocates a real one. */
    static final Object[] NO_SLOTS = new Object[0];

    /** Index of the first slot. */
    final long base;
    final Object[] slots;
    /** The previous chunk, for a sender whose index lies behind the newest chunk; cleared by the consumer. */
    volatile MailboxChunk prev;
    /** The next chunk; written once by its allocator, read and cleared by the consumer only. */
    volatile MailboxChunk next;

    MailboxChunk(long base, Object[] slots, MailboxChunk prev) {
        this.base = base;
        this.slots = slots;
        this.prev = prev;
    }

    long end() {
        return base + slots.length;
    }
}
