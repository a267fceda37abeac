package io.foundation.beam.benchmarks.distributed;

import io.foundation.beam.benchmarks.remote.Endpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measurement of the distributed-work comparison: one system in one round. This JVM is the driver only: it
 * starts the system's nodes ({@link NodeJvm}, three JVMs, or one for {@code single}) at once, waits until every one
 * is ready, then tells all of them to run, at the same moment, the closed loop (warm-up, then measured iterations),
 * and after it the open loop at {@code fraction} of the closed loop's median rate (warm-up, then the measured
 * stretch), collects their figures, ends the nodes and appends to the results file one TSV line per throughput
 * iteration and one for the latencies: {@code round, system, phase, iteration, items/s, p50 µs, p99 µs, items,
 * failed, unfinished} ({@code -} where a field does not apply).
 *
 * <p>Systems: {@code beam} (three nodes, a distributed ecosystem with the replicated journal), {@code beam-local}
 * (the same with the submitter-local journal), {@code single} (one node, a local ecosystem with the same number of
 * workers and the same three submitter threads), {@code pekko} (three nodes, a cluster singleton coordinator). Every
 * node has one submitter thread ({@code single}: three).
 *
 * <p>Arguments, {@code key=value}: {@code system}, {@code round}, {@code out}, {@code raft} (a directory for the Raft
 * logs), {@code warmup}, {@code iterations}, {@code iteration} (ms), {@code in-flight} (per submitter),
 * {@code latency-warmup}, {@code latency-measure} (ms), {@code fraction} (of the measured rate, for the open loop),
 * {@code workers-per-node}.
 */
public final class DistributedBenchmark {

    /** The nodes of a cluster run, and the submitter threads of every run. */
    static final int NODES = 3;

    /** A percentile that falls among the unfinished items (in the results file). */
    static final String UNFINISHED = "inf";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration PHASE_ALLOWANCE = Duration.ofSeconds(90);

    private final Map<String, String> options;
    private final String system;

    private DistributedBenchmark(Map<String, String> options) {
        this.options = options;
        this.system = options.get("system");
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, Math.max(0, eq)), arg.substring(eq + 1));
        }
        Thread.ofPlatform().daemon().name("watchdog").start(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(6).toMillis());
                System.err.println("DistributedBenchmark: still running after 6 minutes; giving up");
                System.exit(4); // the shutdown hooks kill the nodes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int status = 0;
        try {
            List<String> lines = new DistributedBenchmark(options).run();
            Files.write(Path.of(options.get("out")), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (Exception | AssertionError e) {
            System.err.println("DistributedBenchmark " + options.get("system") + " failed:");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private long number(String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return Long.parseLong(value);
    }

    private List<String> run() throws InterruptedException {
        boolean single = system.equals("single");
        int nodeCount = single ? 1 : NODES;
        int[] ports = Endpoints.freePorts(nodeCount);
        String portList = Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
        long workersPerNode = number("workers-per-node");
        String workers = Long.toString(single ? workersPerNode * NODES : workersPerNode);
        String submitters = Integer.toString(single ? NODES : 1);
        String cluster = "dist-bench-" + ProcessHandle.current().pid();
        List<NodeJvm> nodes = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(NodeJvm.start("n" + (i + 1), List.of(system, Integer.toString(i), portList, cluster,
                        options.get("raft"), workers, submitters)));
            }
            for (NodeJvm node : nodes) {
                node.await("READY", READY_TIMEOUT);
            }
            log("%s: %d node(s) ready after %.1f s", system, nodeCount, (System.nanoTime() - t0) / 1e9);
            List<String> lines = new ArrayList<>();
            double rate = throughput(nodes, lines);
            latency(nodes, rate * Double.parseDouble(options.get("fraction")), lines);
            return lines;
        } finally {
            nodes.forEach(NodeJvm::close);
            log("%s: nodes ended after %.1f s", system, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** @return the median over the iterations of the total rate */
    private double throughput(List<NodeJvm> nodes, List<String> lines) throws InterruptedException {
        int iterations = (int) number("iterations");
        long iteration = number("iteration");
        long warmup = number("warmup");
        for (NodeJvm node : nodes) {
            node.send("throughput " + warmup + " " + iterations + " " + iteration + " " + number("in-flight"));
        }
        double[] rates = new double[iterations];
        long failed = 0;
        Duration timeout = Duration.ofMillis(warmup + iterations * iteration).plus(PHASE_ALLOWANCE);
        for (NodeJvm node : nodes) {
            for (String line : node.await("END", timeout)) {
                String[] f = line.split(" ");
                if (f[0].equals("THROUGHPUT")) {
                    rates[Integer.parseInt(f[1]) - 1] += Long.parseLong(f[2]) * 1e9 / Long.parseLong(f[3]);
                } else if (f[0].equals("FAILED")) {
                    failed += Long.parseLong(f[1]);
                }
            }
        }
        for (int i = 0; i < iterations; i++) {
            if (rates[i] == 0) {
                throw new IllegalStateException("no item completed in iteration " + (i + 1));
            }
            log("%s: throughput iteration %d: %,.0f items/s", system, i + 1, rates[i]);
            lines.add(line("throughput", i + 1, rates[i], "-", "-", "-", Long.toString(failed), "-"));
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return sorted[iterations / 2];
    }

    private void latency(List<NodeJvm> nodes, double rate, List<String> lines) throws InterruptedException {
        long warmup = number("latency-warmup");
        long measure = number("latency-measure");
        double perSubmitter = rate / NODES;
        for (NodeJvm node : nodes) {
            node.send(String.format(Locale.ROOT, "latency %.3f %d %d", perSubmitter, warmup, measure));
        }
        List<long[]> parts = new ArrayList<>();
        long failed = 0;
        long unfinished = 0;
        Duration timeout = Duration.ofMillis(warmup + measure).plus(PHASE_ALLOWANCE);
        for (NodeJvm node : nodes) {
            for (String line : node.await("END", timeout)) {
                if (line.startsWith("LATENCIES")) {
                    String[] f = line.split(" ");
                    failed += Long.parseLong(f[2]);
                    unfinished += Long.parseLong(f[3]);
                    long[] mine = Arrays.stream(f, 4, f.length).mapToLong(Long::parseLong).sorted().toArray();
                    long mineUnfinished = Long.parseLong(f[3]);
                    parts.add(mine);
                    log("%s: open loop, items submitted on %s: %d completed, %d unfinished, p50 %s µs, p99 %s µs",
                            system, node.name(), mine.length, mineUnfinished, percentile(mine, mineUnfinished, 0.50),
                            percentile(mine, mineUnfinished, 0.99));
                }
            }
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            throw new IllegalStateException("no item of the open loop completed");
        }
        String p50 = percentile(all, unfinished, 0.50);
        String p99 = percentile(all, unfinished, 0.99);
        log("%s: open loop at %,.0f items/s: %d items completed, p50 %s µs, p99 %s µs, max %d µs, %d failed, "
                + "%d unfinished", system, rate, all.length, p50, p99, all[all.length - 1], failed, unfinished);
        lines.add(line("latency", 0, rate, p50, p99, Long.toString(all.length),
                Long.toString(failed), Long.toString(unfinished)));
    }

    /**
     * The nearest-rank percentile of the completed items' latencies and the unfinished items, which count as longer
     * than any: {@value #UNFINISHED} when the rank falls among them.
     *
     * @param sorted the completed items' latencies, sorted
     * @param unfinished how many items did not complete
     * @param fraction 0.5 for the median, 0.99 for the 99th percentile
     * @return the value at rank ceil(fraction * n) of the n items, as text
     */
    static String percentile(long[] sorted, long unfinished, double fraction) {
        long rank = Math.max(1, (long) Math.ceil(fraction * (sorted.length + unfinished)));
        return rank > sorted.length ? UNFINISHED : Long.toString(sorted[(int) rank - 1]);
    }

    private String line(String phase, int iteration, double rate, String p50, String p99, String count,
            String failed, String unfinished) {
        return String.join("\t", options.get("round"), system, phase, Integer.toString(iteration),
                String.format(Locale.ROOT, "%.1f", rate), p50, p99, count, failed, unfinished);
    }

    private static void log(String format, Object... args) {
        System.out.println("[driver] " + String.format(Locale.ROOT, format, args));
    }
}
