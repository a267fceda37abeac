package io.foundation.beam.internal.mailbox;

/**
 * Padding before the consumer's fields, so they do not share a cache line with whatever precedes the mailbox.
 *
 * <p>HotSpot fills gaps in a superclass's layout with a subclass's fields (since JDK 15), so padding only works
 * without gaps: {@code p0} fills the 4 bytes after the object header, which a 4-byte consumer field would
 * otherwise take, and the consumer's fields themselves add up to a multiple of 8 bytes (see
 * {@code CacheLinePaddingTest}).
 */
abstract sealed class ChunkedMailboxPad0 extends Mailbox permits ChunkedMailboxConsumerFields {
    int p0;
    long p00, p01, p02, p03, p04, p05, p06, p07;
}
