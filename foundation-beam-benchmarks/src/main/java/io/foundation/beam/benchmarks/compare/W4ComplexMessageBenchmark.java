package io.foundation.beam.benchmarks.compare;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4, complex messages 1->1: messages per second, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> As {@link W3OneToOneBenchmark#plain}, but every message is a new {@link Order}: a
 * ten-field record with primitives, a {@code String} and a {@code List} of ten {@code Integer}s. The string and the
 * list are immutable and shared by all messages: both systems pass messages by reference, so their contents are
 * never copied, and allocating a new list per message would measure the allocator rather than the messaging.
 *
 * <p><b>How both systems are made equivalent.</b> The same producer and consumer logic ({@link OneToOneSides}) and
 * the same message factory on both; see {@link W3OneToOneBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W4ComplexMessageBenchmark extends SideBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = 1_000_000;

    private static final String CUSTOMER = "ACME Widgets Ltd";
    private static final List<Integer> QUANTITIES = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

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
    record Order(long orderId, int sequence, String customer, List<Integer> quantities, double amount,
            boolean express, long createdAtNanos, short region, char status, float discount) {
    }

    /** Makes the i-th order. */
    static final MessageFactory ORDERS = i -> new Order(1_000_000_000L + i, i, CUSTOMER, QUANTITIES, i * 0.25,
            (i & 1) == 0, i * 31L, (short) 7, 'N', 0.05f);

    @Override
    protected Side beam() {
        return OneToOneSides.beam(MESSAGES, ORDERS, false);
    }

    @Override
    protected Side pekko() {
        return OneToOneSides.pekko(MESSAGES, ORDERS, false);
    }

    /** @return messages counted */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long records() {
        return side.round();
    }
}
