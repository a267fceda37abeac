package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ping-pong: two processes pass one message back and forth; round trips per second.
 *
 * <p><b>How.</b> One runtime and two processes per trial. Each invocation starts the pinger, which sends a ball to
 * the ponger; the ponger sends it back; after {@value #ROUND_TRIPS} returns the pinger completes a future that the
 * benchmark thread waits for. Only one message is ever in flight, so this measures latency (send, wake-up of the
 * receiver, handling) rather than bulk throughput. JMH Throughput mode with
 * {@code @OperationsPerInvocation(ROUND_TRIPS)} gives round trips per second.
 *
 * <p>Two process styles are measured:
 * <ul>
 *   <li>{@link #handlers}: both are handler-style processes ({@link ProcessHandler}), which hold no thread while
 *       idle: a message to an idle handler starts a new activation (a virtual thread) unless the receiver's
 *       activation is still spinning briefly for more work.</li>
 *   <li>{@link #receiveLoops}: both are receive-loop processes ({@code ProcessBody}) that block in
 *       {@link ProcessContext#receive()}, keeping a parked virtual thread that a message unparks.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class PingPongBenchmark {

    /** Round trips per invocation. */
    public static final int ROUND_TRIPS = 100_000;

    /** The message passed back and forth; it names the process to send it back to. */
    record Ball(ProcessRef returnTo) {
    }

    /** Starts a series of {@code roundTrips} round trips; {@code done} completes after the last. */
    record Serve(int roundTrips, CompletableFuture<Integer> done) {
    }

    /** Handler-style pinger: serves on {@link Serve}, then returns the ball until the series is over. */
    static final class HandlerPinger implements ProcessHandler {
        private ProcessRef ponger;
        private Ball ball;
        private Serve serve;
        private int remaining;

        @Override
        public Object handle(Object message, ProcessContext context) {
            if (message instanceof Ball b) {
                if (--remaining == 0) {
                    serve.done().complete(serve.roundTrips());
                } else {
                    ponger.send(b);
                }
            } else if (message instanceof Serve s) {
                serve = s;
                remaining = s.roundTrips();
                if (ball == null) {
                    ball = new Ball(context.self());
                }
                ponger.send(ball);
            } else if (message instanceof ProcessRef p) {
                ponger = p;
            }
            return null;
        }
    }

    /** Handler-style ponger: sends every ball back. */
    static final ProcessHandler HANDLER_PONGER = (message, context) -> {
        ((Ball) message).returnTo().send(message);
        return null;
    };

    /** Receive-loop pinger: waits for a {@link Serve}, then plays the series with blocking receives. */
    static void receiveLoopPinger(ProcessContext context) {
        ProcessRef ponger = context.receive(ProcessRef.class);
        Ball ball = new Ball(context.self());
        for (;;) {
            Serve serve = (Serve) context.receive();
            for (int i = 0; i < serve.roundTrips(); i++) {
                ponger.send(ball);
                context.receive();
            }
            serve.done().complete(serve.roundTrips());
        }
    }

    /** Receive-loop ponger: sends every ball back. */
    static void receiveLoopPonger(ProcessContext context) {
        for (;;) {
            Ball ball = (Ball) context.receive();
            ball.returnTo().send(ball);
        }
    }

    /** Handler-style processes, one runtime per trial. */
    @State(Scope.Benchmark)
    public static class Handlers {
        BeamRuntime runtime;
        ProcessRef pinger;

        /** Starts the runtime and the two processes. */
        @Setup(Level.Trial)
        public void start() {
            runtime = BenchmarkSupport.newRuntime("ping-pong-handlers");
            pinger = runtime.spawn(new HandlerPinger());
            pinger.send(runtime.spawn(HANDLER_PONGER));
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void close() {
            runtime.close();
        }
    }

    /** Receive-loop processes, one runtime per trial. */
    @State(Scope.Benchmark)
    public static class ReceiveLoops {
        BeamRuntime runtime;
        ProcessRef pinger;

        /** Starts the runtime and the two processes. */
        @Setup(Level.Trial)
        public void start() {
            runtime = BenchmarkSupport.newRuntime("ping-pong-receive");
            pinger = runtime.spawn(PingPongBenchmark::receiveLoopPinger);
            pinger.send(runtime.spawn(PingPongBenchmark::receiveLoopPonger));
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void close() {
            runtime.close();
        }
    }

    /**
     * @param s the trial's processes
     * @return the number of round trips played
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int handlers(Handlers s) {
        Serve serve = new Serve(ROUND_TRIPS, new CompletableFuture<>());
        s.pinger.send(serve);
        return BenchmarkSupport.await(serve.done());
    }

    /**
     * @param s the trial's processes
     * @return the number of round trips played
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int receiveLoops(ReceiveLoops s) {
        Serve serve = new Serve(ROUND_TRIPS, new CompletableFuture<>());
        s.pinger.send(serve);
        return BenchmarkSupport.await(serve.done());
    }
}
