package io.foundation.beam.internal.mailbox;

/**
 * Shallow sizes, in bytes, of the mailbox structures on a 64-bit HotSpot JVM with compressed references and
 * compressed class pointers (the default below 32 GB of heap). Measured with JOL and checked by
 * {@code MailboxFootprintTest}; with the process's own sizes ({@code internal.process.Footprint}) they make up the
 * documented "memory figure" of {@link io.foundation.beam.process.ProcessInfo}.
 */
final class MailboxFootprint {
    /**
     * {@link ChunkedMailbox}, including the two 64-byte paddings that keep senders and the receiver off each other's
     * cache lines.
     */
    static final long CHUNKED_MAILBOX = 208;
    /** {@link RingMailbox}, its empty deque and its displacement listener, without its lock. */
    static final long RING_MAILBOX = 168;
    /** One {@link MailboxChunk} object, without its slot array. */
    static final long CHUNK = 32;
    /** One slot of a chunk: a compressed reference. */
    static final long SLOT = 4;
    /** A ReentrantLock with its sync. */
    static final long LOCK = 48;
    /** A ReentrantLock with its sync and a condition. */
    static final long LOCK_AND_CONDITION = 72;

    /**
     * @param slots the chunk's length
     * @return bytes of a chunk and its slot array (an array has a 16-byte header and is 8-byte aligned; the
     *     empty first chunk shares one empty array)
     */
    static long chunk(int slots) {
        return CHUNK + (slots == 0 ? 0 : (16L + SLOT * slots + 7L) & ~7L);
    }

    private MailboxFootprint() {
    }
}
