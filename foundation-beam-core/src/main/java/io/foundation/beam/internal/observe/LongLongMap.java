package io.foundation.beam.internal.observe;

import java.util.Arrays;

/**
 * A map from positive {@code long} keys to {@code long} values, open addressing with linear probing in two parallel
 * arrays: no boxing, no entry objects, and {@link #clear} keeps the arrays, so a map reused from pass to pass
 * allocates only when it must grow.
 *
 * <p>Invariants: the capacity is a power of two, at least twice the size (a probe always ends on an empty slot);
 * key 0 marks an empty slot, which is why keys must be positive (process ids are: the kernel numbers them from 1).
 * There is no removal: a pass fills a cleared map.
 *
 * <p>Not thread-safe: its owner confines it (the sampler's lock).
 */
final class LongLongMap {

    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private long[] values;
    private int size;

    LongLongMap() {
        keys = new long[MIN_CAPACITY];
        values = new long[MIN_CAPACITY];
    }

    /** @return the number of keys */
    int size() {
        return size;
    }

    /** @return the length of the arrays (for tests of the growth and shrink policy) */
    int capacity() {
        return keys.length;
    }

    /**
     * @param key a positive key
     * @param absent what to return when the key is absent
     * @return its value, or {@code absent}
     */
    long get(long key, long absent) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long at = k[i];
            if (at == key) {
                return values[i];
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
     * @param value its value
     * @throws IllegalArgumentException if {@code key} is not positive
     */
    void put(long key, long value) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys must be positive, was " + key);
        }
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2);
        }
        long[] k = keys;
        int mask = k.length - 1;
        int i = slot(key, mask);
        while (k[i] != 0 && k[i] != key) {
            i = (i + 1) & mask;
        }
        if (k[i] == 0) {
            k[i] = key;
            size++;
        }
        values[i] = value;
    }

    /**
     * Empties the map for a pass that will put about {@code expected} keys: keeps its arrays, unless they are more
     * than eight times what that needs (a runtime that shrank), in which case it takes smaller ones.
     *
     * @param expected the keys the next pass will probably put
     */
    void clear(int expected) {
        int needed = capacityFor(expected);
        if (keys.length > 8L * needed) {
            keys = new long[needed];
            values = new long[needed];
        } else {
            Arrays.fill(keys, 0L);
        }
        size = 0;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[capacity];
        values = new long[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key != 0) {
                int i = slot(key, mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                values[i] = oldValues[j];
            }
        }
    }

    /** @return the smallest power of two capacity that holds {@code n} keys at most half full */
    private static int capacityFor(int n) {
        long wanted = Math.max(MIN_CAPACITY, 2L * n);
        return (int) Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Process ids are consecutive; the mix spreads them so that runs of ids do not cluster into long probes. */
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
