package io.foundation.beam.internal;

/**
 * Shallow sizes, in bytes, of the runtime's per-process structures on a 64-bit HotSpot JVM with compressed
 * references and compressed class pointers (the default below 32 GB of heap). They were measured with JOL
 * ({@code GraphLayout.parseInstance(...)}) and are checked by {@code FootprintTest}; they feed the documented
 * "memory figure" of {@link io.foundation.beam.process.ProcessInfo}.
 */
final class Footprint {
    /** {@link ProcessCell}. */
    static final long CELL = 80;
    /** {@link LinkedMailbox}. */
    static final long LINKED_MAILBOX = 48;
    /** {@link RingMailbox} and its empty deque. */
    static final long RING_MAILBOX = 72;
    /** One {@link LinkedMailbox.Node}. */
    static final long QUEUE_NODE = 24;
    /** A ReentrantLock with its sync and a condition. */
    static final long LOCK_AND_CONDITION = 64;
    /** One entry of a concurrent set (link or monitor). */
    static final long SET_ENTRY = 40;
    /** An empty concurrent set. */
    static final long SET = 120;
    /** One slot of an ArrayDeque of saved messages. */
    static final long SAVED_SLOT = 4;

    private Footprint() {
    }
}
