package io.foundation.beam.internal.mailbox;

import java.util.concurrent.locks.ReentrantLock;

/** The consumer's fields of {@link ChunkedMailbox}. */
abstract sealed class ChunkedMailboxConsumerFields extends ChunkedMailboxPad0 permits ChunkedMailboxPad1 {
    /** Consumer-owned: the chunk holding {@code consumerIndex} (or ending just before it). */
    MailboxChunk consumerChunk;
    /** Index of the next message to take; written by the consumer only (release), read by bounded senders. */
    volatile long consumerIndex;
    /** Messages handed to the process's code (consumer writes, opaque). */
    long delivered;
    /**
     * The consumer's copy of {@code ChunkedMailbox.spaceLock}: non-null when senders may wait for room (bounded,
     * BLOCK_SENDER), and the consumer then checks for them after each poll. A copy because the consumer reads it on
     * every poll and the original sits on the senders' cache line, which every send writes. (A reference, not a
     * boolean, so that this group adds up to 24 bytes without a gap for another class's field to fill.)
     */
    ReentrantLock consumerSpaceLock;
}
