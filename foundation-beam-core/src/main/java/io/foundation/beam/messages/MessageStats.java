package io.foundation.beam.messages;

import java.time.Duration;
import java.util.List;

/**
 * Message analytics of one process (or, summed, of an ecosystem), kept when analytics are enabled
 * ({@link io.foundation.beam.process.SpawnOptions#withAnalytics}). Counts are exact; sizes are
 * {@linkplain MessageSizes estimates}; the queue wait is measured for every message, from the moment the sender's
 * send put it in the mailbox to the moment the process took it (a clock read on each side).
 *
 * @param messages messages the process has taken from its mailbox since analytics began
 * @param estimatedBytes the sum of their estimated sizes
 * @param sizeHistogram message counts by estimated size, one entry per bound of {@link #SIZE_BOUNDS} (a message
 *     counts in the first bucket whose bound is at least its size; the last bucket is unbounded)
 * @param totalQueueWait the summed time messages waited in the mailbox
 * @param maxQueueWait the longest wait
 * @param waitHistogram message counts by queue wait, one entry per bound of {@link #WAIT_BOUNDS}
 * @param firstMessageNanos {@link System#nanoTime()} when the first message was taken, or 0 if none
 * @param lastMessageNanos {@link System#nanoTime()} when the last message was taken, or 0 if none
 */
public record MessageStats(long messages, long estimatedBytes, List<Long> sizeHistogram, Duration totalQueueWait,
        Duration maxQueueWait, List<Long> waitHistogram, long firstMessageNanos, long lastMessageNanos) {

    /** Upper bounds (bytes, inclusive) of the size buckets; the last is unbounded. */
    public static final List<Long> SIZE_BOUNDS = List.of(64L, 256L, 1024L, 4096L, 16_384L, 65_536L, 262_144L,
            1_048_576L, Long.MAX_VALUE);
    /** Upper bounds (nanoseconds, inclusive) of the wait buckets: 1 µs to 1 s, then unbounded. */
    public static final List<Long> WAIT_BOUNDS = List.of(1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, Long.MAX_VALUE);

    /** Copies the lists. */
    public MessageStats {
        sizeHistogram = List.copyOf(sizeHistogram);
        waitHistogram = List.copyOf(waitHistogram);
    }

    /** @return the mean queue wait, or zero without messages */
    public Duration meanQueueWait() {
        return messages == 0 ? Duration.ZERO : totalQueueWait.dividedBy(messages);
    }

    /** @return the mean estimated size in bytes, or 0 without messages */
    public double meanBytes() {
        return messages == 0 ? 0.0 : (double) estimatedBytes / messages;
    }

    /**
     * @return messages taken per second between the first and the last one (0 with fewer than two, or when they
     *     came within the same nanosecond)
     */
    public double messagesPerSecond() {
        long span = lastMessageNanos - firstMessageNanos;
        return messages < 2 || span <= 0 ? 0.0 : (messages - 1) * 1e9 / span;
    }

    /**
     * @param other stats to add (for example another member of an ecosystem)
     * @return the sum: counts, bytes and waits added, the larger maximum, the earlier first and later last message
     */
    public MessageStats plus(MessageStats other) {
        return new MessageStats(messages + other.messages, estimatedBytes + other.estimatedBytes,
                add(sizeHistogram, other.sizeHistogram), totalQueueWait.plus(other.totalQueueWait),
                maxQueueWait.compareTo(other.maxQueueWait) >= 0 ? maxQueueWait : other.maxQueueWait,
                add(waitHistogram, other.waitHistogram), earliest(firstMessageNanos, other.firstMessageNanos),
                latest(lastMessageNanos, other.lastMessageNanos));
    }

    /** @return stats of nothing */
    public static MessageStats empty() {
        List<Long> sizes = java.util.Collections.nCopies(SIZE_BOUNDS.size(), 0L);
        List<Long> waits = java.util.Collections.nCopies(WAIT_BOUNDS.size(), 0L);
        return new MessageStats(0L, 0L, sizes, Duration.ZERO, Duration.ZERO, waits, 0L, 0L);
    }

    private static List<Long> add(List<Long> a, List<Long> b) {
        Long[] sum = new Long[a.size()];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = a.get(i) + b.get(i);
        }
        return List.of(sum);
    }

    private static long earliest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : (a - b < 0 ? a : b);
    }

    private static long latest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : (a - b > 0 ? a : b);
    }
}
