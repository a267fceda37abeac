package io.foundation.beam.internal.mailbox;

/** Padding between the consumer's and the producers' fields. */
abstract sealed class ChunkedMailboxPad1 extends ChunkedMailboxConsumerFields permits ChunkedMailboxProducerFields {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}
