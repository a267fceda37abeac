package io.foundation.beam.internal;

/** The consumer's fields of {@link ChunkedMailbox}. */
abstract sealed class ChunkedMailboxConsumerFields extends ChunkedMailboxPad0 permits ChunkedMailboxPad1 {
    /** Consumer-owned: the chunk holding {@code consumerIndex} (or ending just before it). */
    MailboxChunk consumerChunk;
    /** Index of the next message to take; written by the consumer only (release), read by bounded senders. */
    volatile long consumerIndex;
    /** Messages handed to the process's code (consumer writes, opaque). */
    long delivered;
}
