package io.foundation.beam.internal.observe;

import java.util.Arrays;

/**
 * A map from positive {@code long} keys to {@code long} values, open addressing with linear probing in one array of
 * (key, value, hash) triples: no boxing, no entry objects, a key next to its value, and {@link #clear}
 * keeps the array, so a map reused from pass to pass allocates only when it must grow.
 *
 * <p><b>The caller's hash.</b> Each call takes the key's hash from the caller, who knows where the key comes from. The
 * sampler passes the process's {@code hashCode}, by which the kernel's process table (a concurrent hash table) is
 * ordered, and the slot is that hash spread as that table spreads it: a pass over the table then walks this map
 * nearly in array order instead of at random, which at 100 000 processes saves cache misses per process. Only the
 * speed depends on it; any hash gives the same answers, provided one key always comes with the same hash (it is
 * kept with the key, for growing the array).
 *
 * <p>Invariants: the capacity (pairs) is a power of two, at least twice the size (a probe always ends on an empty
 * slot); key 0 marks an empty slot, which is why keys must be positive (process ids are: the kernel numbers them from
 * 1). There is no removal: a pass fills a cleared map.
 *
 * <p>Not thread-safe: its owner confines it (the sampler's lock).
 */
final class LongLongMap {

    private static final int MIN_CAPACITY = 16;

    private static final int STRIDE = 3;

    /** Key at {@code STRIDE * slot}, value at {@code + 1}, the caller's hash at {@code + 2}. */
    private long[] pairs;
    private int size;

    LongLongMap() {
        pairs = new long[STRIDE * MIN_CAPACITY];
    }

    /** @return the number of keys */
    int size() {
        return size;
    }

    /** @return how many keys the array has room for (for tests of the growth and shrink policy) */
    int capacity() {
        return pairs.length / STRIDE;
    }

    /**
     * @param key a positive key
     * @param hash the key's hash, the same at every call for that key
     * @param absent what to return when the key is absent
     * @return its value, or {@code absent}
     */
    long get(long key, int hash, long absent) {
        long[] p = pairs;
        int mask = p.length / STRIDE - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            long at = p[STRIDE * i];
            if (at == key) {
                return p[STRIDE * i + 1];
            }
            if (at == 0) {
                return absent;
            }
        }
    }

    /**
     * Sets the value of a key, adding it if absent.
     *
     * @param key a positive key
     * @param hash the key's hash, the same at every call for that key
     * @param value its value
     * @throws IllegalArgumentException if {@code key} is not positive
     */
    void put(long key, int hash, long value) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys must be positive, was " + key);
        }
        if (2 * (size + 1) > capacity()) {
            rehash(capacity() * 2);
        }
        long[] p = pairs;
        int mask = p.length / STRIDE - 1;
        int i = slot(hash, mask);
        while (p[STRIDE * i] != 0 && p[STRIDE * i] != key) {
            i = (i + 1) & mask;
        }
        if (p[STRIDE * i] == 0) {
            p[STRIDE * i] = key;
            p[STRIDE * i + 2] = hash;
            size++;
        }
        p[STRIDE * i + 1] = value;
    }

    /**
     * Empties the map for a pass that will put about {@code expected} keys: keeps its array, unless it is more than
     * eight times what that needs (a runtime that shrank), in which case it takes a smaller one.
     *
     * @param expected the keys the next pass will probably put
     */
    void clear(int expected) {
        int needed = capacityFor(expected);
        if (capacity() > 8L * needed) {
            pairs = new long[STRIDE * needed];
        } else {
            Arrays.fill(pairs, 0L);
        }
        size = 0;
    }

    /** Moves every triple to a larger array, at the slot of its kept hash. */
    private void rehash(int capacity) {
        long[] old = pairs;
        long[] p = new long[STRIDE * capacity];
        int mask = capacity - 1;
        for (int j = 0; j < old.length; j += STRIDE) {
            long key = old[j];
            if (key != 0) {
                int i = slot((int) old[j + 2], mask);
                while (p[STRIDE * i] != 0) {
                    i = (i + 1) & mask;
                }
                p[STRIDE * i] = key;
                p[STRIDE * i + 1] = old[j + 1];
                p[STRIDE * i + 2] = old[j + 2];
            }
        }
        pairs = p;
    }

    /** @return the smallest power of two capacity that holds {@code n} keys at most half full */
    private static int capacityFor(int n) {
        long wanted = Math.max(MIN_CAPACITY, 2L * n);
        return (int) Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    /** As {@code ConcurrentHashMap} spreads a hash over its table (the high half folded into the low). */
    private static int slot(int hash, int mask) {
        return (hash ^ (hash >>> 16)) & mask;
    }
}
