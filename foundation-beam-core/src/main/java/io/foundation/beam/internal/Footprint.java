package io.foundation.beam.internal;

/**
 * Shallow sizes, in bytes, of the runtime's per-process structures on a 64-bit HotSpot JVM with compressed
 * references and compressed class pointers (the default below 32 GB of heap). They were measured with JOL
 * ({@code GraphLayout.parseInstance(...)}) and are checked by {@code FootprintTest}; they feed the documented
 * "memory figure" of {@link io.foundation.beam.process.ProcessInfo}.
 */
final class Footprint {
    /** {@link ProcessCell} (a process that was never sent a message has no mailbox yet: this is all it costs). */
    static final long CELL = 176;
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
     * One entry of a concurrent set (link or monitor): a 32-byte node plus its share of the table; an upper-bound
     * estimate (the table doubles in steps), checked against JOL for 1 to 1000 entries.
     */
    static final long SET_ENTRY = 48;
    /** An empty concurrent set (its table is allocated with the first entry). */
    static final long SET = 104;
    /** One slot of an ArrayDeque of saved messages. */
    static final long SAVED_SLOT = 4;

    /**
     * @param slots the chunk's length
     * @return bytes of a chunk and its slot array (an array has a 16-byte header and is 8-byte aligned; the
     *     empty first chunk shares one empty array)
     */
    static long chunk(int slots) {
        return CHUNK + (slots == 0 ? 0 : (16L + SLOT * slots + 7L) & ~7L);
    }

    private Footprint() {
    }
}
