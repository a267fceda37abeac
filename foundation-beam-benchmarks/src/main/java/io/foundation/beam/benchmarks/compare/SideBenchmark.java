package io.foundation.beam.benchmarks.compare;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The part every head-to-head workload shares: the {@code system} parameter, and one {@link Side} per JMH trial,
 * built for the chosen system and closed at the end of the trial. A workload says how to build each side.
 */
@State(Scope.Benchmark)
public abstract class SideBenchmark {

    /** Which system runs the workload. */
    @Param({CompareSupport.BEAM, CompareSupport.PEKKO})
    public String system;

    /** The trial's side. */
    protected Side side;

    /** Starts the chosen system's side. */
    @Setup(Level.Trial)
    public void start() {
        side = CompareSupport.isBeam(system) ? beam() : pekko();
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void stop() {
        side.close();
    }

    /** @return the Foundation BEAM side, started */
    protected abstract Side beam();

    /** @return the Pekko side, started */
    protected abstract Side pekko();
}
