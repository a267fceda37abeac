package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.benchmarks.HeapMeasurement;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * W2: heap bytes per idle process (Foundation BEAM) or idle actor (Apache Pekko typed), and the time to spawn them.
 * A plain program, one system per JVM, because a heap delta needs a JVM that holds nothing else: the comparison
 * script starts a fresh JVM for every system, count and round, alternating the systems, all with the same flags.
 *
 * <pre>
 *   java -cp benchmarks.jar io.foundation.beam.benchmarks.compare.W2IdleFootprint beam|pekko [count ...]
 * </pre>
 * Default counts 100000 and 1000000; system property {@code rounds} (default 1) sets the rounds per count,
 * {@code out} names a file to which one tab-separated line per round and figure is appended for
 * {@link CompareReport}: {@code W2 <figure> <system> <count> <unit> <value> <round>}, and {@code round} overrides
 * the round number written (the script numbers its one-round JVMs).
 *
 * <p><b>What one round does, on both systems.</b> Before the baseline it creates the runtime or actor system (and,
 * on Pekko, the parent actor that will spawn the actors), so neither is counted. It forces garbage collection until
 * the used heap ({@link MemoryMXBean}) is stable, spawns N idle processes or actors and waits until all have
 * started, forces GC again with them held live, and reports {@code (used after - used before) / N}, and the wall
 * time from the first spawn until all had started. The processes or actors stay alive until the JVM ends (halted
 * after the last round: stopping a million Pekko actors takes longer than spawning them, and is not measured).
 * <ul>
 *   <li>Foundation BEAM: N handler processes spawned from the main thread with {@link BeamRuntime#spawn}, a shared
 *       non-capturing handler without {@code init}: such a process is ready when {@code spawn} returns, and holds no
 *       thread. The refs are kept in an array allocated before the baseline (4 B per process, not counted).</li>
 *   <li>Pekko: a parent actor spawns N anonymous children with {@code spawnAnonymous} (from outside the system,
 *       Pekko can only spawn through an actor); each child's behaviour is a shared {@code Behaviors.setup} that
 *       counts the start in a shared counter and becomes a shared receive behaviour; "started" is when the counter
 *       reaches N. The parent holds the children, as the runtime's process table holds the processes.</li>
 * </ul>
 * A first, unreported warm-up round of {@value #WARM_UP} compiles the spawn path. All rounds are reported.
 */
public final class W2IdleFootprint {

    private static final ProcessHandler IDLE_PROCESS = (message, context) -> null;
    private static final Behavior<Object> IDLE_ACTOR = Behaviors.receiveMessage(message -> Behaviors.same());
    /** Members spawned (and stopped) once before anything is measured, so the spawn path is compiled. */
    private static final int WARM_UP = 20_000;

    private W2IdleFootprint() {
    }

    /** What one round measured. */
    private record Result(long usedBefore, long usedAfter, long spawnNanos) {
    }

    /** Holds N idle processes or actors of one system until {@link #close()}. */
    private interface Population extends AutoCloseable {
        /** Spawns the N idle members given at construction and returns when all have started. */
        void spawn();

        @Override
        void close();
    }

    /**
     * @param args the system ({@code beam} or {@code pekko}), then the counts (default 100000 1000000)
     * @throws Exception if a round fails or the output cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: W2IdleFootprint beam|pekko [count ...]");
        }
        String system = args[0];
        boolean beam = CompareSupport.isBeam(system);
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i].replace("_", "")));
        }
        if (counts.isEmpty()) {
            counts = List.of(100_000, 1_000_000);
        }
        int rounds = Integer.getInteger("rounds", 1);
        String out = System.getProperty("out");
        System.out.println("W2 " + system + ": JVM " + System.getProperty("java.vm.version") + ", arguments "
                + ManagementFactory.getRuntimeMXBean().getInputArguments() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");

        try (Population warmUp = population(beam, WARM_UP)) {
            warmUp.spawn();
        }
        List<Population> kept = new ArrayList<>();
        for (int count : counts) {
            for (int round = 1; round <= rounds; round++) {
                Population population = population(beam, count);
                Result r = measure(population);
                kept.add(population);
                double perProcess = (double) (r.usedAfter() - r.usedBefore()) / count;
                System.out.printf(Locale.ROOT, "W2 %s N=%,d round %d: %.1f heap bytes per idle %s (used %,d -> %,d B);"
                        + " spawned and started in %.1f ms%n", system, count, round, perProcess,
                        beam ? "process" : "actor", r.usedBefore(), r.usedAfter(), r.spawnNanos() / 1e6);
                if (out != null) {
                    int label = Integer.getInteger("round", round);
                    String lines = String.format(Locale.ROOT, "W2\tbytes\t%s\t%d\tB/process\t%.1f\t%d%n"
                            + "W2\tspawn\t%s\t%d\tms\t%.1f\t%d%n", system, count, perProcess, label, system, count,
                            r.spawnNanos() / 1e6, label);
                    Files.writeString(Path.of(out), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
        }
        // The populations are not stopped: stopping a million actors takes Pekko longer than spawning them, and it
        // is not what W2 measures. The JVM ends here, without running shutdown hooks.
        Reference.reachabilityFence(kept);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static Result measure(Population population) throws InterruptedException {
        long before = HeapMeasurement.usedHeapAfterGc();
        long start = System.nanoTime();
        population.spawn();
        long spawnNanos = System.nanoTime() - start;
        long after = HeapMeasurement.usedHeapAfterGc();
        Reference.reachabilityFence(population);
        return new Result(before, after, spawnNanos);
    }

    private static Population population(boolean beam, int count) {
        return beam ? new BeamPopulation(count) : new PekkoPopulation(count);
    }

    /** Foundation BEAM: idle handler processes spawned from the main thread. */
    private static final class BeamPopulation implements Population {
        private final BeamRuntime runtime = BeamRuntime.builder().name("w2").shutdownTimeout(Duration.ofSeconds(5))
                .build();
        private final ProcessRef[] refs;

        BeamPopulation(int count) {
            refs = new ProcessRef[count];
        }

        @Override
        public void spawn() {
            ProcessRef[] r = refs;
            for (int i = 0; i < r.length; i++) {
                r[i] = runtime.spawn(IDLE_PROCESS);
            }
            if (runtime.processCount() != r.length) {
                throw new IllegalStateException("expected " + r.length + " live processes, found "
                        + runtime.processCount());
            }
        }

        @Override
        public void close() {
            for (ProcessRef ref : refs) {
                if (ref != null) {
                    runtime.kill(ref);
                }
            }
            runtime.close();
        }
    }

    /** Asks the parent actor to spawn {@code count} children; {@code started} completes when all have started. */
    private record SpawnChildren(int count, CompletableFuture<Void> started) {
    }

    /** Pekko: idle child actors of one parent actor. */
    private static final class PekkoPopulation implements Population {
        private final PekkoSupport pekko = new PekkoSupport("w2");
        private final AtomicInteger startedCount = new AtomicInteger();
        private final ActorRef<SpawnChildren> parent;
        private final int count;

        PekkoPopulation(int count) {
            this.count = count;
            AtomicInteger counter = startedCount;
            parent = pekko.spawn(Behaviors.<SpawnChildren>setup(context -> {
                CompletableFuture<?>[] pending = new CompletableFuture<?>[1];
                int[] target = new int[1];
                Behavior<Object> child = Behaviors.setup(c -> {
                    if (counter.incrementAndGet() == target[0]) {
                        pending[0].complete(null);
                    }
                    return IDLE_ACTOR;
                });
                return Behaviors.receiveMessage(request -> {
                    target[0] = request.count();
                    pending[0] = request.started();
                    for (int i = 0; i < request.count(); i++) {
                        context.spawnAnonymous(child);
                    }
                    return Behaviors.same();
                });
            }), "parent");
        }

        @Override
        public void spawn() {
            CompletableFuture<Void> started = new CompletableFuture<>();
            parent.tell(new SpawnChildren(count, started));
            CompareSupport.await(started);
            if (startedCount.get() != count) {
                throw new IllegalStateException("expected " + count + " started actors, found " + startedCount.get());
            }
        }

        @Override
        public void close() {
            pekko.close();
        }
    }
}
