package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.PingPongBenchmark;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor of a ping-pong whose two parties run at once on two cores: two platform threads pass a counter back
 * and forth through two volatile slots, each spinning for the other's write; round trips per second. No queue, no
 * scheduler, no object per message: what is left is the cache-line transfers of a hop (the writer's line moving to
 * the reader's core), which any exchange between two running threads pays at least once per hop. A receive-loop
 * ping-pong whose two processes spin on the two carriers cannot go faster than this on the same machine; one whose
 * two processes share a carrier pays a virtual-thread park and unpark per hop instead.
 *
 * <p><b>How.</b> The two slots sit 128 bytes apart in one {@link AtomicLongArray}, so each has a cache line (and its
 * adjacent-line prefetch pair) to itself. The ponger is a platform thread started per trial that copies every new
 * value of the ping slot into the pong slot; the benchmark thread is the pinger: {@value #ROUND_TRIPS} times per
 * invocation it writes the next value and spins until the pong slot shows it. Both spin with
 * {@link Thread#onSpinWait()}, as the runtime's spins do. The ponger burns a core for the whole trial, between
 * iterations too; it is stopped and joined at the end of the trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class CrossCoreFloorBenchmark {

    /** Round trips per invocation, as the ping-pong benchmarks. */
    static final int ROUND_TRIPS = PingPongBenchmark.ROUND_TRIPS;

    /** Slot indexes: 16 longs (128 bytes) apart, with 128 bytes before the first and after the second. */
    private static final int PING = 16;
    private static final int PONG = 32;

    private final AtomicLongArray slots = new AtomicLongArray(PONG + 16);
    private volatile boolean stop;
    private Thread ponger;
    private long next;

    /** Starts the ponger. */
    @Setup(Level.Trial)
    public void start() {
        ponger = Thread.ofPlatform().name("cross-core-ponger").daemon(true).start(() -> {
            long seen = 0L; // the slots' initial value, not read from the slot: it may already hold the first ping
            while (!stop) {
                long value = slots.get(PING);
                if (value != seen) {
                    seen = value;
                    slots.set(PONG, value);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
    }

    /**
     * Stops the ponger and waits for it.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        stop = true;
        ponger.join(60_000);
        if (ponger.isAlive()) {
            throw new IllegalStateException("the ponger did not stop within 60 s");
        }
    }

    /** @return the last value exchanged */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long roundTrips() {
        long value = next;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            value++;
            slots.set(PING, value);
            while (slots.get(PONG) != value) {
                Thread.onSpinWait();
            }
        }
        next = value;
        return value;
    }
}
