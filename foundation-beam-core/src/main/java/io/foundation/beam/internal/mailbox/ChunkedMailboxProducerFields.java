package io.foundation.beam.internal.mailbox;

/** The producers' fields of {@link ChunkedMailbox}. */
abstract sealed class ChunkedMailboxProducerFields extends ChunkedMailboxPad1 permits ChunkedMailbox {
    /** Index the next sender claims (atomic add or, when bounded, compare-and-set). */
    volatile long producerIndex;
    /** The newest chunk; only ever moves forward. */
    volatile MailboxChunk producerChunk;
}
