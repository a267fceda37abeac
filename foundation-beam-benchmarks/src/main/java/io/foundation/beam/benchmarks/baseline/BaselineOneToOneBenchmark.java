package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.OneToOneThroughputBenchmark;
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
 * Baseline for {@code OneToOneThroughputBenchmark}: small messages from one plain virtual thread to another, through
 * a hand-written mailbox; messages per second. No Foundation BEAM class is involved.
 *
 * <p><b>How.</b> One producer and one consumer per trial, each a virtual thread with a {@link Mailbox} of the kind
 * given by the parameter {@code mailbox} ({@code clq} or {@code ltq}). Each invocation sends the producer a
 * {@link Round}; the producer, parked in its mailbox until then, forwards the round to the consumer and then sends it
 * {@value #MESSAGES} boxed {@code Integer}s ({@code Integer.valueOf(i)}, i = 0 to {@value #MESSAGES} - 1, so nearly
 * all are freshly allocated) in a tight loop; the consumer counts them and completes the round's future at the last
 * one, which the benchmark thread waits for (at most 60 s). JMH Throughput mode with
 * {@code @OperationsPerInvocation(MESSAGES)} turns invocations per second into messages per second. The mailbox is
 * unbounded, so the producer is never slowed by the consumer: a backlog may build up within a round, and the round
 * ends only when the consumer has taken every message. At the end of the trial both threads are interrupted and
 * joined (at most 60 s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class BaselineOneToOneBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = OneToOneThroughputBenchmark.MESSAGES;

    /** The producer: on each {@link Round}, forwards it to the consumer, then sends it {@value #MESSAGES} Integers. */
    static void producer(Mailbox self, Mailbox consumer) throws InterruptedException {
        for (;;) {
            Round round = (Round) self.receive();
            consumer.send(round);
            for (int i = 0; i < MESSAGES; i++) {
                consumer.send(Integer.valueOf(i));
            }
        }
    }

    /** The consumer: a {@link Round} starts a round, every other message counts; completes the round at the last. */
    static void consumer(Mailbox self) throws InterruptedException {
        Round round = null;
        long count = 0;
        for (;;) {
            Object message = self.receive();
            if (message instanceof Round r) {
                round = r;
                count = 0;
            } else if (++count == round.expected()) {
                round.done().complete(count);
            }
        }
    }

    /** Producer and consumer threads per trial. */
    @State(Scope.Benchmark)
    public static class Pair {
        /** The mailbox kind: {@code clq} or {@code ltq}. */
        @Param({Mailbox.CLQ, Mailbox.LTQ})
        public String mailbox;

        Mailbox producer;
        Thread[] threads;

        /** Starts the two threads. */
        @Setup(Level.Trial)
        public void start() {
            var newMailbox = Mailbox.factory(mailbox);
            Mailbox consumer = newMailbox.get();
            producer = newMailbox.get();
            threads = new Thread[] {
                BaselineSupport.start(consumer, BaselineOneToOneBenchmark::consumer),
                BaselineSupport.start(producer, self -> producer(self, consumer)),
            };
        }

        /** Interrupts both threads and waits for them to end. */
        @TearDown(Level.Trial)
        public void stop() {
            BaselineSupport.stop(threads);
        }
    }

    /**
     * @param pair the trial's threads
     * @return the number of messages the consumer counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long integers(Pair pair) {
        Round round = Round.of(MESSAGES);
        pair.producer.send(round);
        return BaselineSupport.await(round.done());
    }
}
