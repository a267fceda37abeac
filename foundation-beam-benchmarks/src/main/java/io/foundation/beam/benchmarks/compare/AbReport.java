package io.foundation.beam.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary of an A/B run ({@code foundation-beam-benchmarks/ab.sh}): the same JMH benchmarks run on two builds
 * ("before" and "after") in one session, interleaved round by round. Prints a Markdown table to standard output.
 *
 * <pre>
 *   java -cp CLASSES io.foundation.beam.benchmarks.compare.AbReport --results DIR [--before LABEL] [--after LABEL]
 *       [--mode full|smoke] [--rounds N] [--elapsed S] [--budget TEXT] [--jvm-args TEXT] [--jmh-args TEXT]
 * </pre>
 *
 * <p><b>Input</b> ({@code --results}): JMH result files {@code before-r<round>.json} and {@code after-r<round>.json}
 * ({@code -rf json}). A <i>sample</i> is the score of one measured iteration of one fork (JMH's {@code rawData}), in
 * the benchmark's JMH unit: {@code ops/s} for the throughput benchmarks (an operation is one message, or one round
 * trip for ping-pong, by {@code @OperationsPerInvocation}), {@code ms/op} for W1 (one ecosystem created, or shut
 * down).
 *
 * <p><b>Figures, per benchmark and parameter set (one row):</b>
 * <ul>
 *   <li><i>median</i> of a side: the median of all its samples, every fork and iteration of every round pooled.</li>
 *   <li><i>after/before</i>: the after median divided by the before median. Above 1 is better for a throughput
 *       (higher is better), below 1 for a time (lower is better).</li>
 *   <li><i>spread</i> of a side (the noise): the median of each round's samples is taken (a per-round median); the
 *       spread is the range of these per-round medians (largest minus smallest) divided by the side's median. It
 *       says how far the same build's figure moved from one round to the next in this session. Needs two rounds or
 *       more.</li>
 *   <li><i>verdict</i>: "within noise" when |after/before - 1| is at most the larger of the two sides' spreads;
 *       otherwise "better" or "worse" by that much, beyond noise.</li>
 * </ul>
 * The class needs nothing but {@link Json} (no JMH, no Pekko), so {@code ab.sh} compiles these two files with
 * {@code javac} and runs the summary of this work tree whatever the two sides are.
 */
public final class AbReport {

    private static final Pattern FILE = Pattern.compile("(before|after)-r(\\d+)\\.json");
    private static final String PACKAGE = "io.foundation.beam.benchmarks.";
    private static final String BEFORE = "before";
    private static final String AFTER = "after";

    private AbReport() {
    }

    /** The samples of one benchmark and parameter set, per side and round. */
    static final class Row {
        final String benchmark;
        final String params;
        final String unit;
        final boolean lowerIsBetter;
        final Map<String, TreeMap<Integer, List<Double>>> samples = new HashMap<>();
        /** Failed forks of this row, as "side r<round>". */
        final List<String> failures = new ArrayList<>();

        Row(String benchmark, String params, String unit, boolean lowerIsBetter) {
            this.benchmark = benchmark;
            this.params = params;
            this.unit = unit;
            this.lowerIsBetter = lowerIsBetter;
        }

        void add(String side, int round, double value) {
            samples.computeIfAbsent(side, s -> new TreeMap<>()).computeIfAbsent(round, r -> new ArrayList<>())
                    .add(value);
        }

        /** @return every sample of the side, all rounds */
        List<Double> all(String side) {
            List<Double> all = new ArrayList<>();
            samples.getOrDefault(side, new TreeMap<>()).values().forEach(all::addAll);
            return all;
        }

        /** @return the median of the side's samples in each round, by round */
        TreeMap<Integer, Double> roundMedians(String side) {
            TreeMap<Integer, Double> medians = new TreeMap<>();
            samples.getOrDefault(side, new TreeMap<>())
                    .forEach((round, values) -> medians.put(round, AbReport.median(values)));
            return medians;
        }

        /** @return the median of all the side's samples */
        double median(String side) {
            return AbReport.median(all(side));
        }

        /** @return (largest - smallest per-round median) / the side's median; NaN with fewer than two rounds */
        double spread(String side) {
            TreeMap<Integer, Double> medians = roundMedians(side);
            if (medians.size() < 2) {
                return Double.NaN;
            }
            return (Collections.max(medians.values()) - Collections.min(medians.values())) / median(side);
        }

        /** @return after median / before median */
        double ratio() {
            return median(AFTER) / median(BEFORE);
        }

        /** @return the larger of the two sides' spreads (NaN if either is unknown) */
        double noise() {
            return Math.max(spread(BEFORE), spread(AFTER));
        }

        String verdict() {
            if (!failures.isEmpty()) {
                return "**failed** (" + String.join(", ", failures) + ")";
            }
            if (all(BEFORE).isEmpty() || all(AFTER).isEmpty()) {
                return "missing on the " + (all(BEFORE).isEmpty() ? BEFORE : AFTER) + " side";
            }
            double ratio = ratio();
            double noise = noise();
            if (Double.isNaN(noise)) {
                return "no noise figure (one round)";
            }
            double change = Math.abs(ratio - 1);
            if (change <= noise) {
                return "within noise";
            }
            boolean better = lowerIsBetter ? ratio < 1 : ratio > 1;
            String by = pct(change);
            return better ? "better by " + by + " (beyond noise)" : "**worse by " + by + "** (beyond noise)";
        }
    }

    /**
     * @param args {@code --option value} pairs, see the class comment
     * @throws IOException if a result file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        String results = opts.get("results");
        if (results == null) {
            throw new IllegalArgumentException("missing --results");
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, Row> rows = read(Path.of(results), entries);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no before-r*.json or after-r*.json results in " + results);
        }
        List<String> failures = new ArrayList<>();
        if (opts.containsKey("failures") && Files.exists(Path.of(opts.get("failures")))) {
            failures.addAll(Files.readAllLines(Path.of(opts.get("failures")), StandardCharsets.UTF_8));
            failures.removeIf(String::isBlank);
        }
        addFailures(rows, failures);
        System.out.print(markdown(new ArrayList<>(rows.values()), entries, opts, failures));
    }

    // ------------------------------------------------------------------ input

    @SuppressWarnings("unchecked")
    static Map<String, Row> read(Path dir, List<Map<String, Object>> entries) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*-r*.json")) {
            stream.forEach(files::add);
        }
        // before-r1, after-r1, before-r2, ...: the rows then appear in the order JMH ran them.
        files.sort((a, b) -> {
            Matcher ma = FILE.matcher(a.getFileName().toString());
            Matcher mb = FILE.matcher(b.getFileName().toString());
            if (!ma.matches() || !mb.matches()) {
                return a.compareTo(b);
            }
            int byRound = Integer.compare(Integer.parseInt(ma.group(2)), Integer.parseInt(mb.group(2)));
            return byRound != 0 ? byRound : mb.group(1).compareTo(ma.group(1));
        });
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Path file : files) {
            Matcher m = FILE.matcher(file.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            String side = m.group(1);
            int round = Integer.parseInt(m.group(2));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                continue; // JMH stopped before writing anything
            }
            for (Object o : (List<Object>) Json.parse(text)) {
                Map<String, Object> entry = (Map<String, Object>) o;
                entries.add(entry);
                String benchmark = ((String) entry.get("benchmark")).replace(PACKAGE, "");
                Map<String, Object> params = (Map<String, Object>) entry.getOrDefault("params", Map.of());
                List<String> p = new ArrayList<>();
                params.forEach((k, v) -> p.add(k + "=" + v));
                String paramText = String.join(", ", p);
                Map<String, Object> metric = (Map<String, Object>) entry.get("primaryMetric");
                String unit = (String) metric.get("scoreUnit");
                boolean lower = !"thrpt".equals(entry.get("mode"));
                Row row = rows.computeIfAbsent(benchmark + " " + paramText + " " + entry.get("mode"),
                        k -> new Row(benchmark, paramText, unit, lower));
                for (Object fork : (List<Object>) metric.get("rawData")) {
                    for (Object value : (List<Object>) fork) {
                        if (value instanceof Double d) {
                            row.add(side, round, d);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Marks the rows of failed forks. A line of {@code failures.txt} (written by {@code ab.sh} from the JMH logs) is
     * {@code side<TAB>round<TAB>benchmark<TAB>parameters}, the parameters as {@code k=v,k=v}. A failed benchmark
     * that left no sample at all gets a row of its own.
     */
    static void addFailures(Map<String, Row> rows, List<String> failures) {
        for (String line : failures) {
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                continue;
            }
            String benchmark = f[2].replace(PACKAGE, "");
            String params = f.length > 3 ? f[3] : "";
            Row match = null;
            for (Row row : rows.values()) {
                if (row.benchmark.equals(benchmark) && row.params.replace(" ", "").equals(params)) {
                    match = row;
                }
            }
            if (match == null) {
                match = rows.computeIfAbsent(benchmark + " " + params + " failed",
                        k -> new Row(benchmark, params.replace(",", ", "), "?", false));
            }
            match.failures.add(f[0] + " r" + f[1]);
        }
    }

    // ------------------------------------------------------------------ statistics and formatting

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Three significant digits; operations per second in millions ("M"), so that a column has one scale. */
    static String num(double v, String unit) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        if ("ops/s".equals(unit)) {
            return String.format(Locale.ROOT, "%.3g M", v / 1e6);
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String pct(double fraction) {
        if (Double.isNaN(fraction)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.3f", r);
    }

    private static String perRound(Row row, String side) {
        List<String> cells = new ArrayList<>();
        row.roundMedians(side).forEach((round, median) -> cells.add(num(median, row.unit)));
        return cells.isEmpty() ? "–" : String.join("; ", cells);
    }

    // ------------------------------------------------------------------ Markdown

    static String markdown(List<Row> rows, List<Map<String, Object>> entries, Map<String, String> opts,
            List<String> failures) {
        boolean smoke = "smoke".equals(opts.get("mode"));
        String before = opts.getOrDefault("before", "?");
        String after = opts.getOrDefault("after", "?");
        StringBuilder md = new StringBuilder();
        md.append("### A/B: `").append(before).append("` (before) against `").append(after).append("` (after)\n\n");
        if (smoke) {
            md.append("> **SMOKE RUN: very short runs that only prove the pipeline works. They are not measurements;"
                    + " do not quote them.**\n\n");
        }
        md.append("- Run: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"))).append(" (report written), mode `").append(smoke ? "smoke" : "full")
                .append("`, by `foundation-beam-benchmarks/ab.sh`");
        if (opts.containsKey("elapsed")) {
            md.append(", wall time ").append(opts.get("elapsed")).append(" s including the builds");
        }
        if (opts.containsKey("budget")) {
            md.append(" (budget: ").append(opts.get("budget")).append(")");
        }
        md.append(".\n");
        md.append("- Machine: ").append(ReportFacts.machine()).append(".\n");
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> flags = new LinkedHashSet<>();
        Set<String> jmh = new LinkedHashSet<>();
        for (Map<String, Object> e : entries) {
            jvms.add(e.get("vmName") + " " + e.get("vmVersion") + " (" + e.get("jvm") + ")");
            flags.add(String.valueOf(e.get("jvmArgs")));
            jmh.add(String.format(Locale.ROOT, "%s fork(s), %s warm-up iteration(s) of %s, %s measured iteration(s)"
                    + " of %s", ReportFacts.wholeNumber(e.get("forks")),
                    ReportFacts.wholeNumber(e.get("warmupIterations")), e.get("warmupTime"),
                    ReportFacts.wholeNumber(e.get("measurementIterations")), e.get("measurementTime")));
        }
        md.append("- JVM: ").append(String.join("; ", jvms)).append("; fork flags: ").append(String.join("; ", flags))
                .append(".\n");
        md.append("- JMH ").append(entries.isEmpty() ? "?" : entries.get(0).get("jmhVersion")).append(", per side and"
                + " round: ").append(String.join("; ", jmh));
        String extra = opts.getOrDefault("jmh-args", "");
        if (!extra.isBlank()) {
            md.append("; extra JMH options `").append(extra).append("`");
        }
        md.append(". Rounds: ").append(opts.getOrDefault("rounds", "?")).append(", interleaved (odd rounds before"
                + " then after, even rounds after then before).\n\n");

        md.append("| benchmark | parameters | unit | before median | after median | after/before | before spread |"
                + " after spread | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        int within = 0;
        List<String> worse = new ArrayList<>();
        for (Row row : rows) {
            String verdict = row.verdict();
            if (verdict.equals("within noise")) {
                within++;
            } else if (verdict.contains("worse")) {
                worse.add(row.benchmark + (row.params.isEmpty() ? "" : " (" + row.params + ")"));
            }
            md.append("| ").append(row.benchmark).append(" | ").append(row.params.isEmpty() ? "–" : row.params)
                    .append(" | ").append("ops/s".equals(row.unit) ? "M ops/s" : row.unit)
                    .append(row.lowerIsBetter ? ", lower is better" : ", higher is better").append(" | ")
                    .append(num(row.median(BEFORE), row.unit)).append(" | ").append(num(row.median(AFTER), row.unit))
                    .append(" | ").append(ratio(row.ratio())).append(" | ").append(pct(row.spread(BEFORE)))
                    .append(" | ").append(pct(row.spread(AFTER))).append(" | ").append(verdict).append(" |\n");
        }
        md.append("\n").append(within).append(" of ").append(rows.size()).append(" rows within noise");
        md.append(worse.isEmpty() ? "; none worse beyond noise" : "; worse beyond noise: " + String.join("; ", worse));
        md.append(failures.isEmpty() ? "; no fork failed.\n\n" : "; **" + failures.size() + " fork(s) failed** (an"
                + " exception, or a benchmark round that did not finish within a minute; see failures.txt and the JMH"
                + " logs): the figures of a failed row lack that fork.\n\n");

        md.append("Per-round medians (the figures the spreads are taken from), round 1; round 2; ...:\n\n");
        md.append("| benchmark | parameters | before, per round | after, per round | samples (before; after) |\n");
        md.append("|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.benchmark).append(" | ").append(row.params.isEmpty() ? "–" : row.params)
                    .append(" | ").append(perRound(row, BEFORE)).append(" | ").append(perRound(row, AFTER))
                    .append(" | ").append(row.all(BEFORE).size()).append("; ").append(row.all(AFTER).size())
                    .append(" |\n");
        }
        md.append("\nA sample is one measured JMH iteration of one fork, in JMH's unit: ops/s is messages per second"
                + " (MessageCost, OneToOne, FanIn) or round trips per second (PingPong), ms/op is milliseconds per"
                + " ecosystem created or shut down (W1, 1000 workers). Median: of all a side's samples, every round"
                + " pooled. after/before: ratio of the medians (above 1 is better for ops/s, below 1 for ms/op)."
                + " Spread: (largest - smallest per-round median) / the side's median, the run-to-run noise of one"
                + " build in this session. Within noise: |after/before - 1| is at most the larger of the two"
                + " spreads. With 3 rounds about one row in 20 comes out beyond noise when nothing changed (see"
                + " docs/benchmarks.md, \"A/B runs\"): run again before calling a lone row a regression.\n");
        return md.toString();
    }
}
