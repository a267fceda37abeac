package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The process table of one runtime: the live processes, for shutdown, introspection and counting. Nothing looks a
 * process up in it by id (a pid is the cell itself), so all it offers is add, remove, contains and iteration.
 *
 * <h2>Why not a concurrent hash set</h2>
 * A {@code ConcurrentHashMap.newKeySet()} costs a 32-byte node per entry plus 5 to 11 bytes of table: about 40 of
 * the 222 bytes an idle process cost in all when the table was one (measured by {@code W2IdleFootprint}). This table
 * stores the cell reference alone, in open-addressing arrays: 4 bytes per slot, 1.25 to 2.5 slots per entry (load
 * factor 0.8, capacities doubling), so 5 to 10 bytes per process.
 *
 * <h2>Model</h2>
 * {@value #STRIPES} stripes, each a {@link ReentrantLock} guarding one linear-probing array. A cell's stripe and
 * its first slot come from a mix of its id (ids are sequential, so the mix spreads them). Every change (add,
 * remove, and the growing or shrinking of an array) happens under its stripe's lock; so do the reads that must be
 * exact ({@link #contains}, and the copy of a stripe that {@link #forEach} visits). Spawn and death are the only
 * writers, and with {@value #STRIPES} stripes two of them rarely meet. No lock is held while anything else is
 * called.
 *
 * <h2>Invariants (per stripe, under its lock)</h2>
 * <ul>
 *   <li>Every cell in the array is reachable by probing forward from its home slot without meeting an empty slot
 *       (removal shifts the following run of entries back instead of leaving tombstones).</li>
 *   <li>{@code size} is the number of cells in the array and is below 0.8 of its length (so a probe always ends).</li>
 *   <li>A cell is in at most one slot: the kernel adds a cell once, at spawn, and removes it once, at death.</li>
 * </ul>
 * {@link #size()} and {@link #isEmpty()} read the stripes' sizes without their locks: each stripe's figure is
 * exact, their sum is as good as any count of a table that changes while it is read.
 */
final class ProcessTable {

    /** Number of stripes: a power of two, enough that concurrent spawns and deaths on a few cores rarely collide. */
    static final int STRIPES = 32;
    private static final int STRIPE_BITS = Integer.numberOfTrailingZeros(STRIPES);
    /** Initial (and smallest) length of a stripe's array: a power of two. */
    private static final int MIN_LENGTH = 4;
    /**
     * A stripe's array never shrinks below this length (a power of two; 256 bytes): a runtime that comes back to a
     * thousand processes again and again (ecosystems created and stopped) keeps its arrays instead of rehashing them
     * up and down every time, as the hash set it replaced kept its table. Larger arrays (after a million processes,
     * say) shrink when under a sixteenth full.
     */
    private static final int KEEP_LENGTH = 64;

    /** One stripe: its lock, its array and its count. */
    @SuppressWarnings("serial") // never serialised
    private static final class Stripe extends ReentrantLock {
        ProcessCell[] slots = new ProcessCell[MIN_LENGTH];
        /** Written under the lock; read without it by {@link #size()}. */
        volatile int size;
    }

    private static final VarHandle BUFFER;

    static {
        try {
            BUFFER = MethodHandles.lookup().findVarHandle(ProcessTable.class, "buffer", ProcessCell[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** {@link #forEach}'s buffer between calls (a concurrent call takes none and makes its own); holds no cell. */
    @SuppressWarnings("unused") // BUFFER
    private volatile ProcessCell[] buffer;

    ProcessTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** A 64-bit finaliser (SplitMix64's): every bit of the result depends on every bit of the id. */
    private static long mix(long id) {
        long z = id;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Stripe stripeOf(long mixed) {
        return stripes[(int) (mixed >>> (64 - STRIPE_BITS))];
    }

    /** The first slot to probe for a cell with this mixed id, in an array of this length (a power of two). */
    private static int home(long mixed, int length) {
        return (int) mixed & (length - 1);
    }

    /** Enters a cell that is not in the table. */
    void add(ProcessCell cell) {
        long mixed = mix(cell.id());
        Stripe stripe = stripeOf(mixed);
        stripe.lock();
        try {
            int size = stripe.size + 1;
            if (size * 5L > stripe.slots.length * 4L) {
                stripe.slots = rehash(stripe.slots, stripe.slots.length * 2);
            }
            insert(stripe.slots, cell, mixed);
            stripe.size = size;
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Takes a cell out.
     *
     * @return whether it was there
     */
    boolean remove(ProcessCell cell) {
        long mixed = mix(cell.id());
        Stripe stripe = stripeOf(mixed);
        stripe.lock();
        try {
            ProcessCell[] slots = stripe.slots;
            int mask = slots.length - 1;
            int i = indexOf(slots, cell, mixed);
            if (i < 0) {
                return false;
            }
            // Backward-shift deletion: move later entries of the run into the hole when their home allows it.
            slots[i] = null;
            int hole = i;
            int j = i;
            for (;;) {
                j = (j + 1) & mask;
                ProcessCell c = slots[j];
                if (c == null) {
                    break;
                }
                int k = home(mix(c.id()), slots.length);
                // c may move to the hole unless its home lies cyclically in (hole, j].
                boolean stays = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
                if (!stays) {
                    slots[hole] = c;
                    slots[j] = null;
                    hole = j;
                }
            }
            int size = stripe.size - 1;
            stripe.size = size;
            if (slots.length > KEEP_LENGTH && size * 16L < slots.length) {
                stripe.slots = rehash(slots, Math.max(KEEP_LENGTH, slots.length / 4));
            }
            return true;
        } finally {
            stripe.unlock();
        }
    }

    /** Whether the cell is in the table. */
    boolean contains(ProcessCell cell) {
        long mixed = mix(cell.id());
        Stripe stripe = stripeOf(mixed);
        stripe.lock();
        try {
            return indexOf(stripe.slots, cell, mixed) >= 0;
        } finally {
            stripe.unlock();
        }
    }

    /** The number of processes in the table. */
    int size() {
        int n = 0;
        for (Stripe stripe : stripes) {
            n += stripe.size;
        }
        return n;
    }

    boolean isEmpty() {
        for (Stripe stripe : stripes) {
            if (stripe.size != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The processes in the table, stripe by stripe (each stripe read under its lock): every process that is in the
     * table throughout the call is listed once; one added or removed meanwhile may or may not be.
     */
    List<ProcessCell> snapshot() {
        List<ProcessCell> all = new ArrayList<>(size() + 16);
        forEach(all::add);
        return all;
    }

    /**
     * Calls the visitor for every process in the table, with the same guarantee as {@link #snapshot}, without
     * allocating per process: each stripe is copied under its lock into a buffer kept for the next call, and
     * visited after the lock is released, so the visitor may do anything, including ending processes.
     */
    void forEach(Consumer<? super ProcessCell> visitor) {
        ProcessCell[] buffer = (ProcessCell[]) BUFFER.getAndSet(this, null);
        if (buffer == null) {
            buffer = new ProcessCell[MIN_LENGTH];
        }
        try {
            for (Stripe stripe : stripes) {
                int n = 0;
                stripe.lock();
                try {
                    if (buffer.length < stripe.size) {
                        buffer = new ProcessCell[stripe.slots.length];
                    }
                    for (ProcessCell c : stripe.slots) {
                        if (c != null) {
                            buffer[n++] = c;
                        }
                    }
                } finally {
                    stripe.unlock();
                }
                for (int i = 0; i < n; i++) {
                    ProcessCell c = buffer[i];
                    buffer[i] = null;
                    visitor.accept(c);
                }
            }
        } finally {
            BUFFER.setRelease(this, buffer);
        }
    }

    /** @return the slot holding {@code cell}, or -1; probes from its home to the first empty slot */
    private static int indexOf(ProcessCell[] slots, ProcessCell cell, long mixed) {
        int mask = slots.length - 1;
        for (int i = home(mixed, slots.length); ; i = (i + 1) & mask) {
            ProcessCell c = slots[i];
            if (c == null) {
                return -1;
            }
            if (c == cell) {
                return i;
            }
        }
    }

    private static void insert(ProcessCell[] slots, ProcessCell cell, long mixed) {
        int mask = slots.length - 1;
        int i = home(mixed, slots.length);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = cell;
    }

    private static ProcessCell[] rehash(ProcessCell[] old, int length) {
        ProcessCell[] slots = new ProcessCell[length];
        for (ProcessCell c : old) {
            if (c != null) {
                insert(slots, c, mix(c.id()));
            }
        }
        return slots;
    }

    /** Bytes of the table's arrays (for tests of its footprint). */
    long arrayBytes() {
        long bytes = 0;
        for (Stripe stripe : stripes) {
            stripe.lock();
            try {
                bytes += 16L + 4L * stripe.slots.length;
            } finally {
                stripe.unlock();
            }
        }
        return bytes;
    }
}
