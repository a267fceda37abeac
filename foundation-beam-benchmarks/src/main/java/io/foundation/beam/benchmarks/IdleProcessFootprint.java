package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap bytes per idle process, and the time to spawn them. A plain program, not a JMH benchmark: JMH has no
 * honest way to report a heap delta, and one spawn of a million processes is a single-shot measurement anyway.
 *
 * <p>Run it from the benchmarks jar:
 * <pre>
 *   java -cp foundation-beam-benchmarks/target/benchmarks.jar io.foundation.beam.benchmarks.IdleProcessFootprint
 *       [count ...]
 * </pre>
 * (default counts 100000 and 1000000; system property {@code rounds}, default 3, sets the rounds per count).
 *
 * <p><b>What one round does.</b> It creates a runtime and an array for the refs (both before the baseline, so
 * neither is counted), forces garbage collection until the used heap reported by
 * {@link java.lang.management.MemoryMXBean} is stable ({@link HeapMeasurement#usedHeapAfterGc()}), spawns N
 * handler-style processes from the main thread with {@link BeamRuntime#spawn(ProcessHandler)} (a shared,
 * non-capturing handler lambda without {@code init}, so no process holds a thread), forces GC again with the
 * processes held live, and reports {@code (used after - used before) / N}. That figure is everything the runtime
 * retains per idle process: the process object, its empty mailbox and the entry in the runtime's process table
 * (including that table's share of its bucket array, which depends on N). It excludes the 4-byte slot of the ref
 * array the program holds. The spawn loop is timed with {@link System#nanoTime()} (allocation and any GC it
 * triggers included). The processes are then killed and the runtime closed.
 *
 * <p>A first warm-up round (not reported) spawns and kills a number of processes so the spawn path is compiled.
 * The first reported round of each count still includes more JIT and heap growth than the later ones: all rounds
 * are printed.
 *
 * <p>At the end the program prints, as a cross-check, JOL's shallow sizes of the objects an idle process is made
 * of (runtime-internal class names; a renamed class is reported as unknown, and does not fail the program).
 */
public final class IdleProcessFootprint {

    /** The idle processes' handler: never called (they receive no message). */
    private static final ProcessHandler IDLE = (message, context) -> null;

    private IdleProcessFootprint() {
    }

    /** What one round measured. */
    private record Result(int count, long usedBefore, long usedAfter, long spawnNanos) {
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
        HeapMeasurement.printEnvironment();

        warmUp();

        List<String> summary = new ArrayList<>();
        for (int count : counts) {
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Result r = measure(count);
                results.add(r);
                System.out.printf(Locale.ROOT, "N=%,d round %d: used before %,d B, after %,d B -> %.1f heap bytes"
                        + " per idle process; spawn of N took %.1f ms (%.0f ns/process)%n", count, round,
                        r.usedBefore(), r.usedAfter(), r.bytesPerProcess(), r.spawnNanos() / 1e6,
                        (double) r.spawnNanos() / count);
            }
            summary.add(summarize(count, results));
        }
        System.out.println();
        System.out.println("Summary (all rounds):");
        summary.forEach(System.out::println);
        printShallowSizes();
    }

    /** Prints JOL's instance sizes of the per-process objects, for comparison with the measured figure. */
    private static void printShallowSizes() {
        System.out.println();
        System.out.println("Shallow sizes (JOL) of the objects one idle process retains (the mailbox, and its first");
        System.out.println("chunk, only once the process has been sent a message; none of the processes above was):");
        String[] classes = {
            "io.foundation.beam.internal.process.ProcessCell",
            "java.util.concurrent.ConcurrentHashMap$Node",
            "io.foundation.beam.internal.mailbox.ChunkedMailbox",
            "io.foundation.beam.internal.mailbox.MailboxChunk",
        };
        HeapMeasurement.printShallowSizes(classes);
        System.out.println("  plus the process table's bucket array: 4 B per slot, 1.33 to 2.67 slots per process");
    }

    private static String summarize(int count, List<Result> results) {
        double minBytes = Double.MAX_VALUE;
        double maxBytes = 0;
        long minNanos = Long.MAX_VALUE;
        long maxNanos = 0;
        StringBuilder times = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        for (Result r : results) {
            minBytes = Math.min(minBytes, r.bytesPerProcess());
            maxBytes = Math.max(maxBytes, r.bytesPerProcess());
            minNanos = Math.min(minNanos, r.spawnNanos());
            maxNanos = Math.max(maxNanos, r.spawnNanos());
            bytes.append(bytes.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", r.bytesPerProcess()));
            times.append(times.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", r.spawnNanos() / 1e6));
        }
        return String.format(Locale.ROOT,
                "  N=%,d: heap bytes/process [%s] (min %.1f, max %.1f); spawn ms [%s] (min %.1f, max %.1f)", count,
                bytes, minBytes, maxBytes, times, minNanos / 1e6, maxNanos / 1e6);
    }

    /** Spawns and kills processes so that the spawn path is compiled before the first measured round. */
    private static void warmUp() {
        try (BeamRuntime runtime = BeamRuntime.builder().name("footprint-warmup").build()) {
            for (int round = 0; round < 5; round++) {
                ProcessRef[] refs = new ProcessRef[100_000];
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = runtime.spawn(IDLE);
                }
                for (ProcessRef ref : refs) {
                    runtime.kill(ref);
                }
            }
        }
    }

    private static Result measure(int count) throws InterruptedException {
        ProcessRef[] refs = new ProcessRef[count];
        BeamRuntime runtime = BeamRuntime.builder().name("footprint").shutdownTimeout(Duration.ofSeconds(1)).build();
        try {
            long before = HeapMeasurement.usedHeapAfterGc();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                refs[i] = runtime.spawn(IDLE);
            }
            long spawnNanos = System.nanoTime() - start;
            long after = HeapMeasurement.usedHeapAfterGc();
            check(runtime, refs);
            Reference.reachabilityFence(refs);
            Reference.reachabilityFence(runtime);
            return new Result(count, before, after, spawnNanos);
        } finally {
            for (ProcessRef ref : refs) {
                if (ref != null) {
                    runtime.kill(ref);
                }
            }
            runtime.close();
        }
    }

    /** Fails the round unless all processes are alive and a sample of them is idle (holding no thread). */
    private static void check(BeamRuntime runtime, ProcessRef[] refs) {
        if (runtime.processCount() != refs.length) {
            throw new IllegalStateException("expected " + refs.length + " live processes, found "
                    + runtime.processCount());
        }
        for (int i = 0; i < refs.length; i += Math.max(1, refs.length / 100)) {
            ProcessInfo info = runtime.info(refs[i]).orElseThrow();
            if (info.status() != ProcessStatus.WAITING) {
                throw new IllegalStateException(refs[i] + " is not idle: " + info.status());
            }
        }
    }
}
