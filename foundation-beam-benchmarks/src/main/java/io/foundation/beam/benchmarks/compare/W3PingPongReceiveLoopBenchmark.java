package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.CompletableFuture;
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
 * W3, ping-pong with receive-loop processes: round trips per second, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> As {@link W3PingPongBenchmark}, {@value W3PingPongBenchmark#ROUND_TRIPS} round trips
 * of one ball per invocation, but on Foundation BEAM both processes are receive loops ({@code ProcessBody}): each
 * keeps its own virtual thread, blocked in {@link ProcessContext#receive()}, and a message unparks it. This is the
 * other style a process can be written in (Erlang's plain {@code receive} loop); every hop is a virtual-thread park
 * and unpark, or a spin on another carrier, never a hand-on of one thread (which handler processes get, see the
 * runtime's {@code RunNext}).
 *
 * <p><b>The Pekko side</b> is the same actors as {@link W3PingPongBenchmark}'s (Pekko has one style), measured
 * again in this unit so that the ratio is taken within one JMH run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W3PingPongReceiveLoopBenchmark extends SideBenchmark {

    /** @return round trips played */
    @Benchmark
    @OperationsPerInvocation(W3PingPongBenchmark.ROUND_TRIPS)
    public long receiveLoops() {
        return side.round();
    }

    /** The pinger: waits for a serve, then plays it, each return received in {@code receive}. */
    static void pinger(ProcessContext context) {
        ProcessRef ponger = (ProcessRef) context.receive();
        W3PingPongBenchmark.Ball ball = new W3PingPongBenchmark.Ball(context.self());
        for (;;) {
            W3PingPongBenchmark.Serve serve = (W3PingPongBenchmark.Serve) context.receive();
            for (int i = 0; i < serve.roundTrips(); i++) {
                ponger.send(ball);
                context.receive();
            }
            serve.done().complete((long) serve.roundTrips());
        }
    }

    /** The ponger: sends every ball back. */
    static void ponger(ProcessContext context) {
        for (;;) {
            W3PingPongBenchmark.Ball ball = (W3PingPongBenchmark.Ball) context.receive();
            ((ProcessRef) ball.returnTo()).send(ball);
        }
    }

    @Override
    protected Side beam() {
        BeamRuntime runtime = CompareSupport.newRuntime("ping-pong-receive");
        ProcessRef pinger = runtime.spawn(W3PingPongReceiveLoopBenchmark::pinger);
        pinger.send(runtime.spawn(W3PingPongReceiveLoopBenchmark::ponger));
        return new Side() {
            @Override
            public long round() {
                W3PingPongBenchmark.Serve serve =
                        new W3PingPongBenchmark.Serve(W3PingPongBenchmark.ROUND_TRIPS, new CompletableFuture<>());
                pinger.send(serve);
                return CompareSupport.await(serve.done());
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    @Override
    protected Side pekko() {
        return new W3PingPongBenchmark().pekko();
    }
}
