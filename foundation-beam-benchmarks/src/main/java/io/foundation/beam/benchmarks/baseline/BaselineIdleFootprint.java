package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.HeapMeasurement;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Baseline for {@code IdleProcessFootprint}: heap bytes per idle hand-written baseline process (a started virtual
 * thread parked in its empty {@link Mailbox}, plus the mailbox), and the time to start them. No Foundation BEAM class
 * is involved; the heap measurement is the same code as {@code IdleProcessFootprint}'s
 * ({@link HeapMeasurement#usedHeapAfterGc()}). A plain program, not a JMH benchmark, for the same reasons.
 *
 * <p>Run it from the benchmarks jar:
 * <pre>
 *   java -cp foundation-beam-benchmarks/target/benchmarks.jar \
 *       io.foundation.beam.benchmarks.baseline.BaselineIdleFootprint [count ...]
 * </pre>
 * (default counts 100000 and 1000000; system properties: {@code rounds}, default 3, the rounds per count;
 * {@code mailbox}, default {@code clq,ltq}, the mailbox kinds measured, one after the other; {@code warmup}, default
 * 100000, the processes started and stopped five times per kind before the first reported round).
 *
 * <p><b>What one round does.</b> It creates two arrays, for the N threads and the N mailboxes (before the baseline,
 * so neither is counted: they stand for the refs {@code IdleProcessFootprint} holds), forces garbage collection until
 * the used heap is stable, then, from the main (platform) thread, creates N empty mailboxes and starts N virtual
 * threads ({@link Thread#startVirtualThread}, default scheduler, no name) whose body receives from its mailbox forever.
 * It then waits until every thread reports {@link Thread.State#WAITING} (it has run and parked in its empty mailbox;
 * the main thread checks them in order and sleeps 0.1 ms whenever one has not parked yet; at most 60 s), forces GC
 * again with the threads held live, checks that every thread is still alive and waiting, and reports
 * {@code (used after - used before) / N}. That figure is everything the heap retains per idle process: the mailbox
 * and its queue (with the {@code ConcurrentLinkedQueue}'s dummy node, or the {@code LinkedTransferQueue}'s waiting
 * node), the thread's {@code Runnable}, the {@code VirtualThread} and its {@code Continuation}, the stack chunk holding
 * the parked frames, and, with the JDK's default {@code jdk.trackAllThreads=true}, the thread's entry in the JDK's root
 * thread container (a concurrent set). Two times are reported, both from the start of the loop: until the loop has
 * started every thread ("spawn"), and until all have parked ("parked"; up to 0.1 ms late). Both include the
 * allocation and any GC it triggers. The threads are then interrupted and joined (at most 60 s).
 *
 * <p>The first reported round of each count still includes more JIT and heap growth than the later ones: all rounds
 * are printed. At the end the program prints, as a cross-check, JOL's shallow sizes of the fixed-size objects.
 */
public final class BaselineIdleFootprint {

    /** The idle processes' body: receives forever (it is sent nothing, so it parks at once). */
    private static final BaselineSupport.Body IDLE = self -> {
        for (;;) {
            self.receive();
        }
    };

    /** Sleep between checks while waiting for the threads to park. */
    private static final long PARK_CHECK_NANOS = 100_000;

    private BaselineIdleFootprint() {
    }

    /** What one round measured. */
    private record Result(int count, long usedBefore, long usedAfter, long spawnNanos, long parkedNanos) {
        double bytesPerProcess() {
            return (double) (usedAfter - usedBefore) / count;
        }
    }

    /**
     * @param args process counts (default 100000 1000000)
     * @throws InterruptedException if interrupted while waiting for GC to settle
     */
    public static void main(String[] args) throws InterruptedException {
        int[] counts = args.length == 0 ? new int[] {100_000, 1_000_000} : HeapMeasurement.parseCounts(args);
        int rounds = Integer.getInteger("rounds", 3);
        String[] kinds = System.getProperty("mailbox", Mailbox.CLQ + "," + Mailbox.LTQ).split(",");
        int warmUp = Integer.getInteger("warmup", 100_000);
        HeapMeasurement.printEnvironment();
        System.out.println("jdk.trackAllThreads: " + System.getProperty("jdk.trackAllThreads", "(unset: true)"));
        System.out.println();

        List<String> summary = new ArrayList<>();
        for (String kind : kinds) {
            Supplier<Mailbox> newMailbox = Mailbox.factory(kind.strip());
            warmUp(newMailbox, warmUp);
            for (int count : counts) {
                List<Result> results = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    Result r = measure(newMailbox, count);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "mailbox=%s N=%,d round %d: used before %,d B, after %,d B -> %.1f"
                            + " heap bytes per idle process; spawn of N took %.1f ms (%.0f ns/process), all parked"
                            + " after %.1f ms%n", kind.strip(), count, round, r.usedBefore(), r.usedAfter(),
                            r.bytesPerProcess(), r.spawnNanos() / 1e6, (double) r.spawnNanos() / count,
                            r.parkedNanos() / 1e6);
                }
                summary.add(summarize(kind.strip(), count, results));
            }
        }
        System.out.println();
        System.out.println("Summary (all rounds):");
        summary.forEach(System.out::println);
        printShallowSizes();
    }

    /** Starts and stops processes so that the spawn path is compiled before the first measured round. */
    private static void warmUp(Supplier<Mailbox> newMailbox, int count) {
        for (int round = 0; round < 5; round++) {
            Thread[] threads = new Thread[count];
            try {
                for (int i = 0; i < count; i++) {
                    threads[i] = BaselineSupport.start(newMailbox.get(), IDLE);
                }
                awaitParked(threads);
            } finally {
                BaselineSupport.stop(threads);
            }
        }
    }

    private static Result measure(Supplier<Mailbox> newMailbox, int count) throws InterruptedException {
        Thread[] threads = new Thread[count];
        Mailbox[] mailboxes = new Mailbox[count];
        try {
            long before = HeapMeasurement.usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Mailbox mailbox = newMailbox.get();
                mailboxes[i] = mailbox;
                threads[i] = BaselineSupport.start(mailbox, IDLE);
            }
            long spawnNanos = System.nanoTime() - start;
            awaitParked(threads);
            long parkedNanos = System.nanoTime() - start;
            long after = HeapMeasurement.usedHeapAfterGc();
            check(threads);
            Reference.reachabilityFence(mailboxes);
            return new Result(count, before, after, spawnNanos, parkedNanos);
        } finally {
            BaselineSupport.stop(threads);
        }
    }

    /** Waits until every thread has parked ({@link Thread.State#WAITING}), at most {@link BaselineSupport#TIMEOUT}. */
    private static void awaitParked(Thread[] threads) {
        long deadline = System.nanoTime() + BaselineSupport.TIMEOUT.toNanos();
        for (Thread thread : threads) {
            Thread.State state;
            while ((state = thread.getState()) != Thread.State.WAITING) {
                if (state == Thread.State.TERMINATED) {
                    throw new IllegalStateException(thread + " ended instead of waiting in its mailbox");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("not all threads parked within " + BaselineSupport.TIMEOUT
                            + ": " + thread + " is " + state);
                }
                LockSupport.parkNanos(PARK_CHECK_NANOS);
            }
        }
    }

    /** Fails the round unless every thread is alive and waiting in its mailbox. */
    private static void check(Thread[] threads) {
        for (Thread thread : threads) {
            Thread.State state = thread.getState();
            if (state != Thread.State.WAITING) {
                throw new IllegalStateException(thread + " is not idle: " + state);
            }
        }
    }

    private static String summarize(String kind, int count, List<Result> results) {
        StringBuilder bytes = new StringBuilder();
        StringBuilder spawn = new StringBuilder();
        StringBuilder parked = new StringBuilder();
        for (Result r : results) {
            String separator = bytes.isEmpty() ? "" : ", ";
            bytes.append(separator).append(String.format(Locale.ROOT, "%.1f", r.bytesPerProcess()));
            spawn.append(separator).append(String.format(Locale.ROOT, "%.1f", r.spawnNanos() / 1e6));
            parked.append(separator).append(String.format(Locale.ROOT, "%.1f", r.parkedNanos() / 1e6));
        }
        return String.format(Locale.ROOT, "  mailbox=%s N=%,d: heap bytes/process [%s]; spawn ms [%s]; all parked ms"
                + " [%s]", kind, count, bytes, spawn, parked);
    }

    /** Prints JOL's instance sizes of the fixed-size objects an idle baseline process is made of. */
    private static void printShallowSizes() {
        System.out.println();
        System.out.println("Shallow sizes (JOL) of the fixed-size objects of one idle baseline process (plus, not");
        System.out.println("shown: the Runnable lambda, the stack chunk of the parked frames, and the root container's");
        System.out.println("set entry when jdk.trackAllThreads is on):");
        String[] classes = {
            "java.lang.VirtualThread",
            "jdk.internal.vm.Continuation",
            ClqMailbox.class.getName(),
            "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedQueue$Node",
            LtqMailbox.class.getName(),
            "java.util.concurrent.LinkedTransferQueue",
            "java.util.concurrent.LinkedTransferQueue$DualNode",
            "java.util.concurrent.ConcurrentHashMap$Node",
        };
        HeapMeasurement.printShallowSizes(classes);
    }
}
