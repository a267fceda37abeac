package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.Worker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The seed's "ecosystem creation" figure: {@code spawnEcosystem} with a coordinator and N self-healing workers
 * (N = 10, 100, 1000), until it returns, which is when the supervisor has started every child synchronously (each
 * worker's init has run and the coordinator monitors them all). The ecosystem is shut down after each invocation,
 * outside the measured time. Score: average time per creation (ms/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EcosystemCreationBenchmark {

    static final Worker ECHO = (message, context) -> message;

    @Param({"10", "100", "1000"})
    int workers;

    private BeamRuntime runtime;
    private EcosystemConfig config;
    private Ecosystem ecosystem;

    @Setup(Level.Trial)
    public void open() {
        runtime = BeamRuntime.builder().name("bench").build();
        config = EcosystemConfig.builder("bench").workers(workers, () -> ECHO)
                .faultTolerance(FaultTolerance.SELF_HEALING).build();
    }

    @Benchmark
    public Ecosystem spawnEcosystem() {
        ecosystem = Ecosystems.spawnEcosystem(runtime, config);
        return ecosystem;
    }

    @TearDown(Level.Invocation)
    public void shutdownEcosystem() {
        if (ecosystem != null) {
            ecosystem.shutdown(Duration.ofSeconds(10));
            ecosystem = null;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        runtime.close();
    }
}
