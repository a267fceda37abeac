package io.foundation.beam.benchmarks.spring;

import org.springframework.stereotype.Component;

/**
 * The work of one request: {@code rounds} rounds of a 64-bit FNV-1a-style hash over a 256-byte buffer, calibrated once
 * at startup so that one request's work takes about {@link #TARGET_NANOS} (50 us) of CPU on this machine. The
 * calibration is printed ({@code spring-path calibration: ...}) so a run's log says what a request cost.
 */
@Component
public class CpuWork {

    /** The CPU time one request's work aims at, in nanoseconds. */
    public static final long TARGET_NANOS = Long.getLong("springpath.workNanos", 50_000L);

    private static final byte[] BUFFER = new byte[256];

    static {
        for (int i = 0; i < BUFFER.length; i++) {
            BUFFER[i] = (byte) (i * 31 + 7);
        }
    }

    private final int rounds;

    /** Calibrates: warms the hash up, then times it and scales the rounds to {@link #TARGET_NANOS}. */
    public CpuWork() {
        long sink = 0;
        long warmEnd = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < warmEnd) {   // 0.5 s of warm-up: let the JIT compile hash fully (C2)
            sink += hash(16);
        }
        int probe = 1_000;
        long best = Long.MAX_VALUE;
        for (int trial = 0; trial < 100; trial++) {
            long start = System.nanoTime();
            sink += hash(probe);
            best = Math.min(best, System.nanoTime() - start);
        }
        double nanosPerRound = (double) best / probe;
        this.rounds = Math.max(1, (int) Math.round(TARGET_NANOS / nanosPerRound));
        long check = Long.MAX_VALUE;
        for (int trial = 0; trial < 200; trial++) {
            long start = System.nanoTime();
            sink += hash(rounds);
            check = Math.min(check, System.nanoTime() - start);
        }
        System.out.printf("spring-path calibration: %.1f ns per round, %d rounds per request, measured %.1f us per "
                + "request (best of 200; sink %d)%n", nanosPerRound, rounds, check / 1000.0, sink & 1);
    }

    /** @return the rounds of one request's work */
    public int rounds() {
        return rounds;
    }

    /** @return the hash of {@code rounds} passes over the buffer */
    public static long hash(int rounds) {
        long h = 0xcbf29ce484222325L;
        for (int r = 0; r < rounds; r++) {
            for (byte b : BUFFER) {
                h ^= b;
                h *= 0x100000001b3L;
            }
            h ^= r;
        }
        return h;
    }
}
