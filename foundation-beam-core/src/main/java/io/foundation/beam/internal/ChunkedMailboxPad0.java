package io.foundation.beam.internal;

/** Padding before the consumer's fields, so they do not share a cache line with whatever precedes the mailbox. */
abstract sealed class ChunkedMailboxPad0 extends Mailbox permits ChunkedMailboxConsumerFields {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}
