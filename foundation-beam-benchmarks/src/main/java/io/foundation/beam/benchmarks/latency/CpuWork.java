package io.foundation.beam.benchmarks.latency;

/**
 * The fixed piece of CPU work done for every request on both systems: {@value #ITERATIONS} steps of a 64-bit
 * xorshift generator, seeded by the request. The steps form one dependency chain (each needs the previous result),
 * so the JIT can neither vectorise nor skip them, and the result is sent back in the reply, so it cannot be dropped.
 *
 * <p>The amount is fixed by the iteration count, not calibrated at run time, so both systems and every run do
 * exactly the same work; {@link #measureNanos()} reports what it costs on the machine at hand (a few microseconds),
 * and the report prints that figure for every JVM.
 */
final class CpuWork {

    /** Xorshift steps per request. */
    static final int ITERATIONS = 3_000;

    private CpuWork() {
    }

    /**
     * Does the work.
     *
     * @param seed the request's seed (any value)
     * @return the generator's state after {@value #ITERATIONS} steps
     */
    static long run(long seed) {
        long x = seed | 1;
        for (int i = 0; i < ITERATIONS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Times the work on the calling thread: 20 batches of 2 000 calls after the JIT has compiled it, the median batch.
     *
     * @return nanoseconds per call (median over the batches)
     */
    static long measureNanos() {
        long sink = 0;
        long[] batches = new long[20];
        for (int warm = 0; warm < 20_000; warm++) {
            sink += run(warm);
        }
        for (int b = 0; b < batches.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                sink += run(i + b);
            }
            batches[b] = (System.nanoTime() - t0) / 2_000;
        }
        java.util.Arrays.sort(batches);
        if (sink == 42) {
            System.out.print("");
        }
        return batches[batches.length / 2];
    }
}
