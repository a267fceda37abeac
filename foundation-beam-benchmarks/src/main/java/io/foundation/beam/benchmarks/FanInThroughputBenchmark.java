package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.TimeUnit;
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
 * Fan-in throughput: {@value #PRODUCERS} producer processes send to one consumer; messages per second.
 *
 * <p><b>How.</b> One runtime, {@value #PRODUCERS} producers and one consumer (all handler-style processes) per
 * trial. Each invocation first sends the consumer ({@link CountingConsumer}) a {@link Round} of {@value #MESSAGES}
 * messages, then sends every producer a go message; each producer then sends the consumer
 * {@value #PER_PRODUCER} boxed {@code Integer}s in a tight loop. The round's future completes when the consumer has
 * counted all {@value #MESSAGES}, and the benchmark thread waits for it. The measured time therefore includes the
 * {@value #PRODUCERS} go messages and producer activations (virtual-thread starts). JMH Throughput mode with
 * {@code @OperationsPerInvocation(MESSAGES)} gives messages per second. Unbounded mailbox, as in
 * {@link OneToOneThroughputBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class FanInThroughputBenchmark {

    /** Producer processes. */
    public static final int PRODUCERS = 1000;
    /** Messages per invocation, all producers together. */
    public static final int MESSAGES = 1_000_000;
    /** Messages per producer per invocation. */
    public static final int PER_PRODUCER = MESSAGES / PRODUCERS;

    /** The go message sent to every producer. */
    public static final Object GO = new Object() {
        @Override
        public String toString() {
            return "go";
        }
    };

    /** On {@link #GO}: sends the consumer {@value #PER_PRODUCER} Integers. */
    static final class Producer implements ProcessHandler {
        private final ProcessRef consumer;

        Producer(ProcessRef consumer) {
            this.consumer = consumer;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            ProcessRef to = consumer;
            for (int i = 0; i < PER_PRODUCER; i++) {
                to.send(Integer.valueOf(i));
            }
            return null;
        }
    }

    /** One runtime, consumer and set of producers per trial. */
    @State(Scope.Benchmark)
    public static class Processes {
        BeamRuntime runtime;
        ProcessRef consumer;
        ProcessRef[] producers;

        /** Starts the runtime and the processes. */
        @Setup(Level.Trial)
        public void start() {
            runtime = BenchmarkSupport.newRuntime("fan-in");
            consumer = runtime.spawn(new CountingConsumer());
            producers = new ProcessRef[PRODUCERS];
            for (int i = 0; i < PRODUCERS; i++) {
                producers[i] = runtime.spawn(new Producer(consumer));
            }
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void close() {
            runtime.close();
        }
    }

    /**
     * @param p the trial's processes
     * @return the number of messages the consumer counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long integers(Processes p) {
        Round round = Round.of(MESSAGES);
        p.consumer.send(round);
        for (ProcessRef producer : p.producers) {
            producer.send(GO);
        }
        return BenchmarkSupport.await(round.done());
    }
}
