package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.telemetry.ProcessTop;
import io.foundation.beam.telemetry.TopSample;
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
 * The observer's sampler ({@link ProcessTop#sample}) over N idle processes, N = 10 000 and 100 000: what one
 * etop-style sample costs the thread that takes it.
 *
 * <p><b>How.</b> One runtime per trial with N handler processes that were never sent a message (no thread, no
 * mailbox: the cheapest processes there are, so the figure is the pass itself, not the processes' own work), and one
 * {@code ProcessTop}. Each invocation is one {@code sample(20)}: a pass over the process table, the three bounded
 * lists and the {@code ProcessInfo} of the (at most 20) listed processes; its first invocation also fills the
 * previous counts, every later one swaps and refills them. The score is the average time of one sample (ms/op);
 * run with {@code -prof gc} for the bytes allocated per sample ({@code gc.alloc.rate.norm}).
 *
 * <p>Nothing changes between samples, so the lists are the same every time (idle processes tie on their memory
 * figure: the 20 oldest are listed) and no rate is above zero.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class ProcessTopBenchmark {

    /** The idle processes' handler: never called (they receive no message). */
    static final ProcessHandler IDLE = (message, context) -> null;

    /** One runtime of N idle processes and one sampler per trial. */
    @State(Scope.Benchmark)
    public static class Idle {
        /** How many idle processes the runtime holds. */
        @Param({"10000", "100000"})
        public int processes;

        BeamRuntime runtime;
        ProcessTop top;

        /** Spawns the processes and creates the sampler. */
        @Setup(Level.Trial)
        public void startRuntime() {
            runtime = BenchmarkSupport.newRuntime("top");
            for (int i = 0; i < processes; i++) {
                runtime.spawn(IDLE);
            }
            top = ProcessTop.of(runtime);
        }

        /** Checks that every sample saw every process, then closes the runtime. */
        @TearDown(Level.Trial)
        public void closeRuntime() {
            TopSample last = top.sample(20);
            runtime.close();
            if (last.processCount() != processes || last.byMemory().size() != 20) {
                throw new IllegalStateException("expected " + processes + " processes and 20 listed, sampled "
                        + last.processCount() + " and " + last.byMemory().size());
            }
        }
    }

    /**
     * @param s the trial's state
     * @return the sample
     */
    @Benchmark
    public TopSample sample20(Idle s) {
        return s.top.sample(20);
    }
}
