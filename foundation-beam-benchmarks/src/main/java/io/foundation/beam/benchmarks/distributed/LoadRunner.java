package io.foundation.beam.benchmarks.distributed;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The load one node's JVM puts on its {@link WorkNode}, from {@code submitters} platform threads of its own, and
 * what it reports on standard output (one line per figure, read by {@link DistributedBenchmark}).
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@link #throughput}): each submitter keeps {@code inFlight} items outstanding (a new
 *       one as soon as one completes); after the warm-up, the completions of each measured iteration are counted:
 *       {@code THROUGHPUT <iteration> <completions> <nanos>}.</li>
 *   <li><b>Open loop</b> ({@link #latency}): each submitter sends at a fixed rate whatever the completions do, item
 *       {@code i} intended at {@code start + i / rate}; an item's latency runs from its intended send time (not the
 *       moment it was actually sent: a submitter that falls behind does not hide the delay, the coordinated
 *       omission) to the completion of its future. Only items intended after the warm-up count, and
 *       failed items have no latency: {@code LATENCIES <count> <failed> <unfinished> <µs> <µs> ...} (failed counts
 *       the warm-up's too).</li>
 * </ul>
 * Both end by waiting (at most {@link #DRAIN_NANOS}) for the items still outstanding, then print {@code END}.
 */
final class LoadRunner {

    /** How long the end of a phase waits for the items still outstanding. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A latency slot whose item has not completed. */
    private static final long UNFINISHED = -1;
    /** A latency slot whose item failed (not a latency). */
    private static final long FAILED = -2;

    private final AtomicBoolean firstFailure = new AtomicBoolean();
    private final WorkNode node;
    private final String nodeName;
    private final int submitters;
    private final PrintStream out;

    /**
     * @param node the node under load
     * @param nodeName a prefix of the work items
     * @param submitters how many submitter threads
     * @param out where the figures go
     */
    LoadRunner(WorkNode node, String nodeName, int submitters, PrintStream out) {
        this.node = node;
        this.nodeName = nodeName;
        this.submitters = submitters;
        this.out = out;
    }

    /**
     * @param warmupMs how long the loop runs before the first iteration
     * @param iterations measured iterations
     * @param iterationMs each one's length
     * @param inFlight items outstanding per submitter
     * @throws InterruptedException if interrupted
     */
    void throughput(long warmupMs, int iterations, long iterationMs, int inFlight) throws InterruptedException {
        LongAdder completed = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicLong sequence = new AtomicLong();
        List<Semaphore> windows = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int s = 0; s < submitters; s++) {
            Semaphore window = new Semaphore(inFlight);
            windows.add(window);
            threads.add(Thread.ofPlatform().name("submitter-" + s).start(() -> {
                while (!stop.get()) {
                    try {
                        if (!window.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    submit(item(sequence), failed, error -> {
                        completed.increment();
                        window.release();
                    });
                }
            }));
        }
        Thread.sleep(warmupMs);
        for (int i = 1; i <= iterations; i++) {
            long c0 = completed.sum();
            long t0 = System.nanoTime();
            Thread.sleep(iterationMs);
            long c1 = completed.sum();
            long t1 = System.nanoTime();
            out.println("THROUGHPUT " + i + " " + (c1 - c0) + " " + (t1 - t0));
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + DRAIN_NANOS;
        for (Semaphore window : windows) {
            while (window.availablePermits() < inFlight && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        out.println("FAILED " + failed.sum());
        out.println("END");
    }

    /**
     * @param ratePerSubmitter items per second each submitter sends
     * @param warmupMs how long it sends before the items that count
     * @param measureMs how long it sends the items that count
     * @throws InterruptedException if interrupted
     */
    void latency(double ratePerSubmitter, long warmupMs, long measureMs) throws InterruptedException {
        long interval = Math.max(1, (long) (1e9 / ratePerSubmitter));
        int measuredPerSubmitter = (int) (TimeUnit.MILLISECONDS.toNanos(measureMs) / interval);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long firstMeasured = TimeUnit.MILLISECONDS.toNanos(warmupMs) / interval;
        LongAdder failed = new LongAdder();
        AtomicLong sequence = new AtomicLong();
        List<AtomicLongArray> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            AtomicLongArray slots = new AtomicLongArray(measuredPerSubmitter);
            for (int i = 0; i < measuredPerSubmitter; i++) {
                slots.set(i, UNFINISHED);
            }
            latencies.add(slots);
            long offset = s * interval / submitters; // the submitters' sends interleave
            threads.add(Thread.ofPlatform().name("submitter-" + s).start(() -> {
                long last = firstMeasured + measuredPerSubmitter;
                for (long i = 0; i < last; i++) {
                    long intended = start + offset + i * interval;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int slot = (int) (i - firstMeasured);
                    submit(item(sequence), failed, slot < 0 ? error -> { } : error -> slots.set(slot,
                            error == null ? System.nanoTime() - intended : FAILED));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + DRAIN_NANOS;
        StringBuilder line = new StringBuilder();
        int count = 0;
        int unfinished = 0;
        for (AtomicLongArray slots : latencies) {
            for (int i = 0; i < slots.length(); i++) {
                while (slots.get(i) == UNFINISHED && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                long nanos = slots.get(i);
                if (nanos == UNFINISHED) {
                    unfinished++;
                } else if (nanos != FAILED) {
                    count++;
                    line.append(' ').append(nanos / 1000);
                }
            }
        }
        out.println("LATENCIES " + count + " " + failed.sum() + " " + unfinished + line);
        out.println("END");
    }

    private String item(AtomicLong sequence) {
        return nodeName + "-" + sequence.incrementAndGet();
    }

    /**
     * Submits; a failure (a future completed exceptionally, or a submission refused at once, e.g. an overloaded
     * ecosystem) counts once in {@code failed}. Either way {@code done} runs, given the failure or null.
     */
    private void submit(String item, LongAdder failed, Consumer<Throwable> done) {
        try {
            node.submit(item).whenComplete((result, error) -> {
                if (error != null) {
                    failed(failed, error);
                }
                done.accept(error);
            });
        } catch (RuntimeException e) {
            failed(failed, e);
            done.accept(e);
        }
    }

    /** Counts a failure; the first one of the JVM is printed (on standard error: the node's log). */
    private void failed(LongAdder failed, Throwable error) {
        failed.increment();
        if (firstFailure.compareAndSet(false, true)) {
            System.err.println("first failed item: " + error);
        }
    }
}
