package io.foundation.beam.benchmarks;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import java.util.concurrent.CompletableFuture;
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
 * Spawning N linked ({@link ProcessContext#spawnLink}) or N monitored ({@link ProcessContext#spawnMonitor})
 * handler-style processes from inside a parent process, N = 10, 100, 1000, 10000.
 *
 * <p><b>How.</b> One runtime and one parent process (a handler that traps exits) per trial. Each invocation sends
 * the parent a command; the parent spawns N children whose handler is a trivial lambda (no {@code init}, so a
 * child holds no thread and "spawned" means the spawn call has returned), stores their refs in an array and
 * completes a future, which the benchmark thread waits for. The score is the average time of one such invocation
 * (ms/op), so it includes one message to the parent, the parent's activation (a virtual-thread start) and the
 * future's completion waking the (platform) benchmark thread; {@link #commandRoundTrip} measures that fixed part
 * alone (N = 0) so it can be subtracted.
 *
 * <p><b>Clean-up.</b> After every invocation (outside the measured time) the parent kills its children and waits
 * until it has received all N exit signals (linked) or down notifications (monitored), and the runtime is checked
 * to hold only the parent again, so invocations never accumulate processes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class SpawnBenchmark {

    /** The children's handler: never called in this benchmark (the children receive no message). */
    static final ProcessHandler CHILD = (message, context) -> null;

    /** Spawn N children linked (true) or monitored (false) and complete {@code done} with their refs. */
    record SpawnChildren(int n, boolean link, CompletableFuture<ProcessRef[]> done) {
    }

    /** Kill the children of the last round and complete {@code done} once all their exits have arrived. */
    record KillChildren(CompletableFuture<Void> done) {
    }

    /** Complete {@code done} at once (measures the command round trip without spawning). */
    record Ping(CompletableFuture<ProcessRef[]> done) {
    }

    /** The parent: spawns on command, then kills its children and counts their exit signals / down messages. */
    static final class Parent implements ProcessHandler {
        private static final ProcessRef[] NONE = new ProcessRef[0];

        private ProcessRef[] children = NONE;
        private int pendingExits;
        private CompletableFuture<Void> cleanedUp;

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case SpawnChildren s -> {
                    ProcessRef[] refs = new ProcessRef[s.n()];
                    if (s.link()) {
                        for (int i = 0; i < refs.length; i++) {
                            refs[i] = context.spawnLink(CHILD);
                        }
                    } else {
                        for (int i = 0; i < refs.length; i++) {
                            refs[i] = context.spawnMonitor(CHILD).process();
                        }
                    }
                    children = refs;
                    s.done().complete(refs);
                }
                case Ping p -> p.done().complete(NONE);
                case KillChildren k -> {
                    cleanedUp = k.done();
                    pendingExits = children.length;
                    for (ProcessRef child : children) {
                        context.kill(child);
                    }
                    children = NONE;
                    if (pendingExits == 0) {
                        cleanedUp.complete(null);
                    }
                }
                case Signal.Exit e -> countExit();
                case Signal.Down d -> countExit();
                default -> throw new IllegalArgumentException("unexpected message " + message);
            }
            return null;
        }

        private void countExit() {
            if (--pendingExits == 0) {
                cleanedUp.complete(null);
            }
        }
    }

    /** One runtime and one parent per trial. */
    @State(Scope.Benchmark)
    public static class Parents {
        BeamRuntime runtime;
        ProcessRef parent;

        /** Creates the runtime and the parent. */
        @Setup(Level.Trial)
        public void startRuntime() {
            runtime = BenchmarkSupport.newRuntime("spawn");
            parent = runtime.spawn(new Parent(), SpawnOptions.defaults().withTrapExits(true));
        }

        /** Closes the runtime. */
        @TearDown(Level.Trial)
        public void closeRuntime() {
            runtime.close();
        }
    }

    /** Adds the number of children and the per-invocation clean-up. */
    @State(Scope.Benchmark)
    public static class Children extends Parents {
        /** How many children each invocation spawns. */
        @Param({"10", "100", "1000", "10000"})
        public int n;

        /** Kills the children spawned by the last invocation and waits until all their exits reached the parent. */
        @TearDown(Level.Invocation)
        public void killChildren() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            parent.send(new KillChildren(done));
            BenchmarkSupport.await(done);
            int live = runtime.processCount();
            if (live != 1) {
                throw new IllegalStateException("expected only the parent to be alive after clean-up, found " + live);
            }
        }
    }

    /**
     * @param s the trial's state
     * @return the refs of the N linked children
     */
    @Benchmark
    public ProcessRef[] spawnLink(Children s) {
        CompletableFuture<ProcessRef[]> done = new CompletableFuture<>();
        s.parent.send(new SpawnChildren(s.n, true, done));
        return BenchmarkSupport.await(done);
    }

    /**
     * @param s the trial's state
     * @return the refs of the N monitored children
     */
    @Benchmark
    public ProcessRef[] spawnMonitor(Children s) {
        CompletableFuture<ProcessRef[]> done = new CompletableFuture<>();
        s.parent.send(new SpawnChildren(s.n, false, done));
        return BenchmarkSupport.await(done);
    }

    /**
     * The fixed part of every spawn invocation: a command to the idle parent and the completion of its future
     * (reported in microseconds, to keep its digits).
     *
     * @param s the trial's state
     * @return an empty array
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ProcessRef[] commandRoundTrip(Parents s) {
        CompletableFuture<ProcessRef[]> done = new CompletableFuture<>();
        s.parent.send(new Ping(done));
        return BenchmarkSupport.await(done);
    }

    /**
     * Waking an idle parent from outside (issue 24, item 6): as {@link #commandRoundTrip}, but every command comes
     * {@value IdleGap#MICROS} us after the last answer ({@link IdleGap}, not measured), so the parent has given its
     * carrier up and must be woken; back to back, a spinning parent catches the next command without a wake-up and
     * the figure measures the spin, not the wake.
     *
     * @param s the trial's state
     * @param gap the idle gap before each invocation
     * @return an empty array
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ProcessRef[] commandAfterIdle(Parents s, IdleGap gap) {
        return commandRoundTrip(s);
    }
}
