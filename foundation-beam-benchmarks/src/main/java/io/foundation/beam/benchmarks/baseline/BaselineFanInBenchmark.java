package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.FanInThroughputBenchmark;
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
 * Baseline for {@code FanInThroughputBenchmark}: {@value #PRODUCERS} plain virtual threads send to one, through
 * hand-written mailboxes; messages per second. No Foundation BEAM class is involved.
 *
 * <p><b>How.</b> {@value #PRODUCERS} producers and one consumer per trial, each a virtual thread with a
 * {@link Mailbox} of the kind given by the parameter {@code mailbox} ({@code clq} or {@code ltq}); the producers
 * park in their mailboxes between invocations. Each invocation first sends the consumer a {@link Round} of
 * {@value #MESSAGES} messages, then sends every producer a go message; each producer then sends the consumer
 * {@value #PER_PRODUCER} boxed {@code Integer}s ({@code Integer.valueOf(i)}, i = 0 to {@value #PER_PRODUCER} - 1) in
 * a tight loop. The round's future completes when the consumer has counted all {@value #MESSAGES}, and the benchmark
 * thread waits for it (at most 60 s). The measured time therefore includes the {@value #PRODUCERS} go messages and
 * the producers' wake-ups (unparks of virtual threads). JMH Throughput mode with
 * {@code @OperationsPerInvocation(MESSAGES)} gives messages per second. Unbounded mailbox, as in
 * {@link BaselineOneToOneBenchmark}. At the end of the trial all threads are interrupted and joined (at most 60 s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class BaselineFanInBenchmark {

    /** Producer threads (the same workload as {@link FanInThroughputBenchmark}). */
    static final int PRODUCERS = FanInThroughputBenchmark.PRODUCERS;
    /** Messages per invocation, all producers together. */
    static final int MESSAGES = FanInThroughputBenchmark.MESSAGES;
    /** Messages per producer per invocation. */
    static final int PER_PRODUCER = FanInThroughputBenchmark.PER_PRODUCER;

    /** The go message sent to every producer. */
    static final Object GO = FanInThroughputBenchmark.GO;

    /** A producer: on each go message, sends the consumer {@value #PER_PRODUCER} Integers. */
    static void producer(Mailbox self, Mailbox consumer) throws InterruptedException {
        for (;;) {
            self.receive();
            for (int i = 0; i < PER_PRODUCER; i++) {
                consumer.send(Integer.valueOf(i));
            }
        }
    }

    /** Consumer and producer threads per trial. */
    @State(Scope.Benchmark)
    public static class Processes {
        /** The mailbox kind: {@code clq} or {@code ltq}. */
        @Param({Mailbox.CLQ, Mailbox.LTQ})
        public String mailbox;

        Mailbox consumer;
        Mailbox[] producers;
        Thread[] threads;

        /** Starts the consumer and the producers. */
        @Setup(Level.Trial)
        public void start() {
            var newMailbox = Mailbox.factory(mailbox);
            Mailbox to = newMailbox.get();
            consumer = to;
            producers = new Mailbox[PRODUCERS];
            threads = new Thread[PRODUCERS + 1];
            threads[PRODUCERS] = BaselineSupport.start(to, BaselineOneToOneBenchmark::consumer);
            for (int i = 0; i < PRODUCERS; i++) {
                producers[i] = newMailbox.get();
                threads[i] = BaselineSupport.start(producers[i], self -> producer(self, to));
            }
        }

        /** Interrupts all threads and waits for them to end. */
        @TearDown(Level.Trial)
        public void stop() {
            BaselineSupport.stop(threads);
        }
    }

    /**
     * @param p the trial's threads
     * @return the number of messages the consumer counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long integers(Processes p) {
        Round round = Round.of(MESSAGES);
        p.consumer.send(round);
        for (Mailbox producer : p.producers) {
            producer.send(GO);
        }
        return BaselineSupport.await(round.done());
    }
}
