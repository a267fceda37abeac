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
 * Throughput of small messages from one process to one other: messages per second.
 *
 * <p><b>How.</b> One runtime, one producer and one consumer (both handler-style processes) per trial. Each
 * invocation sends the producer a {@link Round}; the producer forwards the round to the consumer and then sends it
 * {@value #MESSAGES} boxed {@code Integer}s (values 0 to {@value #MESSAGES} - 1, so nearly all are freshly allocated,
 * as a real message would be) in a tight loop; the consumer ({@link CountingConsumer}) counts them and completes the
 * round's future at the last one, which the benchmark thread waits for. JMH Throughput mode with
 * {@code @OperationsPerInvocation(MESSAGES)} turns invocations per second into messages per second. The mailbox is
 * unbounded, so the producer is never slowed by the consumer: a backlog may build up within a round, and the
 * round ends only when the consumer has handled every message.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class OneToOneThroughputBenchmark {

    /** Messages per invocation. */
    public static final int MESSAGES = 1_000_000;

    /** On a {@link Round}: forwards it to the consumer, then sends the consumer {@value #MESSAGES} Integers. */
    static final class Producer implements ProcessHandler {
        private final ProcessRef consumer;

        Producer(ProcessRef consumer) {
            this.consumer = consumer;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            Round round = (Round) message;
            ProcessRef to = consumer;
            to.send(round);
            for (int i = 0; i < MESSAGES; i++) {
                to.send(Integer.valueOf(i));
            }
            return null;
        }
    }

    /** One runtime, producer and consumer per trial. */
    @State(Scope.Benchmark)
    public static class Pair {
        BeamRuntime runtime;
        ProcessRef producer;

        /** Starts the runtime and the two processes. */
        @Setup(Level.Trial)
        public void start() {
            runtime = BenchmarkSupport.newRuntime("one-to-one");
            ProcessRef consumer = runtime.spawn(new CountingConsumer());
            producer = runtime.spawn(new Producer(consumer));
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void close() {
            runtime.close();
        }
    }

    /**
     * @param pair the trial's processes
     * @return the number of messages the consumer counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long integers(Pair pair) {
        Round round = Round.of(MESSAGES);
        pair.producer.send(round);
        return BenchmarkSupport.await(round.done());
    }
}
