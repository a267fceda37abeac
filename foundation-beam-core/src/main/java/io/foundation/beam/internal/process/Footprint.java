package io.foundation.beam.internal.process;

/**
 * Shallow sizes, in bytes, of a process's own structures (the mailbox's are in {@code internal.mailbox.MailboxFootprint}) on a 64-bit HotSpot JVM with compressed
 * references and compressed class pointers (the default below 32 GB of heap). They were measured with JOL
 * ({@code GraphLayout.parseInstance(...)}) and are checked by {@code FootprintTest}; they feed the documented
 * "memory figure" of {@link io.foundation.beam.process.ProcessInfo}.
 */
final class Footprint {
    /** {@link ProcessCell} (a process that was never sent a message has no mailbox yet: this is all it costs). */
    static final long CELL = 160;
    /** {@link HibernationClock}, which only a process spawned with {@code hibernateAfter} has. */
    static final long HIBERNATION_CLOCK = 32;
    /** {@link DropCounts}, which a process has from its mailbox's first drop or refusal. */
    static final long DROP_COUNTS = 32;
    /**
     * One entry of a concurrent set (link or monitor): a 32-byte node plus its share of the table; an upper-bound
     * estimate (the table doubles in steps), checked against JOL for 1 to 1000 entries.
     */
    static final long SET_ENTRY = 48;
    /** An empty concurrent set (its table is allocated with the first entry). */
    static final long SET = 104;
    /** A {@link CompactSet} with no entry or one (a link, monitor or watcher set): the whole set. */
    static final long COMPACT_SET = 16;
    /** A {@link CompactSet} holding a concurrent set: itself and its holder, besides that set's {@link #SET}. */
    static final long COMPACT_SET_MANY = 32;
    /** One slot of an ArrayDeque of saved messages. */
    static final long SAVED_SLOT = 4;

    private Footprint() {
    }
}
