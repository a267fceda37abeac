package io.foundation.beam.benchmarks.compare;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3, simple messages 1->1, without and with credit flow control: messages per second, Foundation BEAM against
 * Apache Pekko typed.
 *
 * <p><b>What is measured.</b> Each invocation sends a producer a {@link Round}; the producer sends a consumer
 * {@value #MESSAGES} boxed {@code Integer}s and the invocation ends when the consumer has counted the last one
 * (so every message is consumed inside the measured time). {@link #plain}: all at once, unbounded mailboxes.
 * {@link #credit}: an application-level window of {@value OneToOneSides#WINDOW} outstanding messages, acknowledged
 * every {@value OneToOneSides#ACK_EVERY} (see {@link OneToOneSides}).
 *
 * <p><b>How both systems are made equivalent.</b> The same producer and consumer logic in {@link OneToOneSides},
 * line for line: a handler process each on Foundation BEAM, an actor each on Pekko (default dispatcher and
 * mailbox, see {@link PekkoSupport}); the same messages; one runtime or actor system per trial, in its own JVM
 * fork. The Pekko side fails if any message turns into a dead letter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W3OneToOneBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = 1_000_000;

    /** Without flow control. */
    @State(Scope.Benchmark)
    public static class Plain {
        /** Which system runs the workload. */
        @Param({CompareSupport.BEAM, CompareSupport.PEKKO})
        public String system;
        Side side;

        /** Starts the runtime or actor system and the two processes or actors. */
        @Setup(Level.Trial)
        public void start() {
            side = CompareSupport.isBeam(system) ? OneToOneSides.beam(MESSAGES, MessageFactory.INTEGERS, false)
                    : OneToOneSides.pekko(MESSAGES, MessageFactory.INTEGERS, false);
        }

        /** Stops them. */
        @TearDown(Level.Trial)
        public void stop() {
            side.close();
        }
    }

    /** With the credit window. */
    @State(Scope.Benchmark)
    public static class Credit {
        /** Which system runs the workload. */
        @Param({CompareSupport.BEAM, CompareSupport.PEKKO})
        public String system;
        Side side;

        /** Starts the runtime or actor system and the two processes or actors. */
        @Setup(Level.Trial)
        public void start() {
            side = CompareSupport.isBeam(system) ? OneToOneSides.beam(MESSAGES, MessageFactory.INTEGERS, true)
                    : OneToOneSides.pekko(MESSAGES, MessageFactory.INTEGERS, true);
        }

        /** Stops them. */
        @TearDown(Level.Trial)
        public void stop() {
            side.close();
        }
    }

    /**
     * @param state the trial's side
     * @return messages counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long plain(Plain state) {
        return state.side.round();
    }

    /**
     * @param state the trial's side
     * @return messages counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long credit(Credit state) {
        return state.side.round();
    }
}
