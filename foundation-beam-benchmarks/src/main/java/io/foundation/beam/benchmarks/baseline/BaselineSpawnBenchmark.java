package io.foundation.beam.benchmarks.baseline;

import io.foundation.beam.benchmarks.IdleGap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Baseline for {@code SpawnBenchmark.spawnMonitor}: starting N monitored plain virtual threads, each with a
 * hand-written mailbox, from inside a parent virtual thread, N = 10, 100, 1000, 10000. No Foundation BEAM class is
 * involved.
 *
 * <p><b>How.</b> One parent per trial: a virtual thread with a {@link Mailbox} of the kind given by the parameter
 * {@code mailbox} ({@code clq} or {@code ltq}). Each invocation sends the parent a command; the parent creates N
 * children, each an empty mailbox of the same kind plus a virtual thread started with
 * {@link Thread#startVirtualThread} whose body receives from that mailbox forever (so it parks in it), stores them in
 * an array and completes a future, which the benchmark thread waits for (at most 60 s). The "monitor": each child's
 * body ends in a {@code finally} that sends the parent a {@link Down} message, so the parent observes the end of every
 * child, as with {@code spawnMonitor}'s down message; setting it up costs the child's closure one more captured
 * reference. The score is the average time of one invocation (ms/op): it ends when the parent has started the N
 * threads ({@code start} has returned), not when they have run or parked; on a 2-core machine the children that the
 * scheduler runs meanwhile (on the carrier the parent is not using) compete with the parent for the CPU. It includes
 * one message to the parent, the parent's wake-up and the future's completion waking the (platform) benchmark thread;
 * {@link #commandRoundTrip} measures that fixed part alone (N = 0) so it can be subtracted. With the JDK's default
 * {@code jdk.trackAllThreads=true}, every start also adds the thread to the JDK's root thread container (a concurrent
 * set); that is part of what a virtual-thread start costs by default and is included.
 *
 * <p><b>Clean-up.</b> After every invocation (outside the measured time) the parent interrupts its children and waits
 * until it has received all N down messages; the benchmark thread then joins every child thread (60 s in all), so
 * invocations never accumulate threads. At the end of the trial the parent is interrupted and joined.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class BaselineSpawnBenchmark {

    /** A child: its thread and its mailbox (what the parent holds, as a process ref). */
    record Child(Thread thread, Mailbox mailbox) {
    }

    /** Start N children and complete {@code done} with them. */
    record SpawnChildren(int n, CompletableFuture<Child[]> done) {
    }

    /** Stop the children of the last round and complete {@code done} with them once all their downs have arrived. */
    record KillChildren(CompletableFuture<Child[]> done) {
    }

    /** Complete {@code done} at once (measures the command round trip without spawning). */
    record Ping(CompletableFuture<Child[]> done) {
    }

    /** The monitor notification a child sends its parent when it ends. */
    record Down(Thread thread) {
    }

    private static final Child[] NONE = new Child[0];

    /** A child: parks in its mailbox until interrupted (it is sent no message); tells the parent when it ends. */
    static void child(Mailbox self, Mailbox parent) throws InterruptedException {
        try {
            for (;;) {
                self.receive();
            }
        } finally {
            parent.send(new Down(Thread.currentThread()));
        }
    }

    /** The parent: starts children on command, then stops them and counts their down messages. */
    static void parent(Mailbox self, Supplier<Mailbox> newMailbox) throws InterruptedException {
        Child[] children = NONE;
        Child[] stopping = NONE;
        int pendingDowns = 0;
        CompletableFuture<Child[]> cleanedUp = null;
        for (;;) {
            switch (self.receive()) {
                case SpawnChildren s -> {
                    Child[] refs = new Child[s.n()];
                    for (int i = 0; i < refs.length; i++) {
                        Mailbox mailbox = newMailbox.get();
                        refs[i] = new Child(BaselineSupport.start(mailbox, m -> child(m, self)), mailbox);
                    }
                    children = refs;
                    s.done().complete(refs);
                }
                case Ping p -> p.done().complete(NONE);
                case KillChildren k -> {
                    cleanedUp = k.done();
                    stopping = children;
                    pendingDowns = children.length;
                    for (Child child : children) {
                        child.thread().interrupt();
                    }
                    children = NONE;
                    if (pendingDowns == 0) {
                        cleanedUp.complete(stopping);
                    }
                }
                case Down d -> {
                    if (--pendingDowns == 0) {
                        cleanedUp.complete(stopping);
                        stopping = NONE;
                    }
                }
                default -> throw new IllegalArgumentException("unexpected message");
            }
        }
    }

    /** One parent per trial. */
    @State(Scope.Benchmark)
    public static class Parents {
        /** The mailbox kind (parent and children): {@code clq} or {@code ltq}. */
        @Param({Mailbox.CLQ, Mailbox.LTQ})
        public String mailbox;

        Mailbox parent;
        Thread parentThread;

        /** Starts the parent. */
        @Setup(Level.Trial)
        public void startParent() {
            Supplier<Mailbox> newMailbox = Mailbox.factory(mailbox);
            parent = newMailbox.get();
            parentThread = BaselineSupport.start(parent, self -> parent(self, newMailbox));
        }

        /** Interrupts the parent and waits for it to end. */
        @TearDown(Level.Trial)
        public void stopParent() {
            BaselineSupport.stop(parentThread);
        }
    }

    /** Adds the number of children and the per-invocation clean-up. */
    @State(Scope.Benchmark)
    public static class Children extends Parents {
        /** How many children each invocation starts. */
        @Param({"10", "100", "1000", "10000"})
        public int n;

        /**
         * Stops the children started by the last invocation, waits until all their down messages reached the parent,
         * then joins their threads.
         */
        @TearDown(Level.Invocation)
        public void killChildren() {
            CompletableFuture<Child[]> done = new CompletableFuture<>();
            parent.send(new KillChildren(done));
            Child[] stopped = BaselineSupport.await(done);
            if (stopped.length != n) {
                throw new IllegalStateException("expected " + n + " children to stop, got " + stopped.length);
            }
            Thread[] threads = new Thread[stopped.length];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = stopped[i].thread();
            }
            BaselineSupport.join(threads);
        }
    }

    /**
     * @param s the trial's state
     * @return the N monitored children
     */
    @Benchmark
    public Child[] spawnMonitor(Children s) {
        CompletableFuture<Child[]> done = new CompletableFuture<>();
        s.parent.send(new SpawnChildren(s.n, done));
        return BaselineSupport.await(done);
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
    public Child[] commandRoundTrip(Parents s) {
        CompletableFuture<Child[]> done = new CompletableFuture<>();
        s.parent.send(new Ping(done));
        return BaselineSupport.await(done);
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
    public Child[] commandAfterIdle(Parents s, IdleGap gap) {
        return commandRoundTrip(s);
    }
}
