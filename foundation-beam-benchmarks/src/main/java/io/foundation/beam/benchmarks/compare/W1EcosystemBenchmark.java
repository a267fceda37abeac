package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemShutdownReport;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Worker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1, ecosystem creation and shutdown: a coordinator and N monitored workers, N = 10, 100, 1000, 10 000; average
 * time per creation ({@link #create}) and per shutdown ({@link #shutdown}), Foundation BEAM against Apache Pekko
 * typed.
 *
 * <p><b>What is measured.</b> {@link #create}: from the request until the ecosystem is ready, that is every worker
 * has started and is monitored by the coordinator; the shutdown that follows each invocation is outside the timing.
 * {@link #shutdown}: from the request until the coordinator and every worker have stopped; the creation before each
 * invocation is outside the timing.
 *
 * <p><b>How both systems are made equivalent.</b>
 * <ul>
 *   <li>Foundation BEAM: {@link Ecosystems#spawnEcosystem} with N workers (a trivial echo worker without
 *       {@code init}), the default coordinator, fault tolerance STANDARD (the coordinator monitors every worker,
 *       nothing is restarted) and SHARED_HEAP (no message copying, as on Pekko). It returns when the ecosystem's
 *       supervisor has started every worker and the coordinator, which monitors them. Shutdown:
 *       {@link Ecosystem#shutdown}, which returns when every member has stopped.</li>
 *   <li>Pekko: the benchmark thread asks the guardian ({@link SpawnProtocol}) to spawn an anonymous coordinator
 *       actor; in its setup the coordinator spawns N anonymous child actors and watches each ({@code watch}, the
 *       typed default supervision: a failed child is stopped, not restarted). Each child, in its own setup (that is,
 *       once it has started), tells the coordinator so; when all N have, the coordinator completes the ready future.
 *       Shutdown: a stop message makes the coordinator stop; Pekko stops its children first and runs the
 *       coordinator's {@code PostStop} last, which completes the stopped future.</li>
 * </ul>
 * One runtime or actor system per trial, kept across invocations (as an application keeps it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W1EcosystemBenchmark {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The workers' logic on Foundation BEAM: echoes. */
    static final Worker ECHO = (message, context) -> message;

    /** A created ecosystem, on either system; {@link #shutdown()} stops it and waits until it has stopped. */
    interface Created {
        /** Stops the ecosystem and waits. */
        void shutdown();
    }

    /** Creates ecosystems of one size on one system. */
    interface Factory extends AutoCloseable {
        /** @return a ready ecosystem */
        Created create();

        @Override
        void close();
    }

    /** Per trial: the system, the size and a factory. */
    @State(Scope.Benchmark)
    public abstract static class Fixture {
        /** Which system runs the workload. */
        @Param({CompareSupport.BEAM, CompareSupport.PEKKO})
        public String system;
        /** Workers per ecosystem. */
        @Param({"10", "100", "1000", "10000"})
        public int workers;
        Factory factory;
        Created created;

        /** Starts the runtime or the actor system. */
        @Setup(Level.Trial)
        public void start() {
            factory = CompareSupport.isBeam(system) ? new BeamFactory(workers) : new PekkoFactory(workers);
        }

        /** Shuts down any ecosystem left and closes the runtime or actor system. */
        @TearDown(Level.Trial)
        public void stop() {
            if (created != null) {
                created.shutdown();
                created = null;
            }
            factory.close();
        }
    }

    /** For {@link #create}: each ecosystem is shut down after its invocation, outside the timing. */
    public static class CreateFixture extends Fixture {
        /** Shuts the invocation's ecosystem down. */
        @TearDown(Level.Invocation)
        public void shutdownCreated() {
            if (created != null) {
                created.shutdown();
                created = null;
            }
        }
    }

    /** For {@link #shutdown}: each invocation's ecosystem is created before it, outside the timing. */
    public static class ShutdownFixture extends Fixture {
        /** Creates the ecosystem the invocation shuts down. */
        @Setup(Level.Invocation)
        public void createOne() {
            created = factory.create();
        }
    }

    /**
     * @param fixture the trial's factory
     * @return the ready ecosystem
     */
    @Benchmark
    public Object create(CreateFixture fixture) {
        fixture.created = fixture.factory.create();
        return fixture.created;
    }

    /**
     * @param fixture the trial's factory, with an ecosystem created for this invocation
     */
    @Benchmark
    public void shutdown(ShutdownFixture fixture) {
        fixture.created.shutdown();
        fixture.created = null;
    }

    // ------------------------------------------------------------------ Foundation BEAM

    static final class BeamFactory implements Factory {
        private final BeamRuntime runtime = CompareSupport.newRuntime("w1");
        private final EcosystemConfig config;

        BeamFactory(int workers) {
            config = EcosystemConfig.builder("w1").workers(workers, () -> ECHO)
                    .faultTolerance(FaultTolerance.STANDARD).memoryStrategy(MemoryStrategy.SHARED_HEAP).build();
        }

        @Override
        public Created create() {
            Ecosystem ecosystem = Ecosystems.spawnEcosystem(runtime, config);
            return () -> {
                EcosystemShutdownReport report = ecosystem.shutdown(SHUTDOWN_TIMEOUT);
                if (ecosystem.isRunning()) {
                    throw new IllegalStateException("ecosystem still running after shutdown: " + report);
                }
            };
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    // ------------------------------------------------------------------ Apache Pekko

    /** A worker tells its coordinator it has started. */
    static final Object STARTED = new Object() {
        @Override
        public String toString() {
            return "started";
        }
    };

    /** Tells a coordinator to stop. */
    static final Object STOP = new Object() {
        @Override
        public String toString() {
            return "stop";
        }
    };

    /** The children's behaviour once started: ignores every message (none is sent to them in this workload). */
    static final Behavior<Object> IDLE_WORKER = Behaviors.receiveMessage(message -> Behaviors.same());

    /** Pekko coordinator: spawns and watches N children, reports ready when all have started. */
    static final class PekkoCoordinator extends AbstractMatchingBehavior<Object> {
        private final int workers;
        private final CompletableFuture<ActorRef<Object>> ready;
        private final CompletableFuture<Void> stopped;
        private int started;

        PekkoCoordinator(ActorContext<Object> context, int workers, CompletableFuture<ActorRef<Object>> ready,
                CompletableFuture<Void> stopped) {
            super(context);
            this.workers = workers;
            this.ready = ready;
            this.stopped = stopped;
            ActorRef<Object> self = context.getSelf();
            Behavior<Object> worker = Behaviors.setup(child -> {
                self.tell(STARTED);
                return IDLE_WORKER;
            });
            for (int i = 0; i < workers; i++) {
                context.watch(context.spawnAnonymous(worker));
            }
        }

        @Override
        public Behavior<Object> onMessage(Object message) {
            if (message == STARTED) {
                if (++started == workers) {
                    ready.complete(getContext().getSelf());
                }
                return this;
            }
            if (message == STOP) {
                return Behaviors.stopped();
            }
            throw new IllegalArgumentException("unexpected " + message);
        }

        @Override
        public Behavior<Object> onSignal(Signal signal) {
            if (signal instanceof PostStop) {
                stopped.complete(null);
            } else if (!(signal instanceof Terminated)) {
                return Behaviors.unhandled();
            }
            return this;
        }
    }

    static final class PekkoFactory implements Factory {
        private final PekkoSupport pekko = new PekkoSupport("w1");
        private final int workers;

        PekkoFactory(int workers) {
            this.workers = workers;
        }

        @Override
        public Created create() {
            CompletableFuture<ActorRef<Object>> ready = new CompletableFuture<>();
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            Behavior<Object> coordinator = Behaviors.setup(context -> new PekkoCoordinator(context, workers, ready,
                    stopped));
            pekko.system().tell(new SpawnProtocol.Spawn<>(coordinator, "", Props.empty(),
                    pekko.system().ignoreRef()));
            ActorRef<Object> ref = CompareSupport.await(ready);
            return () -> {
                ref.tell(STOP);
                CompareSupport.await(stopped);
            };
        }

        @Override
        public void close() {
            pekko.close();
        }
    }
}
