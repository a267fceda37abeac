package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.List;
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
 * Throughput of a 10-field record message from one process to one other: messages per second.
 *
 * <p><b>How.</b> As {@link OneToOneThroughputBenchmark}, but the producer allocates a new {@link OrderPlaced} for
 * every message (ten fields: primitives, a {@code String} and a {@code List} of ten {@code Integer}s). The String and
 * the list are immutable and shared by all messages (messages pass by reference, so their contents are never copied;
 * allocating a new list per message would measure the allocator, not the runtime). Each message is a fresh 64-byte
 * object (JOL, compressed oops and class pointers), against 16 bytes for an {@code Integer}. {@value #MESSAGES}
 * messages per invocation;
 * {@code @OperationsPerInvocation(MESSAGES)} gives messages per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class RecordMessageThroughputBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = 1_000_000;

    /**
     * The message: ten fields.
     *
     * @param orderId order id
     * @param sequence sequence number within the round
     * @param customer customer name
     * @param quantities ten quantities
     * @param amount order amount
     * @param express express delivery
     * @param createdAtNanos creation time
     * @param region region code
     * @param status status code
     * @param discount discount rate
     */
    record OrderPlaced(long orderId, int sequence, String customer, List<Integer> quantities, double amount,
            boolean express, long createdAtNanos, short region, char status, float discount) {
    }

    private static final String CUSTOMER = "ACME Widgets Ltd";
    private static final List<Integer> QUANTITIES = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    /** On a {@link Round}: forwards it to the consumer, then sends the consumer {@value #MESSAGES} new records. */
    static final class Producer implements ProcessHandler {
        private final ProcessRef consumer;
        private long nextOrderId;

        Producer(ProcessRef consumer) {
            this.consumer = consumer;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            ProcessRef to = consumer;
            to.send(message);
            long id = nextOrderId;
            for (int i = 0; i < MESSAGES; i++) {
                to.send(new OrderPlaced(id++, i, CUSTOMER, QUANTITIES, i * 0.25, (i & 1) == 0, id, (short) 7, 'N',
                        0.05f));
            }
            nextOrderId = id;
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
            runtime = BenchmarkSupport.newRuntime("record-1-1");
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
    public long orderRecords(Pair pair) {
        Round round = Round.of(MESSAGES);
        pair.producer.send(round);
        return BenchmarkSupport.await(round.done());
    }
}
