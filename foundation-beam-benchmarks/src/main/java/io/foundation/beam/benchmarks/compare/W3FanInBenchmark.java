package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3, fan-in {@value #PRODUCERS} -> 1: messages per second, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> Each invocation sends the consumer a {@link Round} of {@value #MESSAGES} messages,
 * then a go message to each of {@value #PRODUCERS} producers, each of which then sends the consumer
 * {@value #PER_PRODUCER} boxed {@code Integer}s in a tight loop. The invocation ends when the consumer has counted
 * all {@value #MESSAGES}; the time includes the go messages and the producers' activations.
 *
 * <p><b>How both systems are made equivalent.</b> Producers and consumer are handler processes on Foundation BEAM
 * and actors on Pekko (default dispatcher and mailbox), with the same code; the consumer is the same counting
 * consumer as in 1->1 ({@link OneToOneSides}). The Pekko side fails if any message turns into a dead letter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W3FanInBenchmark extends SideBenchmark {

    /** Producers. */
    static final int PRODUCERS = 1000;
    /** Messages per invocation, all producers together. */
    static final int MESSAGES = 1_000_000;
    /** Messages per producer per invocation. */
    static final int PER_PRODUCER = MESSAGES / PRODUCERS;

    /** The go message sent to every producer. */
    static final Object GO = new Object() {
        @Override
        public String toString() {
            return "go";
        }
    };

    /** @return messages counted */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long integers() {
        return side.round();
    }

    @Override
    protected Side beam() {
        BeamRuntime runtime = CompareSupport.newRuntime("fan-in");
        ProcessRef consumer = runtime.spawn(new OneToOneSides.BeamConsumer());
        ProcessRef[] producers = new ProcessRef[PRODUCERS];
        for (int i = 0; i < PRODUCERS; i++) {
            producers[i] = runtime.spawn((message, context) -> {
                ProcessRef to = consumer;
                for (int n = 0; n < PER_PRODUCER; n++) {
                    to.send(Integer.valueOf(n));
                }
                return null;
            });
        }
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(MESSAGES);
                consumer.send(round);
                for (ProcessRef producer : producers) {
                    producer.send(GO);
                }
                return CompareSupport.await(round.done());
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    @Override
    protected Side pekko() {
        PekkoSupport pekko = new PekkoSupport("fan-in");
        ActorRef<Object> consumer = pekko.spawn(Behaviors.setup(OneToOneSides.PekkoConsumer::new), "consumer");
        Behavior<Object> producer = Behaviors.receiveMessage(message -> {
            ActorRef<Object> to = consumer;
            for (int n = 0; n < PER_PRODUCER; n++) {
                to.tell(Integer.valueOf(n));
            }
            return Behaviors.same();
        });
        List<ActorRef<Object>> producers = new ArrayList<>(PRODUCERS);
        for (int i = 0; i < PRODUCERS; i++) {
            producers.add(pekko.spawn(producer, "producer-" + i));
        }
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(MESSAGES);
                consumer.tell(round);
                for (ActorRef<Object> p : producers) {
                    p.tell(GO);
                }
                long count = CompareSupport.await(round.done());
                pekko.checkNoDeadLetters();
                return count;
            }

            @Override
            public void close() {
                pekko.close();
            }
        };
    }
}
