package io.foundation.beam.internal.observe;

import io.foundation.beam.process.ProcessRef;
import java.util.Arrays;

/**
 * The best {@code limit} of a stream of processes by a {@code long} key, highest key first and, among equal keys,
 * lower process id first: a bounded min-heap (its root is the worst entry kept, the one a better newcomer replaces)
 * in parallel arrays, so that offering a process allocates nothing. Each entry also carries the process's message
 * count since the previous sample ({@code delta}), from which its rate is computed at the end.
 *
 * <p>Invariants: {@code size <= limit}; for each entry {@code i > 0}, its parent {@code (i - 1) / 2} is not better
 * than it. {@link #reset} keeps the arrays (growing them to the limit), and {@link #drainBestFirst} clears the
 * references, so that a reused heap keeps no ended process reachable.
 *
 * <p>Not thread-safe: its owner confines it (the sampler's lock).
 */
final class TopHeap {

    private int limit;
    private int size;
    private long[] keys = new long[0];
    private long[] ids = new long[0];
    private long[] deltas = new long[0];
    private ProcessRef[] refs = new ProcessRef[0];

    /**
     * Empties the heap for a pass that keeps at most {@code limit} entries.
     *
     * @param limit at least 1
     */
    void reset(int limit) {
        if (keys.length < limit) {
            keys = new long[limit];
            ids = new long[limit];
            deltas = new long[limit];
            refs = new ProcessRef[limit];
        }
        this.limit = limit;
        Arrays.fill(refs, 0, size, null);
        size = 0;
    }

    /** @return the entries kept */
    int size() {
        return size;
    }

    /**
     * Keeps the process if it is among the best {@code limit} offered so far.
     *
     * @param key what it is ranked by, higher is better
     * @param id its id, lower is better among equal keys
     * @param delta its messages since the previous sample
     * @param ref the process
     */
    void offer(long key, long id, long delta, ProcessRef ref) {
        if (size < limit) {
            int i = size++;
            set(i, key, id, delta, ref);
            siftUp(i);
        } else if (better(key, id, keys[0], ids[0])) {
            set(0, key, id, delta, ref);
            siftDown(0);
        }
    }

    /**
     * Empties the heap into {@code out}, best first.
     *
     * @param out receives {@code size()} entries
     */
    void drainBestFirst(Sink out) {
        int n = size;
        // Pop the worst to the end, repeatedly: a heap sort in place, worst at the root, so the arrays end best first.
        for (int end = n - 1; end > 0; end--) {
            swap(0, end);
            size = end;
            siftDown(0);
        }
        size = 0;
        for (int i = 0; i < n; i++) {
            out.accept(refs[i], ids[i], keys[i], deltas[i]);
            refs[i] = null;
        }
    }

    /** Receives drained entries. */
    @FunctionalInterface
    interface Sink {
        void accept(ProcessRef ref, long id, long key, long delta);
    }

    /** @return whether (key, id) ranks above (otherKey, otherId) */
    static boolean better(long key, long id, long otherKey, long otherId) {
        return key > otherKey || (key == otherKey && id < otherId);
    }

    private void set(int i, long key, long id, long delta, ProcessRef ref) {
        keys[i] = key;
        ids[i] = id;
        deltas[i] = delta;
        refs[i] = ref;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(keys[parent], ids[parent], keys[i], ids[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && better(keys[worst], ids[worst], keys[right], ids[right])) {
                worst = right;
            }
            if (!better(keys[i], ids[i], keys[worst], ids[worst])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long d = ids[a];
        ids[a] = ids[b];
        ids[b] = d;
        long x = deltas[a];
        deltas[a] = deltas[b];
        deltas[b] = x;
        ProcessRef r = refs[a];
        refs[a] = refs[b];
        refs[b] = r;
    }
}
