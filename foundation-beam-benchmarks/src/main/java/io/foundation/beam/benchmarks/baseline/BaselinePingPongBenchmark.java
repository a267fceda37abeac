package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.PingPongBenchmark;
import java.util.concurrent.CompletableFuture;
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
 * Baseline for {@code PingPongBenchmark}: two plain virtual threads pass one message back and forth through
 * hand-written mailboxes; round trips per second. No Foundation BEAM class is involved.
 *
 * <p><b>How.</b> A pinger and a ponger per trial, each a virtual thread with a {@link Mailbox} of the kind given by
 * the parameter {@code mailbox} ({@code clq} or {@code ltq}), both blocked in {@link Mailbox#receive()} when idle (as
 * the receive-loop processes of {@code PingPongBenchmark.receiveLoops}). Each invocation sends the pinger a
 * {@link Serve}; the pinger sends a ball to the ponger and waits for it to come back, {@value #ROUND_TRIPS} times, then
 * completes a future that the benchmark thread waits for (at most 60 s). Only one message is ever in flight, so this
 * measures latency (send, wake-up of the receiver, receive) rather than bulk throughput. JMH Throughput mode with
 * {@code @OperationsPerInvocation(ROUND_TRIPS)} gives round trips per second. At the end of the trial both threads
 * are interrupted and joined (at most 60 s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class BaselinePingPongBenchmark {

    /** Round trips per invocation. */
    static final int ROUND_TRIPS = PingPongBenchmark.ROUND_TRIPS;

    /** The message passed back and forth; it names the mailbox to send it back to. */
    record Ball(Mailbox returnTo) {
    }

    /** Starts a series of {@code roundTrips} round trips; {@code done} completes after the last. */
    record Serve(int roundTrips, CompletableFuture<Integer> done) {
    }

    /** The pinger: waits for a {@link Serve}, then plays the series with blocking receives. */
    static void pinger(Mailbox self, Mailbox ponger) throws InterruptedException {
        Ball ball = new Ball(self);
        for (;;) {
            Serve serve = (Serve) self.receive();
            for (int i = 0; i < serve.roundTrips(); i++) {
                ponger.send(ball);
                self.receive();
            }
            serve.done().complete(serve.roundTrips());
        }
    }

    /** The ponger: sends every ball back. */
    static void ponger(Mailbox self) throws InterruptedException {
        for (;;) {
            Ball ball = (Ball) self.receive();
            ball.returnTo().send(ball);
        }
    }

    /** Pinger and ponger threads per trial. */
    @State(Scope.Benchmark)
    public static class Players {
        /** The mailbox kind: {@code clq} or {@code ltq}. */
        @Param({Mailbox.CLQ, Mailbox.LTQ})
        public String mailbox;

        Mailbox pinger;
        Thread[] threads;

        /** Starts the two threads. */
        @Setup(Level.Trial)
        public void start() {
            var newMailbox = Mailbox.factory(mailbox);
            Mailbox ponger = newMailbox.get();
            pinger = newMailbox.get();
            threads = new Thread[] {
                BaselineSupport.start(ponger, BaselinePingPongBenchmark::ponger),
                BaselineSupport.start(pinger, self -> pinger(self, ponger)),
            };
        }

        /** Interrupts both threads and waits for them to end. */
        @TearDown(Level.Trial)
        public void stop() {
            BaselineSupport.stop(threads);
        }
    }

    /**
     * @param s the trial's threads
     * @return the number of round trips played
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int receiveLoops(Players s) {
        Serve serve = new Serve(ROUND_TRIPS, new CompletableFuture<>());
        s.pinger.send(serve);
        return BaselineSupport.await(serve.done());
    }
}
