package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Worker;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.Terminated;
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
 * W5, cross-ecosystem forwarding: coordinator A -> coordinator B -> a worker of B; messages per second delivered to
 * the worker, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> Two ecosystems, A and B, of {@value #WORKERS} workers each. Each invocation sends
 * coordinator A a {@link Round}; A forwards it to coordinator B, then sends B {@value #MESSAGES} boxed
 * {@code Integer}s in a tight loop; B forwards every message to its worker 0, which counts them. The invocation ends
 * when the worker has counted the last one. Every message makes two hops (A to B, B to the worker), both inside
 * the measured time.
 *
 * <p><b>How both systems are made equivalent.</b>
 * <ul>
 *   <li>Foundation BEAM: two ecosystems with custom coordinators ({@link Coordinator#handle}), fault tolerance
 *       STANDARD, SHARED_HEAP (messages by reference, as on Pekko). The benchmark thread reaches A with
 *       {@link Ecosystem#send}; A sends to B's coordinator process ({@link Ecosystem#coordinator()}, looked up once
 *       per round) and B to its worker 0 ({@link CoordinatorContext#workers()}, looked up once per round, because
 *       that call copies the list). The worker is a {@link Worker}; a message sent straight to its process reaches
 *       its {@code handle}.</li>
 *   <li>Pekko: two coordinator actors, each of which spawns and watches {@value #WORKERS} child actors; A knows B's
 *       ref; B forwards to its first child. The same forwarding and counting logic.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W5CrossEcosystemBenchmark extends SideBenchmark {

    /** Messages per invocation. */
    static final int MESSAGES = 1_000_000;
    /** Workers per ecosystem. */
    static final int WORKERS = 4;

    /** @return messages counted by the worker */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long forwarded() {
        return side.round();
    }

    // ------------------------------------------------------------------ Foundation BEAM

    /** Counts messages the way the 1->1 consumer does; a worker of B. */
    static final class BeamCountingWorker implements Worker {
        private Round round;
        private long count;

        @Override
        public Object handle(Object message, WorkerContext context) {
            if (message instanceof Round r) {
                round = r;
                count = 0;
            } else if (++count == round.expected()) {
                round.done().complete(count);
            }
            return null;
        }
    }

    @Override
    protected Side beam() {
        BeamRuntime runtime = CompareSupport.newRuntime("w5");
        Ecosystem b = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("w5-b")
                .workers(WORKERS, BeamCountingWorker::new)
                .coordinator(() -> new Coordinator() {
                    private ProcessRef target;

                    @Override
                    public Object handle(Object message, CoordinatorContext context) {
                        if (message instanceof Round) {
                            target = context.workers().get(0);
                        }
                        target.send(message);
                        return null;
                    }
                })
                .faultTolerance(FaultTolerance.STANDARD).memoryStrategy(MemoryStrategy.SHARED_HEAP).build());
        Ecosystem a = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("w5-a")
                .workers(WORKERS, () -> (message, context) -> null)
                .coordinator(() -> new Coordinator() {
                    @Override
                    public Object handle(Object message, CoordinatorContext context) {
                        ProcessRef to = b.coordinator();
                        to.send(message);
                        for (int i = 0; i < MESSAGES; i++) {
                            to.send(Integer.valueOf(i));
                        }
                        return null;
                    }
                })
                .faultTolerance(FaultTolerance.STANDARD).memoryStrategy(MemoryStrategy.SHARED_HEAP).build());
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(MESSAGES);
                a.send(round);
                return CompareSupport.await(round.done());
            }

            @Override
            public void close() {
                a.shutdown(Duration.ofSeconds(10));
                b.shutdown(Duration.ofSeconds(10));
                runtime.close();
            }
        };
    }

    // ------------------------------------------------------------------ Apache Pekko

    /** Tells coordinator A where coordinator B is. */
    record Peer(ActorRef<Object> coordinatorB) {
    }

    /** A Pekko coordinator: spawns and watches its workers; A produces to B, B forwards to its first worker. */
    static final class PekkoCoordinator extends AbstractMatchingBehavior<Object> {
        private final ActorRef<Object> firstWorker;
        private ActorRef<Object> peer;

        PekkoCoordinator(ActorContext<Object> context, Behavior<Object> worker) {
            super(context);
            ActorRef<Object> first = null;
            for (int i = 0; i < WORKERS; i++) {
                ActorRef<Object> w = context.spawn(worker, "worker-" + i);
                context.watch(w);
                if (first == null) {
                    first = w;
                }
            }
            firstWorker = first;
        }

        @Override
        public Behavior<Object> onMessage(Object message) {
            if (message instanceof Peer p) {
                peer = p.coordinatorB();
            } else if (peer != null) {
                ActorRef<Object> to = peer;
                to.tell(message);
                for (int i = 0; i < MESSAGES; i++) {
                    to.tell(Integer.valueOf(i));
                }
            } else {
                firstWorker.tell(message);
            }
            return this;
        }

        @Override
        public Behavior<Object> onSignal(Signal signal) {
            return signal instanceof Terminated ? this : Behaviors.unhandled();
        }
    }

    /** Pekko worker: the same counting logic as {@link BeamCountingWorker}. */
    static final class PekkoCountingWorker extends AbstractMatchingBehavior<Object> {
        private Round round;
        private long count;

        PekkoCountingWorker(ActorContext<Object> context) {
            super(context);
        }

        @Override
        public Behavior<Object> onMessage(Object message) {
            if (message instanceof Round r) {
                round = r;
                count = 0;
            } else if (++count == round.expected()) {
                round.done().complete(count);
            }
            return this;
        }
    }

    @Override
    protected Side pekko() {
        PekkoSupport pekko = new PekkoSupport("w5");
        Behavior<Object> counting = Behaviors.setup(PekkoCountingWorker::new);
        Behavior<Object> idle = Behaviors.receiveMessage(message -> Behaviors.same());
        ActorRef<Object> b = pekko.spawn(Behaviors.<Object>setup(c -> new PekkoCoordinator(c, counting)), "b");
        ActorRef<Object> a = pekko.spawn(Behaviors.<Object>setup(c -> new PekkoCoordinator(c, idle)), "a");
        a.tell(new Peer(b));
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(MESSAGES);
                a.tell(round);
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
