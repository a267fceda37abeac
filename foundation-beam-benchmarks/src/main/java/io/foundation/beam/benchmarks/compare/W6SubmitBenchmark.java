package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.MemoryStrategy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W6, ecosystem work submission end to end (submit -> worker -> result future), self-healing on: submissions per
 * second, Foundation BEAM against Apache Pekko typed.
 *
 * <p><b>What is measured.</b> Each invocation submits {@value #BATCH} pieces of work (the {@code Integer}s 0 to
 * {@value #BATCH} - 1) from the benchmark thread, each getting a future, and then waits for every future; each
 * worker answers n + 1, and the sum of the answers is checked. So every submission has been dispatched, handled by
 * a worker and answered inside the measured time.
 *
 * <p><b>How both systems are made equivalent.</b>
 * <ul>
 *   <li>Foundation BEAM: {@link Ecosystem#submit} on an ecosystem of {@value #WORKERS} workers, fault tolerance
 *       SELF_HEALING (crashed workers are restarted and their work retried), ROUND_ROBIN dispatch, SHARED_HEAP (the
 *       work passed by reference, as on Pekko; an {@code Integer} would not be copied under ISOLATED_HEAPS either),
 *       the default work timeout of 30 s.</li>
 *   <li>Pekko: the ask pattern ({@link AskPattern#ask}, 30 s timeout) to a pool router
 *       ({@link Routers#pool}, round robin, the default) of {@value #WORKERS} routees, each wrapped in
 *       {@code Behaviors.supervise(...).onFailure(SupervisorStrategy.restart())}, so a crashed worker is restarted
 *       (its message is not retried: Pekko has no such feature, so the Pekko side does less work per failure, but
 *       no failure happens here).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class W6SubmitBenchmark extends SideBenchmark {

    /** Submissions per invocation. */
    static final int BATCH = 10_000;
    /** Workers (routees). */
    static final int WORKERS = 4;
    /** The work and answer timeout, as Foundation BEAM's default. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The sum of the answers n + 1 for n = 0 to BATCH - 1. */
    static final long EXPECTED_SUM = (long) BATCH * (BATCH + 1) / 2;

    /** @return the sum of the answers */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitted() {
        return side.round();
    }

    @SuppressWarnings("unchecked")
    private static long sumOf(CompletableFuture<?>[] futures) {
        CompareSupport.await(CompletableFuture.allOf(futures));
        long sum = 0;
        for (CompletableFuture<?> f : futures) {
            sum += ((CompletableFuture<Integer>) f).join();
        }
        if (sum != EXPECTED_SUM) {
            throw new IllegalStateException("answers sum to " + sum + ", expected " + EXPECTED_SUM);
        }
        return sum;
    }

    @Override
    protected Side beam() {
        BeamRuntime runtime = CompareSupport.newRuntime("w6");
        Ecosystem ecosystem = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("w6")
                .workers(WORKERS, () -> (message, context) -> (Integer) message + 1)
                .faultTolerance(FaultTolerance.SELF_HEALING).dispatch(DispatchStrategy.ROUND_ROBIN)
                .memoryStrategy(MemoryStrategy.SHARED_HEAP).workTimeout(TIMEOUT).build());
        return new Side() {
            @Override
            public long round() {
                CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    futures[i] = ecosystem.submit(Integer.valueOf(i));
                }
                return sumOf(futures);
            }

            @Override
            public void close() {
                ecosystem.shutdown(Duration.ofSeconds(10));
                runtime.close();
            }
        };
    }

    /**
     * Work for a Pekko routee.
     *
     * @param value the input
     * @param replyTo where the answer goes (the ask's temporary ref)
     */
    record Work(int value, ActorRef<Integer> replyTo) {
    }

    @Override
    protected Side pekko() {
        PekkoSupport pekko = new PekkoSupport("w6");
        Behavior<Work> worker = Behaviors.supervise(Behaviors.<Work>receiveMessage(work -> {
            work.replyTo().tell(work.value() + 1);
            return Behaviors.same();
        })).onFailure(SupervisorStrategy.restart());
        ActorRef<Work> router = pekko.spawn(Routers.pool(WORKERS, worker), "workers");
        ActorSystem<?> system = pekko.system();
        return new Side() {
            @Override
            public long round() {
                CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    int value = i;
                    CompletionStage<Integer> answer = AskPattern.ask(router, replyTo -> new Work(value, replyTo),
                            TIMEOUT, system.scheduler());
                    futures[i] = answer.toCompletableFuture();
                }
                long sum = sumOf(futures);
                pekko.checkNoDeadLetters();
                return sum;
            }

            @Override
            public void close() {
                pekko.close();
            }
        };
    }
}
