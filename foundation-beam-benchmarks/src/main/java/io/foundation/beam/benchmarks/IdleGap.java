package io.foundation.beam.benchmarks;

import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A pause of {@value #MICROS} us before each invocation of a benchmark that takes this state (JMH's per-invocation
 * set-up, outside the measured time): long enough that a process answering the benchmark thread has stopped spinning
 * for its next message (its longest spin is 20 us) and gone idle, so the next command has to wake it. Shared by
 * {@code SpawnBenchmark.commandAfterIdle} and its hand-written baseline.
 */
@State(Scope.Thread)
public class IdleGap {

    /** The pause, in microseconds. */
    public static final long MICROS = 200;

    /** Parks the benchmark thread for the pause. */
    @Setup(Level.Invocation)
    public void letTheProcessGoIdle() {
        LockSupport.parkNanos(MICROS * 1000L);
    }
}
