package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.ShutdownPolicy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
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
 * A supervisor's child operations at scale (issue 18, deviation 6): start N children one by one with
 * {@link Supervisor#startChild}, then terminate and delete them one by one, N = 1000, 100000.
 *
 * <p><b>How.</b> One runtime and one empty {@code ONE_FOR_ONE} supervisor per trial. Each invocation makes N
 * {@code startChild} calls (each a call to the supervisor, which spawns a linked worker and awaits its init), then,
 * in start order, N {@code terminateChild} calls (brutal kill, waited for through a monitor) and N
 * {@code deleteChild} calls, so the supervisor is empty again. The score is the time of one invocation (3N calls);
 * divide by 3N for one call. With the children in a list scanned by id and by pid the invocation grew as N²; with the
 * child table it should grow as N.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class SupervisorChildOpsBenchmark {

    /** The children's handler: they receive nothing. */
    static final ProcessHandler CHILD = (message, context) -> null;

    @Param({"1000", "100000"})
    int n;

    private BeamRuntime runtime;
    private Supervisor supervisor;
    private ChildSpec[] specs;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = BeamRuntime.builder().name("sup-child-ops").build();
        supervisor = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE));
        specs = new ChildSpec[n];
        for (int i = 0; i < n; i++) {
            specs[i] = ChildSpec.worker("c" + i, () -> CHILD).withShutdown(ShutdownPolicy.brutalKill());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        supervisor.stop(Duration.ofSeconds(30));
        runtime.close();
    }

    @Benchmark
    public int startTerminateDelete() {
        for (ChildSpec spec : specs) {
            supervisor.startChild(spec);
        }
        for (ChildSpec spec : specs) {
            supervisor.terminateChild(spec.id());
            supervisor.deleteChild(spec.id());
        }
        return supervisor.children().size();
    }
}
