package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.IsolatedTask;
import io.foundation.beam.ecosystem.IsolationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What isolated work in a child JVM costs, against the same task in process ({@code Ecosystems
 * .isolateMemoryIntensiveWork} with {@link IsolationOptions#inProcess()} and {@link IsolationOptions#forked()}). The
 * task sums a {@code long[]} of {@value #LONGS} elements (8 KB in, 8 bytes out): small, so the figures are the
 * isolation's own cost. Each figure is the median (and min-max) of its rounds, wall-clock in the caller:
 * <ol>
 *   <li>in process: a short-lived process per task ({@value #WARM_ROUNDS} rounds after as many warm-up rounds);</li>
 *   <li>forked, warm: a child reused for every task ({@code withReuse}), so a round is serialization, the socket
 *       round trip and the child's deserialization and task ({@value #WARM_ROUNDS} rounds after warm-up);</li>
 *   <li>forked, recycled (the default: a fresh child per task), tasks back to back: each waits for the child started
 *       after the previous task ({@value #COLD_ROUNDS} rounds);</li>
 *   <li>cold start: the first task on a new pool (a new runtime each round; closing it is not timed), without and
 *       with an AOT cache ({@code withAotCache}: the cache is written by a training child first, then every round's
 *       child starts from it), alternating ({@value #COLD_ROUNDS} rounds each).</li>
 * </ol>
 * Children: {@code -Xmx64m} and the library's other default flags. Run:
 * {@code java -cp foundation-beam-benchmarks/target/benchmarks.jar io.foundation.beam.benchmarks.ForkedWorkBenchmark}
 */
public final class ForkedWorkBenchmark {

    static final int LONGS = 1024;
    static final int WARM_ROUNDS = 200;
    static final int COLD_ROUNDS = 11;
    private static final IsolationOptions FORKED = IsolationOptions.forked().withMaxHeap(64L * 1024 * 1024);

    private ForkedWorkBenchmark() {
    }

    /** The task: sums its input. */
    public static final class Sum implements IsolatedTask<long[], Long> {
        /** Creates the task. */
        public Sum() {
        }

        @Override
        public Long run(long[] input) {
            long sum = 0;
            for (long v : input) {
                sum += v;
            }
            return sum;
        }
    }

    public static void main(String[] args) throws Exception {
        long[] input = new long[LONGS];
        Arrays.setAll(input, i -> i);
        System.out.printf("JDK %s, %d CPUs%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (BeamRuntime runtime = BenchmarkSupport.newRuntime("bench-inproc")) {
            report("in process, per task", rounds(WARM_ROUNDS, WARM_ROUNDS, () -> Ecosystems
                    .isolateMemoryIntensiveWork(runtime, Sum.class, input, IsolationOptions.inProcess())));
        }
        try (BeamRuntime runtime = BenchmarkSupport.newRuntime("bench-warm")) {
            IsolationOptions reused = FORKED.withReuse(Integer.MAX_VALUE, 0);
            report("forked, warm child (reused), per task", rounds(WARM_ROUNDS, WARM_ROUNDS, () -> Ecosystems
                    .isolateMemoryIntensiveWork(runtime, Sum.class, input, reused)));
        }
        try (BeamRuntime runtime = BenchmarkSupport.newRuntime("bench-recycled")) {
            report("forked, fresh child per task (default), back to back", rounds(1, COLD_ROUNDS, () -> Ecosystems
                    .isolateMemoryIntensiveWork(runtime, Sum.class, input, FORKED)));
        }
        Path dir = Files.createTempDirectory("beam-aot-");
        Path cache = dir.resolve("child.aot");
        IsolationOptions aot = FORKED.withAotCache(cache);
        long trainStart = System.nanoTime();
        try (BeamRuntime runtime = BenchmarkSupport.newRuntime("bench-train")) {
            Ecosystems.isolateMemoryIntensiveWork(runtime, Sum.class, input, aot);
        }
        // The training child writes the cache as it exits (through a JVM of its own that assembles it): wait until
        // every child process is gone.
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)
                && System.nanoTime() - trainStart < 120_000_000_000L) {
            Thread.sleep(50); // measurement harness only
        }
        System.out.printf("AOT cache: %s, %d KB, complete %.1f s after the training run began%n",
                Files.exists(cache) ? "written" : "NOT written", Files.exists(cache) ? Files.size(cache) / 1024 : 0,
                (System.nanoTime() - trainStart) / 1e9);
        // Cold starts without and with the cache alternate, so that both see the same load on a shared machine.
        long[] plain = new long[COLD_ROUNDS];
        long[] cached = new long[COLD_ROUNDS];
        for (int i = 0; i < COLD_ROUNDS; i++) {
            plain[i] = firstTask(input, FORKED);
            cached[i] = firstTask(input, aot);
        }
        Arrays.sort(plain);
        Arrays.sort(cached);
        report("cold start: first task on a new pool, no AOT cache", plain);
        report("cold start: first task on a new pool, with the AOT cache", cached);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** @return the wall-clock time of the first task on a new runtime's new pool (the runtime closed after) */
    private static long firstTask(long[] input, IsolationOptions options) {
        try (BeamRuntime runtime = BenchmarkSupport.newRuntime("bench-cold")) {
            long start = System.nanoTime();
            Ecosystems.isolateMemoryIntensiveWork(runtime, Sum.class, input, options);
            return System.nanoTime() - start;
        }
    }

    private interface Trial {
        Object run() throws Exception;
    }

    private static long[] rounds(int warmup, int measured, Trial round) throws Exception {
        for (int i = 0; i < warmup; i++) {
            round.run();
        }
        long[] nanos = new long[measured];
        for (int i = 0; i < measured; i++) {
            long start = System.nanoTime();
            round.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String what, long[] sorted) {
        System.out.printf("%-60s median %9.3f ms  (min %9.3f, max %9.3f, n=%d)%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
