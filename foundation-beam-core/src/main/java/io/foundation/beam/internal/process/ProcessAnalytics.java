package io.foundation.beam.internal.process;

import io.foundation.beam.messages.MessageStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Message analytics of one process (see {@link MessageStats}).
 *
 * <p><b>Concurrency.</b> Written only by the process's consumer (whoever holds its scheduling state), one message at
 * a time; read by any thread. Updates and snapshots take an uncontended lock so that a snapshot is consistent (its
 * histogram totals equal its message count); analytics are opt-in, so the lock's few tens of nanoseconds per message
 * are paid only by processes that asked for them.
 */
final class ProcessAnalytics {

    private final ReentrantLock lock = new ReentrantLock();
    private long messages;
    private long bytes;
    private long totalWait;
    private long maxWait;
    private long first;
    private long last;
    private final long[] sizes = new long[MessageStats.SIZE_BOUNDS.size()];
    private final long[] waits = new long[MessageStats.WAIT_BOUNDS.size()];

    /**
     * Records one message taken from the mailbox.
     *
     * @return how long it waited there, in nanoseconds
     */
    long taken(AnalyticsEnvelope e) {
        long now = System.nanoTime();
        long wait = Math.max(0L, now - e.enqueuedNanos);
        lock.lock();
        try {
            messages++;
            bytes += e.estimatedBytes;
            totalWait += wait;
            maxWait = Math.max(maxWait, wait);
            if (first == 0L) {
                first = now;
            }
            last = now;
            sizes[bucket(MessageStats.SIZE_BOUNDS, e.estimatedBytes)]++;
            waits[bucket(MessageStats.WAIT_BOUNDS, wait)]++;
        } finally {
            lock.unlock();
        }
        return wait;
    }

    MessageStats snapshot() {
        lock.lock();
        try {
            return new MessageStats(messages, bytes, list(sizes), Duration.ofNanos(totalWait), Duration.ofNanos(maxWait),
                    list(waits), first, last);
        } finally {
            lock.unlock();
        }
    }

    private static int bucket(List<Long> bounds, long value) {
        for (int i = 0; i < bounds.size(); i++) {
            if (value <= bounds.get(i)) {
                return i;
            }
        }
        return bounds.size() - 1;
    }

    private static List<Long> list(long[] counts) {
        List<Long> result = new ArrayList<>(counts.length);
        for (long c : counts) {
            result.add(c);
        }
        return result;
    }
}
