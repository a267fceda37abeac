package io.foundation.beam.benchmarks.latency;

import java.util.List;
import java.util.Locale;

/**
 * One row of a run's {@code results.tsv}: one system, workload and load level. Latencies in microseconds, rates in
 * requests per second, GC figures in milliseconds. Written by {@link LatencyRun}, read by {@link LatencyReport}.
 *
 * @param system {@code beam} or {@code pekko}
 * @param workload {@code request-reply} or {@code submit}
 * @param loadPercent the load as a percentage of the system's own maximum rate (50 or 90)
 * @param maxRate the system's maximum rate (closed loop)
 * @param targetRate the open loop's rate
 * @param achievedRate the rate actually sent in the window
 * @param count requests due in the window (each one a latency sample)
 * @param p50 median latency, us
 * @param p90 90th percentile, us
 * @param p99 99th percentile, us
 * @param p999 99.9th percentile, us
 * @param p9999 99.99th percentile, us
 * @param max the highest latency, us
 * @param sendLateP99 the producer's lateness at the 99th percentile, us (how late requests left, not the system)
 * @param gcPauses stop-the-world pauses in the window
 * @param gcTotalMillis their total, ms
 * @param gcLongestMillis the longest, ms
 * @param gcConcurrent concurrent GC cycles in the window (not pauses)
 * @param missing replies that never arrived (a run with any fails)
 * @param workNanos the measured cost of one {@link CpuWork}, ns
 */
record LatencyResult(String system, String workload, int loadPercent, double maxRate, double targetRate,
        double achievedRate, long count, double p50, double p90, double p99, double p999, double p9999, double max,
        double sendLateP99, int gcPauses, long gcTotalMillis, long gcLongestMillis, int gcConcurrent, long missing,
        long workNanos) {

    /** The header line of {@code results.tsv}. */
    static final String HEADER = String.join("\t", "system", "workload", "load_pct", "max_rate", "target_rate",
            "achieved_rate", "count", "p50_us", "p90_us", "p99_us", "p99.9_us", "p99.99_us", "max_us",
            "send_late_p99_us", "gc_pauses", "gc_total_ms", "gc_longest_ms", "gc_concurrent", "missing", "work_ns");

    /** @return this row, tab-separated, in {@link #HEADER}'s order */
    String toTsv() {
        return String.join("\t", system, workload, String.valueOf(loadPercent), num(maxRate), num(targetRate),
                num(achievedRate), String.valueOf(count), num(p50), num(p90), num(p99), num(p999), num(p9999),
                num(max), num(sendLateP99), String.valueOf(gcPauses), String.valueOf(gcTotalMillis),
                String.valueOf(gcLongestMillis), String.valueOf(gcConcurrent), String.valueOf(missing),
                String.valueOf(workNanos));
    }

    /**
     * @param line a line written by {@link #toTsv()}
     * @return the row
     * @throws IllegalArgumentException if the line does not have {@link #HEADER}'s columns
     */
    static LatencyResult fromTsv(String line) {
        List<String> f = List.of(line.split("\t", -1));
        int columns = HEADER.split("\t").length;
        if (f.size() != columns) {
            throw new IllegalArgumentException("a results.tsv line needs " + columns + " tab-separated columns, got "
                    + f.size() + ": " + line);
        }
        return new LatencyResult(f.get(0), f.get(1), Integer.parseInt(f.get(2)), Double.parseDouble(f.get(3)),
                Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5)), Long.parseLong(f.get(6)),
                Double.parseDouble(f.get(7)), Double.parseDouble(f.get(8)), Double.parseDouble(f.get(9)),
                Double.parseDouble(f.get(10)), Double.parseDouble(f.get(11)), Double.parseDouble(f.get(12)),
                Double.parseDouble(f.get(13)), Integer.parseInt(f.get(14)), Long.parseLong(f.get(15)),
                Long.parseLong(f.get(16)), Integer.parseInt(f.get(17)), Long.parseLong(f.get(18)),
                Long.parseLong(f.get(19)));
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
