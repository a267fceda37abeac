package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
 * W3, ping-pong: round trips per second, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> Two processes or actors pass one ball back and forth; each invocation plays
 * {@value #ROUND_TRIPS} round trips and ends when the pinger has received the last return. Only one message is ever
 * in flight, so this measures the latency of a hop (send, wake-up of an idle receiver, handling).
 *
 * <p><b>How both systems are made equivalent.</b> Handler processes on Foundation BEAM (they hold no thread while
 * idle, as an actor holds none), actors on Pekko (default dispatcher); the same logic: the ball names the process or
 * actor to send it back to, and the ponger replies to that. The Pekko side fails if any message turns into a dead
 * letter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W3PingPongBenchmark extends SideBenchmark {

    /** Round trips per invocation. */
    static final int ROUND_TRIPS = 100_000;

    /** Starts a series of round trips; {@code done} completes after the last. */
    record Serve(int roundTrips, CompletableFuture<Long> done) {
    }

    /** The ball, naming where to send it back (a {@link ProcessRef} or a Pekko {@link ActorRef}). */
    record Ball(Object returnTo) {
    }

    /** @return round trips played */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long handlers() {
        return side.round();
    }

    // ------------------------------------------------------------------ Foundation BEAM

    /** Pinger process: serves on {@link Serve}, then returns the ball until the series is over. */
    static final class BeamPinger implements ProcessHandler {
        private final ProcessRef ponger;
        private Ball ball;
        private Serve serve;
        private int remaining;

        BeamPinger(ProcessRef ponger) {
            this.ponger = ponger;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            if (message instanceof Ball b) {
                if (--remaining == 0) {
                    serve.done().complete((long) serve.roundTrips());
                } else {
                    ponger.send(b);
                }
            } else {
                serve = (Serve) message;
                remaining = serve.roundTrips();
                if (ball == null) {
                    ball = new Ball(context.self());
                }
                ponger.send(ball);
            }
            return null;
        }
    }

    @Override
    protected Side beam() {
        BeamRuntime runtime = CompareSupport.newRuntime("ping-pong");
        ProcessRef ponger = runtime.spawn((message, context) -> {
            ((ProcessRef) ((Ball) message).returnTo()).send(message);
            return null;
        });
        ProcessRef pinger = runtime.spawn(new BeamPinger(ponger));
        return new Side() {
            @Override
            public long round() {
                Serve serve = new Serve(ROUND_TRIPS, new CompletableFuture<>());
                pinger.send(serve);
                return CompareSupport.await(serve.done());
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    // ------------------------------------------------------------------ Apache Pekko

    /** Pinger actor: the same logic as {@link BeamPinger}. */
    static final class PekkoPinger extends AbstractMatchingBehavior<Object> {
        private final ActorRef<Object> ponger;
        private Ball ball;
        private Serve serve;
        private int remaining;

        PekkoPinger(ActorContext<Object> context, ActorRef<Object> ponger) {
            super(context);
            this.ponger = ponger;
        }

        @Override
        public Behavior<Object> onMessage(Object message) {
            if (message instanceof Ball b) {
                if (--remaining == 0) {
                    serve.done().complete((long) serve.roundTrips());
                } else {
                    ponger.tell(b);
                }
            } else {
                serve = (Serve) message;
                remaining = serve.roundTrips();
                if (ball == null) {
                    ball = new Ball(getContext().getSelf());
                }
                ponger.tell(ball);
            }
            return this;
        }
    }

    @Override
    protected Side pekko() {
        PekkoSupport pekko = new PekkoSupport("ping-pong");
        ActorRef<Object> ponger = pekko.spawn(Behaviors.receiveMessage(message -> {
            @SuppressWarnings("unchecked")
            ActorRef<Object> returnTo = (ActorRef<Object>) ((Ball) message).returnTo();
            returnTo.tell(message);
            return Behaviors.same();
        }), "ponger");
        ActorRef<Object> pinger = pekko.spawn(Behaviors.<Object>setup(context -> new PekkoPinger(context, ponger)),
                "pinger");
        return new Side() {
            @Override
            public long round() {
                Serve serve = new Serve(ROUND_TRIPS, new CompletableFuture<>());
                pinger.tell(serve);
                long trips = CompareSupport.await(serve.done());
                pekko.checkNoDeadLetters();
                return trips;
            }

            @Override
            public void close() {
                pekko.close();
            }
        };
    }
}
