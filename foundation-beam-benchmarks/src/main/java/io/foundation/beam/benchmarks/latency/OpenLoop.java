package io.foundation.beam.benchmarks.latency;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One open-loop load phase: requests at a fixed rate, whatever the system's replies do, with every request's latency
 * measured from its <em>intended</em> send time, so a stall costs latency to every request that should have been sent
 * during it (no coordinated omission).
 *
 * <p><b>Schedule.</b> Request i is due at {@code start + i * interval}, {@code interval = 1 s / rate}. The producer
 * (the calling thread, a platform thread) sleeps until the next due time ({@link LockSupport#parkNanos}); when it is
 * late (woken late, or slowed by the system) it sends every overdue request at once, catching up without skipping
 * any. The first {@code warmUp} of requests are a warm-up at the same rate; the requests due in the next
 * {@code window} are measured. A sleep's wake-up is late by the timer's granularity (tens of microseconds on Linux),
 * which is counted in the latency like any other lateness; the producer's own lateness (actual minus intended send
 * time) is recorded apart, so that it can be told from the system's.
 *
 * <p><b>Recording.</b> The reply's thread records {@code nanoTime() - intended} into an HdrHistogram {@link Recorder}
 * (wait-free, safe for concurrent writers) if the request was due in the measured window, and counts every reply.
 * After the last request the producer waits until every reply has arrived: as long as replies keep coming (a system
 * that fell behind works through its backlog), up to {@link #DRAIN_LIMIT}, and no longer than
 * {@link ClosedLoop#REPLY_TIMEOUT} without any; replies still missing then are reported, and make the program fail,
 * never silently dropped.
 *
 * <p><b>Concurrency.</b> The window bounds are volatile, written by the producer before its first send and only read
 * by the reply threads afterwards; the counters are atomics;
 * the producer-lateness histogram is only touched by the producer thread; the recorder's histogram is read once,
 * after every reply has been counted.
 */
final class OpenLoop implements ReplySink {

    /** Highest latency the histograms track without resizing: 1 hour, in ns (they resize beyond it anyway). */
    private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

    /**
     * What a phase measured.
     *
     * @param latency the measured window's latencies, ns
     * @param sendLateness the producer's lateness for the window's requests (actual minus intended send time), ns
     * @param count requests due in the window
     * @param achievedRate requests sent per second between the window's first and last actual send
     * @param missing replies that never arrived (requests sent minus replies minus failures)
     * @param failures requests that failed
     * @param firstFailure the first failure, or null
     * @param gc the collections between the window's start and its last reply
     */
    record Outcome(Histogram latency, Histogram sendLateness, long count, double achievedRate, long missing,
            long failures, Throwable firstFailure, GcPauses.Summary gc) {
    }

    /** Longest wait for the last replies of a phase, however steadily they still arrive. */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);

    private final LatencyTarget target;
    private final double rate;
    private final long warmUpCount;
    private final long windowCount;
    private final double intervalNanos;
    private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastWindowReply = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile long windowFrom;
    private volatile long windowTo;

    /**
     * @param target the system and workload
     * @param rate requests per second
     * @param warmUp time at the rate before the window
     * @param window the measured window
     */
    OpenLoop(LatencyTarget target, double rate, Duration warmUp, Duration window) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        this.target = target;
        this.rate = rate;
        this.intervalNanos = 1e9 / rate;
        this.warmUpCount = Math.round(warmUp.toNanos() / intervalNanos);
        this.windowCount = Math.max(1, Math.round(window.toNanos() / intervalNanos));
    }

    @Override
    public void replied(long intendedNanos) {
        long now = System.nanoTime();
        long from = windowFrom;
        long to = windowTo;
        if (intendedNanos >= from && intendedNanos < to) {
            recorder.recordValue(Math.max(0, now - intendedNanos));
            lastWindowReply.accumulateAndGet(now, Math::max);
        }
        replies.incrementAndGet();
    }

    @Override
    public void failed(long intendedNanos, Throwable cause) {
        firstFailure.compareAndSet(null, cause);
        failures.incrementAndGet();
    }

    /**
     * Runs the phase: warm-up, window, then the wait for the last replies.
     *
     * @param gc the JVM's collections, for the window's pauses
     * @param stall the harness check's stall, armed for the middle of the window (a no-op unless enabled)
     * @return what was measured
     */
    Outcome run(GcPauses gc, Stall stall) {
        long total = warmUpCount + windowCount;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        windowFrom = start + Math.round(warmUpCount * intervalNanos);
        windowTo = start + Math.round(total * intervalNanos);
        stall.arm(windowFrom + (windowTo - windowFrom) / 2);
        Histogram sendLateness = new Histogram(HIGHEST_NANOS, 3);
        long firstSend = 0;
        long lastSend = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + Math.round(i * intervalNanos);
            long now = System.nanoTime();
            while (now < intended) {
                LockSupport.parkNanos(intended - now);
                now = System.nanoTime();
            }
            if (i >= warmUpCount) {
                sendLateness.recordValue(now - intended);
                if (i == warmUpCount) {
                    firstSend = now;
                }
                lastSend = now;
            }
            target.send(intended, this);
        }
        // A system that fell behind may still be working through its backlog: wait as long as replies keep coming,
        // and give up only after REPLY_TIMEOUT without any (or after DRAIN_LIMIT in all).
        long limit = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long answered = replies.get() + failures.get();
        long quietSince = System.nanoTime();
        while (answered < total) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            long now = System.nanoTime();
            long a = replies.get() + failures.get();
            if (a != answered) {
                answered = a;
                quietSince = now;
            } else if (now - quietSince > ClosedLoop.REPLY_TIMEOUT.toNanos() || now > limit) {
                break;
            }
        }
        long missing = total - replies.get() - failures.get();
        long windowEnd = Math.max(lastWindowReply.get(), lastSend);
        double achieved = windowCount > 1 && lastSend > firstSend ? (windowCount - 1) * 1e9 / (lastSend - firstSend)
                : Double.NaN;
        return new Outcome(recorder.getIntervalHistogram(), sendLateness, windowCount, achieved, missing,
                failures.get(), firstFailure.get(), gc.between(windowFrom, windowEnd));
    }

    /** @return the target rate, requests per second */
    double rate() {
        return rate;
    }
}
