package io.foundation.beam.benchmarks.latency;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Tail latency under load of one system and one workload, in this JVM only (so the two systems never share a heap):
 * the program behind {@code latency-compare.sh}.
 *
 * <pre>
 * java -cp benchmarks.jar io.foundation.beam.benchmarks.latency.LatencyRun SYSTEM WORKLOAD OUT_DIR MODE [--stall-ms N]
 *   SYSTEM   beam | pekko
 *   WORKLOAD request-reply | submit
 *   MODE     full (max rate: 5 s warm-up + 5 s; each load: 10 s warm-up + 60 s window)
 *            smoke (1 s + 1 s; 1 s + 2 s: proves the pipeline, measures nothing)
 *   --stall-ms N  a check of the harness: the server sleeps N ms once, in the middle of the 50 % window
 * </pre>
 *
 * <p><b>What is measured.</b> First the maximum rate: a {@link ClosedLoop} with {@value #OUTSTANDING} requests
 * outstanding, after a warm-up. Then, for 50 % and 90 % of that rate, an {@link OpenLoop}: paced requests, latency
 * from each request's intended send time to its reply's arrival, in HdrHistogram, with the window's GC pauses
 * ({@link GcPauses}). Each phase appends a row to {@code OUT_DIR/results.tsv} ({@link LatencyResult}) and writes its
 * histogram twice: {@code WORKLOAD-SYSTEM-LOADpct.hgrm} (HdrHistogram's percentile distribution, in us) and
 * {@code .hlog} (its compressed log, for HdrHistogram's tools). The workloads are {@link BeamRequestReply} /
 * {@link PekkoRequestReply} and {@link BeamSubmit} / {@link PekkoSubmit}; every request does the same
 * {@link CpuWork}.
 *
 * <p>Exits with status 1, after writing what it measured, if any reply is missing or any request failed.
 */
public final class LatencyRun {

    /** Requests kept in flight by the closed loop that finds the maximum rate. */
    static final int OUTSTANDING = 64;
    /** The open-loop load levels, percent of the maximum rate. */
    static final int[] LOADS = {50, 90};

    private LatencyRun() {
    }

    /**
     * @param args SYSTEM WORKLOAD OUT_DIR MODE [--stall-ms N]
     * @throws IOException if the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4 && !(args.length == 6 && args[4].equals("--stall-ms"))) {
            System.err.println("usage: LatencyRun beam|pekko request-reply|submit OUT_DIR full|smoke [--stall-ms N]");
            System.exit(2);
        }
        String system = args[0];
        String workload = args[1];
        Path out = Path.of(args[2]);
        boolean full = switch (args[3]) {
            case "full" -> true;
            case "smoke" -> false;
            default -> throw new IllegalArgumentException("mode must be 'full' or 'smoke', got '" + args[3] + "'");
        };
        Stall stall = new Stall(args.length == 6 ? Long.parseLong(args[5]) : 0);
        Duration maxWarmUp = Duration.ofSeconds(full ? 5 : 1);
        Duration maxMeasured = Duration.ofSeconds(full ? 5 : 1);
        Duration warmUp = Duration.ofSeconds(full ? 10 : 1);
        Duration window = Duration.ofSeconds(full ? 60 : 2);
        Files.createDirectories(out);

        long workNanos = CpuWork.measureNanos();
        System.out.printf(Locale.ROOT, "== %s %s (%s): CpuWork %d iterations = %d ns on this machine%n", system,
                workload, args[3], CpuWork.ITERATIONS, workNanos);
        boolean ok = true;
        try (GcPauses gc = new GcPauses(); LatencyTarget target = target(system, workload, stall)) {
            double maxRate = new ClosedLoop(target, OUTSTANDING).run(maxWarmUp, maxMeasured);
            System.out.printf(Locale.ROOT, "   max rate (closed loop, %d outstanding): %,.0f/s%n", OUTSTANDING, maxRate);
            for (int load : LOADS) {
                OpenLoop loop = new OpenLoop(target, maxRate * load / 100.0, warmUp, window);
                OpenLoop.Outcome o = loop.run(gc, load == LOADS[0] ? stall : new Stall(0));
                LatencyResult row = row(system, workload, load, maxRate, loop.rate(), o, workNanos);
                save(out, row, o);
                System.out.printf(Locale.ROOT, "   %d %%: target %,.0f/s achieved %,.0f/s, n %,d, p50 %.1f p99 %.1f "
                        + "p99.9 %.1f max %.1f us; GC %d pauses %d ms (longest %d ms); missing %d, failed %d%n",
                        load, row.targetRate(), row.achievedRate(), row.count(), row.p50(), row.p99(), row.p999(),
                        row.max(), row.gcPauses(), row.gcTotalMillis(), row.gcLongestMillis(), o.missing(),
                        o.failures());
                if (o.missing() != 0 || o.failures() != 0) {
                    System.err.printf("FAILED: %s %s at %d %%: %d replies missing (none for %s, or still some "
                            + "after %s), %d requests failed%n", system, workload, load, o.missing(),
                            ClosedLoop.REPLY_TIMEOUT, OpenLoop.DRAIN_LIMIT, o.failures());
                    if (o.firstFailure() != null) {
                        o.firstFailure().printStackTrace();
                    }
                    ok = false;
                    break;
                }
            }
            if (stall.fired()) {
                System.out.println("   (the harness check's stall fired in the 50 % window)");
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static LatencyTarget target(String system, String workload, Stall stall) {
        return switch (system + "/" + workload) {
            case "beam/request-reply" -> new BeamRequestReply(stall);
            case "pekko/request-reply" -> new PekkoRequestReply(stall);
            case "beam/submit" -> new BeamSubmit(stall);
            case "pekko/submit" -> new PekkoSubmit(stall);
            default -> throw new IllegalArgumentException("system must be beam or pekko and workload request-reply "
                    + "or submit, got " + system + " " + workload);
        };
    }

    private static LatencyResult row(String system, String workload, int load, double maxRate, double rate,
            OpenLoop.Outcome o, long workNanos) {
        Histogram h = o.latency();
        return new LatencyResult(system, workload, load, maxRate, rate, o.achievedRate(), o.count(),
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()),
                us(o.sendLateness().getValueAtPercentile(99)), o.gc().pauses(), o.gc().totalMillis(),
                o.gc().longestMillis(), o.gc().concurrent(), o.missing(), workNanos);
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }

    private static void save(Path out, LatencyResult row, OpenLoop.Outcome o) throws IOException {
        Path tsv = out.resolve("results.tsv");
        if (!Files.exists(tsv) || Files.size(tsv) == 0) {
            Files.writeString(tsv, LatencyResult.HEADER + "\n", StandardCharsets.UTF_8);
        }
        Files.writeString(tsv, row.toTsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String base = row.workload() + "-" + row.system() + "-" + row.loadPercent() + "pct";
        try (PrintStream p = new PrintStream(Files.newOutputStream(out.resolve(base + ".hgrm")), true,
                StandardCharsets.UTF_8)) {
            p.printf(Locale.ROOT, "# %s %s at %d %% of its maximum (%.0f/s of %.0f/s); latency from the intended "
                    + "send time, us; GC in the window: %d stop-the-world pauses, %d ms in total, the longest %d ms; "
                    + "%d concurrent cycles; collectors seen: %s%n", row.system(), row.workload(), row.loadPercent(),
                    row.targetRate(), row.maxRate(), o.gc().pauses(), o.gc().totalMillis(), o.gc().longestMillis(),
                    o.gc().concurrent(), o.gc().collectors().isEmpty() ? "none" : o.gc().collectors());
            o.latency().outputPercentileDistribution(p, 1000.0);
        }
        try (PrintStream p = new PrintStream(Files.newOutputStream(out.resolve(base + ".hlog")), true,
                StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(p);
            w.outputComment(row.system() + " " + row.workload() + " " + row.loadPercent() + " % load, latency in ns");
            w.outputLogFormatVersion();
            w.outputLegend();
            w.outputIntervalHistogram(o.latency());
        }
    }
}
