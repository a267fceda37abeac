package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.messages.BackpressureException;
import io.foundation.beam.messages.FlowChannel;
import io.foundation.beam.messages.FlowControl;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What flow control and isolated heaps cost against a plain send (issue 7): 1->1 throughput of
 * {@value #MESSAGES} messages per invocation, for each message shape and each path.
 *
 * <p><b>Shapes.</b> {@code integer}: a boxed {@code Integer}; {@code record}: a new two-field record per message
 * (immutable: shared by reference even under isolation, after one class-keyed lookup); {@code list}: a new
 * {@code ArrayList} of 4 {@code Integer}s per message (mutable: deep-copied under isolation).
 *
 * <p><b>Paths.</b> {@code plain}: {@code ProcessRef.send} to a shared-heap consumer; {@code flow}: a blocking
 * {@link FlowChannel#send} with a window of 1000 credits to the same consumer (each message takes a credit, the
 * consumer gives credits back in batches as it takes the messages); {@code adaptive}: the same channel with an
 * adaptive limit aiming at a 1 ms mailbox wait (each message also carries its send time); {@code isolated}: {@code send} to a consumer spawned with an
 * isolated heap. The producer is a handler process that sends the whole round in a tight loop; the consumer counts
 * and completes the round's future at the last message, which the benchmark thread waits for.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MessageCostBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = 200_000;

    /** The immutable message shape. */
    record Point(int x, int y) {
    }

    /** Counts messages and completes the round the benchmark thread set before starting it. */
    static final class Counter implements ProcessHandler {
        volatile Round round;
        private long count;

        @Override
        public Object handle(Object message, ProcessContext context) {
            Round r = round;
            if (++count == r.expected()) {
                count = 0;
                r.done().complete(r.expected());
            }
            return null;
        }
    }

    /** On any message: sends the round's messages through the trial's path. */
    static final class Producer implements ProcessHandler {
        private final Setup setup;

        Producer(Setup setup) {
            this.setup = setup;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            String shape = setup.shape;
            boolean flow = setup.channel != null;
            for (int i = 0; i < MESSAGES; i++) {
                Object m = switch (shape) {
                    case "record" -> new Point(i, -i);
                    case "list" -> {
                        List<Integer> l = new ArrayList<>(4);
                        l.add(i);
                        l.add(i + 1);
                        l.add(i + 2);
                        l.add(i + 3);
                        yield l;
                    }
                    default -> Integer.valueOf(i);
                };
                if (flow) {
                    sendThroughChannel(m);
                } else {
                    setup.consumer.send(m);
                }
            }
            return null;
        }

        /**
         * Sends through the channel until it accepts: a send refused after the channel's retries (31 ms in all with
         * the defaults) throws {@link BackpressureException}, which happens when the consumer is kept off the CPU that
         * long (a loaded machine). Letting it end the producer would stall the round; the refused message was not
         * delivered, so sending it again keeps the count exact.
         */
        private void sendThroughChannel(Object m) {
            for (;;) {
                try {
                    setup.channel.send(m);
                    return;
                } catch (BackpressureException refused) {
                    // the consumer fell behind by more than the retry budget: offer the same message again
                }
            }
        }
    }

    /** One runtime, consumer, producer (and channel) per trial. */
    @State(Scope.Benchmark)
    public static class Setup {
        /** The message shape. */
        @Param({"integer", "record", "list"})
        public String shape;
        /** The path: plain send, flow channel, flow channel with an adaptive limit, or isolated-heap receiver. */
        @Param({"plain", "flow", "adaptive", "isolated"})
        public String path;

        BeamRuntime runtime;
        Counter counter;
        ProcessRef consumer;
        ProcessRef producer;
        FlowChannel channel;

        /** Starts the runtime and the processes. */
        @org.openjdk.jmh.annotations.Setup(Level.Trial)
        public void start() {
            runtime = BenchmarkSupport.newRuntime("message-cost");
            counter = new Counter();
            consumer = runtime.spawn(counter, SpawnOptions.defaults().withIsolatedHeap(path.equals("isolated")));
            if (path.equals("flow")) {
                channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(1000));
            } else if (path.equals("adaptive")) {
                channel = runtime.openFlow(consumer,
                        FlowControl.defaults().withWindow(1000).adaptive(java.time.Duration.ofMillis(1)));
            }
            producer = runtime.spawn(new Producer(this));
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void close() {
            runtime.close();
        }
    }

    /**
     * @param setup the trial's processes
     * @return the number of messages the consumer counted
     */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long send(Setup setup) {
        Round round = Round.of(MESSAGES);
        setup.counter.round = round;
        setup.producer.send("go");
        return BenchmarkSupport.await(round.done());
    }
}
