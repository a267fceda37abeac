package io.foundation.beam.benchmarks.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw results of one comparison run ({@code compare.sh}) into a Markdown table and an SVG bar chart.
 *
 * <pre>
 *   java -cp benchmarks.jar io.foundation.beam.benchmarks.compare.CompareReport --results DIR --doc FILE
 *       --svg FILE --svg-ref PATH [--mode full|smoke] [--commit C] [--beam-version V] [--elapsed S] [--budget TEXT]
 *       [--w2-opts TEXT] [--erlang-note TEXT]
 * </pre>
 *
 * <p><b>Input</b> ({@code --results}): JMH result files {@code jmh-r<round>-<unit>.json} ({@code -rf json}) and
 * {@code w2.tsv} from {@link W2IdleFootprint}. Every iteration of every fork of every round is a sample, and so is
 * every W2 round. When Erlang/OTP ran, also its results and facts ({@link ErlangResults}: {@code erlang.tsv},
 * {@code erlang-facts.tsv}, and lines of the system {@code erlang} in {@code w2.tsv}); {@code --erlang-note} is the
 * line printed when it did not (why not).
 *
 * <p><b>Output.</b> In {@code --doc}, the text between the lines {@value #BEGIN} and {@value #END} is replaced by:
 * the run's facts (date, commit, mode, machine, JVM and flags, Pekko's version and dispatcher settings, JMH
 * settings) and a table with one row per workload: each system's median and range (min-max) over all samples, the
 * ratio Foundation BEAM / Pekko of the medians, the same ratio round by round (both systems of a round ran one after
 * the other, so these are the in-run ratios), the issue's goal for that ratio and whether the median ratio meets
 * it. With Erlang/OTP results the table has three more systems' columns: Erlang/OTP's median and range, the ratio
 * Foundation BEAM / Erlang/OTP overall and per round (Erlang ran right after the two JVM systems in each round), and
 * the goal against Erlang/OTP (ping-pong ahead of it); W1's OTP-supervisor flavour has rows of its own, whose ratio
 * uses the Foundation BEAM samples of the plain W1 row above it (the ecosystem, which has a supervisor too).
 * {@code --svg} gets a bar chart of how many times better Foundation BEAM is in each row (log scale, with the
 * goal marked; against Erlang/OTP as a second, blue bar), which the section links as {@code --svg-ref}.
 */
public final class CompareReport {

    /** The line that starts the generated section. */
    static final String BEGIN = "<!-- compare:begin -->";
    /** The line that ends the generated section. */
    static final String END = "<!-- compare:end -->";

    private static final Pattern ROUND = Pattern.compile("jmh-r(\\d+)-.*\\.json");
    private static final String PACKAGE = "io.foundation.beam.benchmarks.compare.";

    private CompareReport() {
    }

    /**
     * What a row is and what the issue asks of it.
     *
     * @param goalAdvantage how many times better than Pekko Foundation BEAM must be (at least), NaN if no goal
     * @param erlangGoal how many times better than Erlang/OTP Foundation BEAM must be (strictly more), NaN if none
     * @param everyRound whether the goal against Pekko must also hold in every round, not only on the medians
     * @param beamAtMost an upper bound on Foundation BEAM's own median, in the row's unit, NaN if none
     */
    record Spec(String sortKey, String label, double goalAdvantage, double erlangGoal, boolean everyRound,
            double beamAtMost) {
        Spec(String sortKey, String label, double goalAdvantage) {
            this(sortKey, label, goalAdvantage, Double.NaN);
        }

        Spec(String sortKey, String label, double goalAdvantage, double erlangGoal) {
            this(sortKey, label, goalAdvantage, erlangGoal, false, Double.NaN);
        }
    }

    /** The samples of one row, per system and per round (round 0: not numbered, left out of the per-round ratios). */
    static final class Row {
        final Spec spec;
        final String unit;
        final boolean lowerIsBetter;
        final Map<String, TreeMap<Integer, List<Double>>> samples = new HashMap<>();
        /** For an Erlang-only row (W1's OTP-supervisor flavour): the row whose Foundation BEAM samples it uses. */
        Row beamFrom;

        Row(Spec spec, String unit, boolean lowerIsBetter) {
            this.spec = spec;
            this.unit = unit;
            this.lowerIsBetter = lowerIsBetter;
        }

        private TreeMap<Integer, List<Double>> bySystem(String system) {
            Row from = CompareSupport.BEAM.equals(system) && beamFrom != null ? beamFrom : this;
            return from.samples.getOrDefault(system, new TreeMap<>());
        }

        void add(String system, int round, double value) {
            samples.computeIfAbsent(system, s -> new TreeMap<>()).computeIfAbsent(round, r -> new ArrayList<>())
                    .add(value);
        }

        /** @return the system's samples (Foundation BEAM's from {@link #beamFrom} if set) */
        List<Double> all(String system) {
            List<Double> all = new ArrayList<>();
            bySystem(system).values().forEach(all::addAll);
            return all;
        }

        /** @return median(beam) / median(pekko), NaN if a side is missing */
        double ratio() {
            return ratio(CompareSupport.PEKKO);
        }

        /** @return median(beam) / median(other), NaN if a side is missing */
        double ratio(String other) {
            return median(all(CompareSupport.BEAM)) / median(all(other));
        }

        /** @return how many times better Foundation BEAM is than Pekko (above 1: better) */
        double advantage() {
            return advantage(CompareSupport.PEKKO);
        }

        /** @return how many times better Foundation BEAM is than the other system (above 1: better) */
        double advantage(String other) {
            double r = ratio(other);
            return lowerIsBetter ? 1 / r : r;
        }

        List<Double> roundRatios() {
            return roundRatios(CompareSupport.PEKKO);
        }

        /** @return median(beam) / median(other) within each numbered round both have */
        List<Double> roundRatios(String other) {
            List<Double> ratios = new ArrayList<>();
            var beam = bySystem(CompareSupport.BEAM);
            var them = bySystem(other);
            for (var e : beam.entrySet()) {
                if (e.getKey() > 0 && them.containsKey(e.getKey())) {
                    ratios.add(median(e.getValue()) / median(them.get(e.getKey())));
                }
            }
            return ratios;
        }

        /** @return "yes", "**no**" or "–" (no goal against Erlang/OTP, or a side missing); the goal is strict */
        String metErlang() {
            double adv = advantage(ErlangResults.SYSTEM);
            if (Double.isNaN(spec.erlangGoal()) || Double.isNaN(adv)) {
                return "–";
            }
            return adv > spec.erlangGoal() ? "yes" : "**no**";
        }

        /**
         * @return "yes", "no" or "–" (no goal, or a side missing): the median ratio meets the goal, and so does every
         *     round's ratio when the spec asks for that, and Foundation BEAM's median is within its bound if it has one
         */
        String met() {
            if (Double.isNaN(spec.goalAdvantage()) || Double.isNaN(advantage())) {
                return "–";
            }
            boolean met = advantage() >= spec.goalAdvantage();
            if (spec.everyRound()) {
                for (double r : roundRatios()) {
                    met &= (lowerIsBetter ? 1 / r : r) >= spec.goalAdvantage();
                }
            }
            if (!Double.isNaN(spec.beamAtMost())) {
                met &= median(all(CompareSupport.BEAM)) <= spec.beamAtMost();
            }
            return met ? "yes" : "**no**";
        }
    }

    /**
     * @param args see the class comment
     * @throws IOException if an input cannot be read or an output written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Path results = Path.of(required(opts, "results"));
        Path doc = Path.of(required(opts, "doc"));
        Path svg = Path.of(required(opts, "svg"));
        boolean smoke = "smoke".equals(opts.getOrDefault("mode", "full"));

        Map<String, Row> rows = new TreeMap<>();
        List<Map<String, Object>> entries = readJmh(results, rows);
        readW2(results.resolve("w2.tsv"), rows);
        readErlang(ErlangResults.read(results), rows);
        Map<String, String> erlangFacts = ErlangResults.facts(results);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no results in " + results);
        }
        List<Row> ordered = new ArrayList<>(rows.values());

        boolean erlang = ordered.stream().anyMatch(r -> !r.all(ErlangResults.SYSTEM).isEmpty());
        String section = section(ordered, entries, opts, smoke, erlang, erlangFacts);
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(doc + " has no '" + BEGIN + "' ... '" + END + "' section");
        }
        String updated = text.substring(0, begin + BEGIN.length()) + "\n" + section + text.substring(end);
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
        Files.writeString(svg, svg(ordered, smoke, opts.getOrDefault("commit", "?"), erlang), StandardCharsets.UTF_8);
        System.out.println("wrote " + doc + " (section " + BEGIN + ") and " + svg);
        System.out.print(section);
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    // ------------------------------------------------------------------ input

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> readJmh(Path dir, Map<String, Row> rows) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "jmh-r*.json")) {
            stream.forEach(files::add);
        }
        Collections.sort(files);
        for (Path file : files) {
            Matcher m = ROUND.matcher(file.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            int round = Integer.parseInt(m.group(1));
            for (Object o : (List<Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8))) {
                Map<String, Object> entry = (Map<String, Object>) o;
                entries.add(entry);
                String benchmark = ((String) entry.get("benchmark")).replace(PACKAGE, "");
                Map<String, Object> params = new TreeMap<>((Map<String, Object>) entry.getOrDefault("params",
                        Map.of()));
                String system = (String) params.remove("system");
                Map<String, Object> metric = (Map<String, Object>) entry.get("primaryMetric");
                String unit = (String) metric.get("scoreUnit");
                boolean lower = !"thrpt".equals(entry.get("mode"));
                Spec spec = spec(benchmark, params);
                Row row = rows.computeIfAbsent(spec.sortKey(), k -> new Row(spec, unit, lower));
                for (Object fork : (List<Object>) metric.get("rawData")) {
                    for (Object value : (List<Object>) fork) {
                        if (value instanceof Double d) {
                            row.add(system, round, d);
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static void readW2(Path file, Map<String, Row> rows) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length < 6 || !"W2".equals(f[0])) {
                continue;
            }
            int count = Integer.parseInt(f[3]);
            boolean bytes = "bytes".equals(f[1]);
            String key = String.format(Locale.ROOT, "W2 %s %09d", bytes ? "a" : "b", count);
            String n = String.format(Locale.ROOT, "%,d", count);
            Spec spec = bytes ? new Spec(key, "W2 heap bytes per idle process, " + n, 1 / 0.9, Double.NaN, false, 190)
                    : new Spec(key, "W2 time to spawn " + n + " idle processes", count == 1_000_000 ? 4 : Double.NaN);
            Row row = rows.computeIfAbsent(key, k -> new Row(spec, f[4], true));
            row.add(f[2], f.length > 6 ? Integer.parseInt(f[6]) : 0, Double.parseDouble(f[5]));
        }
    }

    /**
     * Adds Erlang/OTP's samples to the rows of the JMH benchmarks they mirror; W1's OTP-supervisor flavour gets rows
     * of its own, right after the plain row of the same size, whose Foundation BEAM samples they use.
     */
    static void readErlang(List<ErlangResults.Sample> samples, Map<String, Row> rows) {
        for (ErlangResults.Sample sample : samples) {
            Spec plain = spec(sample.benchmark(), sample.params());
            Spec spec = plain;
            if (sample.supervisor()) {
                spec = new Spec(plain.sortKey() + " sup", plain.label() + ", Erlang: OTP supervisor flavour",
                        Double.NaN);
            }
            Spec s = spec;
            Row row = rows.computeIfAbsent(s.sortKey(), k -> new Row(s, sample.scoreUnit(), sample.lowerIsBetter()));
            if (!row.unit.equals(sample.scoreUnit())) {
                throw new IllegalStateException("Erlang unit " + sample.unit() + " reports " + sample.scoreUnit()
                        + " but its row '" + row.spec.label() + "' is in " + row.unit);
            }
            row.add(ErlangResults.SYSTEM, sample.round(), sample.score());
            if ("W3PingPongBenchmark.handlers".equals(sample.benchmark())) {
                // Erlang processes are receive loops: the same figure is the peer of both ping-pong rows.
                Row loops = rows.get(spec("W3PingPongReceiveLoopBenchmark.receiveLoops", Map.of()).sortKey());
                if (loops != null) {
                    loops.add(ErlangResults.SYSTEM, sample.round(), sample.score());
                }
            }
            if (sample.supervisor()) {
                row.beamFrom = rows.get(plain.sortKey());
            }
        }
        // A plain row read after its supervisor row (never with compare.sh's order, but cheap to get right).
        for (Row row : rows.values()) {
            if (row.spec.sortKey().endsWith(" sup") && row.beamFrom == null) {
                row.beamFrom = rows.get(row.spec.sortKey().substring(0, row.spec.sortKey().length() - 4));
            }
        }
    }

    /** Labels, order and goals (as advantages: how many times better Foundation BEAM must be) of the rows. */
    private static Spec spec(String benchmark, Map<String, Object> params) {
        String p = params.isEmpty() ? "" : params.toString();
        Object workers = params.get("workers");
        int n = workers == null ? -1 : Integer.parseInt(workers.toString());
        String nText = String.format(Locale.ROOT, "%,d", n);
        String sized = String.format(Locale.ROOT, "%06d", n);
        return switch (benchmark) {
            case "W1EcosystemBenchmark.create" -> new Spec("W1 a " + sized,
                    "W1 create coordinator + " + nText + " workers", n == 1000 ? 5 : Double.NaN);
            case "W1EcosystemBenchmark.shutdown" -> new Spec("W1 b " + sized,
                    "W1 shut down coordinator + " + nText + " workers", Double.NaN);
            case "W3OneToOneBenchmark.plain" -> new Spec("W3 a", "W3 simple messages 1->1", 1.5);
            case "W3OneToOneBenchmark.credit" -> new Spec("W3 b", "W3 simple messages 1->1, credit window "
                    + OneToOneSides.WINDOW + "/" + OneToOneSides.ACK_EVERY, 1.5);
            case "W3FanInBenchmark.integers" -> new Spec("W3 c", "W3 fan-in 1000->1", 3);
            case "W3PingPongBenchmark.handlers" -> new Spec("W3 d", "W3 ping-pong, handler processes", 1.2, 1, true,
                    Double.NaN);
            case "W3PingPongReceiveLoopBenchmark.receiveLoops" -> new Spec("W3 e", "W3 ping-pong, receive loops", 1.2,
                    1, true, Double.NaN);
            case "W4ComplexMessageBenchmark.records" -> new Spec("W4", "W4 complex messages 1->1 (10-field record)",
                    1);
            case "W5CrossEcosystemBenchmark.forwarded" -> new Spec("W5", "W5 cross-ecosystem A -> B -> worker", 4);
            case "W6SubmitBenchmark.submitted" -> new Spec("W6", "W6 submit -> worker -> future, self-healing", 2);
            default -> new Spec("X " + benchmark + p, benchmark + p, Double.NaN);
        };
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

    /** Three significant digits, with thousands separators for large figures. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String cell(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        return num(median(values)) + " (" + num(Collections.min(values)) + "–" + num(Collections.max(values)) + ", n="
                + values.size() + ")";
    }

    private static String goal(Row row) {
        double g = row.spec.goalAdvantage();
        if (Double.isNaN(g)) {
            return "–";
        }
        String text = row.lowerIsBetter ? "≤ " + num(1 / g) : "≥ " + num(g);
        if (row.spec.everyRound()) {
            text += " in every round";
        }
        if (!Double.isNaN(row.spec.beamAtMost())) {
            text += ", and at most " + num(row.spec.beamAtMost()) + " " + row.unit.replaceAll(" ?\\(.*", "");
        }
        return text;
    }

    private static String erlangGoal(Row row) {
        double g = row.spec.erlangGoal();
        if (Double.isNaN(g)) {
            return "–";
        }
        return row.lowerIsBetter ? "< " + num(1 / g) : "> " + num(g);
    }

    private static String perRound(List<Double> ratios) {
        List<String> text = new ArrayList<>();
        ratios.forEach(r -> text.add(num(r)));
        return text.isEmpty() ? "–" : String.join(", ", text);
    }

    // ------------------------------------------------------------------ Markdown

    static String section(List<Row> rows, List<Map<String, Object>> entries, Map<String, String> opts,
            boolean smoke, boolean erlang, Map<String, String> erlangFacts) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated by foundation-beam-benchmarks/compare.sh (CompareReport); edits here are overwritten."
                + " -->\n\n");
        if (smoke) {
            md.append("> **SMOKE RUN: these figures come from very short runs that only prove the pipeline works. They"
                    + " are not measurements; do not quote them.**\n\n");
        }
        md.append("- Run: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"))).append(", mode `").append(smoke ? "smoke" : "full").append("`, commit `")
                .append(opts.getOrDefault("commit", "?")).append("`, Foundation BEAM ")
                .append(opts.getOrDefault("beam-version", "?")).append(", Apache Pekko ")
                .append(org.apache.pekko.Version.current()).append(" (pekko-actor-typed_2.13)");
        if (opts.containsKey("elapsed")) {
            md.append(", wall time ").append(opts.get("elapsed")).append(" s");
        }
        if (opts.containsKey("budget")) {
            md.append(" (budget: ").append(opts.get("budget")).append(")");
        }
        md.append(".\n");
        md.append("- Machine: ").append(ReportFacts.machine()).append(".\n");
        Set<String> jvms = new LinkedHashSet<>();
        Set<String> flags = new TreeSet<>();
        Set<String> jmh = new LinkedHashSet<>();
        for (Map<String, Object> e : entries) {
            jvms.add(e.get("vmName") + " " + e.get("vmVersion") + " (" + e.get("jvm") + ")");
            flags.add(String.valueOf(e.get("jvmArgs")));
            jmh.add(String.format(Locale.ROOT, "%s fork(s) per system and round, %s warm-up iteration(s) of %s, %s"
                    + " measured iteration(s) of %s", ReportFacts.wholeNumber(e.get("forks")),
                    ReportFacts.wholeNumber(e.get("warmupIterations")), e.get("warmupTime"),
                    ReportFacts.wholeNumber(e.get("measurementIterations")), e.get("measurementTime")));
        }
        md.append("- JVM: ").append(String.join("; ", jvms)).append("; JMH fork flags: ")
                .append(String.join("; ", flags)).append("; W2 flags: `")
                .append(opts.getOrDefault("w2-opts", "").isBlank() ? "none" : opts.get("w2-opts")).append("`.\n");
        md.append("- JMH ").append(entries.isEmpty() ? "?" : entries.get(0).get("jmhVersion")).append(": ")
                .append(String.join("; ", jmh)).append("; rounds: ").append(opts.getOrDefault("rounds", "?"))
                .append(" (each round runs every workload on both systems, one after the other, alternating which goes"
                        + " first).\n");
        md.append("- Pekko: ").append(pekkoSettings()).append(".\n");
        if (erlang) {
            md.append("- ").append(ErlangResults.describe(erlangFacts)).append(" (run right after the two JVM systems"
                    + " in every round; W2 in a fresh VM per count and round).\n\n");
        } else {
            String note = opts.getOrDefault("erlang-note", "");
            md.append("- ").append(note.isBlank() ? "Erlang/OTP: not run" : note).append(".\n\n");
        }

        md.append("| workload | unit | Foundation BEAM median (min–max, n) | Pekko median (min–max, n) |");
        md.append(erlang ? " Erlang/OTP median (min–max, n) |" : "");
        md.append(" ratio BEAM/Pekko | per round | goal (ratio) | met |");
        md.append(erlang ? " ratio BEAM/Erlang | per round | goal vs Erlang | met |\n" : "\n");
        md.append("|---|---|---|---|---|---|---|---|").append(erlang ? "---|---|---|---|---|\n" : "\n");
        for (Row row : rows) {
            md.append("| ").append(row.spec.label()).append(" | ").append(row.unit).append(row.lowerIsBetter
                    ? " (lower is better)" : " (higher is better)").append(" | ")
                    .append(row.beamFrom != null ? "(row above)" : cell(row.all(CompareSupport.BEAM))).append(" | ")
                    .append(cell(row.all(CompareSupport.PEKKO))).append(" | ");
            if (erlang) {
                md.append(cell(row.all(ErlangResults.SYSTEM))).append(" | ");
            }
            md.append(num(row.ratio())).append(" | ").append(perRound(row.roundRatios())).append(" | ")
                    .append(goal(row)).append(" | ").append(row.met()).append(" |");
            if (erlang) {
                md.append(" ").append(num(row.ratio(ErlangResults.SYSTEM))).append(" | ")
                        .append(perRound(row.roundRatios(ErlangResults.SYSTEM))).append(" | ").append(erlangGoal(row))
                        .append(" | ").append(row.metErlang()).append(" |");
            }
            md.append("\n");
        }
        md.append("\n![How many times better Foundation BEAM is than Pekko")
                .append(erlang ? " and than Erlang/OTP" : "").append(", per workload](")
                .append(opts.getOrDefault("svg-ref", "benchmarks-compare.svg")).append(")\n\n");
        md.append("Ratio = median of Foundation BEAM's samples / median of Pekko's; for times and bytes below 1 is"
                + " better, for throughputs above 1. A sample is one JMH iteration (W2: one program round). \"per"
                + " round\" is the same ratio within each round. \"met\" compares the median ratio with the issue's"
                + " goal.");
        if (erlang) {
            md.append(" Ratio BEAM/Erlang is the same against Erlang/OTP's median (a sample: one iteration of"
                    + " beam_compare.erl, timed like JMH's); its goal is strict (ping-pong ahead of Erlang/OTP). W2's"
                    + " Erlang bytes are `erlang:memory(processes_used)` per idle process, not heap bytes: each"
                    + " Erlang process owns its heap, so the figures measure the same thing, memory per idle process,"
                    + " by each runtime's own account.");
        }
        md.append("\n");
        return md.toString();
    }

    /** The default dispatcher's settings as this jar's configuration resolves them (no override in the module). */
    private static String pekkoSettings() {
        Config c = ConfigFactory.load();
        String d = "pekko.actor.default-dispatcher";
        String fj = d + ".fork-join-executor";
        int nproc = Runtime.getRuntime().availableProcessors();
        int min = c.getInt(fj + ".parallelism-min");
        int max = c.getInt(fj + ".parallelism-max");
        double factor = c.getDouble(fj + ".parallelism-factor");
        int threads = Math.min(max, Math.max(min, (int) Math.ceil(nproc * factor)));
        return String.format(Locale.ROOT, "default dispatcher `%s` (fallback `%s`), parallelism-min %d, factor %s,"
                + " max %d, so %d threads on %d cores; throughput %d messages per actor per turn; default mailbox"
                + " `%s`; all Pekko defaults", c.getString(d + ".executor"),
                c.getString(d + ".default-executor.fallback"), min, factor, max, threads, nproc,
                c.getInt(d + ".throughput"), c.getString("pekko.actor.typed.default-mailbox.mailbox-type"));
    }

    // ------------------------------------------------------------------ SVG

    static String svg(List<Row> rows, boolean smoke, String commit, boolean erlang) {
        int labelWidth = erlang ? 500 : 400;
        int plotWidth = 480;
        int valueWidth = erlang ? 190 : 90;
        int rowHeight = 24;
        int top = smoke ? 78 : 58;
        int height = top + rows.size() * rowHeight + 40;
        int width = labelWidth + plotWidth + valueWidth + 20;
        double lo = -4;
        double hi = 4;
        java.util.function.DoubleUnaryOperator x = adv -> {
            double l = Math.log(adv) / Math.log(2);
            l = Math.max(lo, Math.min(hi, l));
            return labelWidth + (l - lo) / (hi - lo) * plotWidth;
        };
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width,
                height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                xml("Foundation BEAM vs Apache Pekko" + (erlang ? " and Erlang/OTP" : "")
                        + ": how many times better (log scale), commit " + commit)));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"40\" fill=\"#444\">%s</text>%n", xml("bar: median"
                + " advantage of Foundation BEAM over Pekko (right of 1x: better); black tick: the issue's goal;"
                + " green: goal met, red: not met, grey: no goal"
                + (erlang ? "; thin blue bar: over Erlang/OTP" : ""))));
        if (smoke) {
            s.append("<text x=\"10\" y=\"60\" fill=\"#c62828\" font-size=\"14\" font-weight=\"bold\">SMOKE RUN:"
                    + " very short runs, not a measurement</text>\n");
        }
        for (int t = (int) lo; t <= (int) hi; t++) {
            double xt = x.applyAsDouble(Math.pow(2, t));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    xt, top - 4, xt, top + rows.size() * rowHeight, t == 0 ? "#000" : "#ddd"));
            String tick = t >= 0 ? (1 << t) + "x" : "1/" + (1 << -t) + "x";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s"
                    + "</text>%n", xt, top + rows.size() * rowHeight + 16, tick));
        }
        double one = x.applyAsDouble(1);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = top + i * rowHeight;
            double adv = row.advantage();
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 8, y + 16, xml(row.spec.label())));
            double erlangAdv = erlang ? row.advantage(ErlangResults.SYSTEM) : Double.NaN;
            boolean hasErlang = !Double.isNaN(erlangAdv) && erlangAdv > 0;
            if (hasErlang) {
                double xe = x.applyAsDouble(erlangAdv);
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                        + " fill=\"#1565c0\"/>%n", Math.min(one, xe), y + rowHeight - 8,
                        Math.max(1, Math.abs(xe - one)), 5));
            }
            String erlangText = hasErlang ? "; Erlang " + num(erlangAdv) + "x" : "";
            if (Double.isNaN(adv) || adv <= 0) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#888\">%s</text>%n",
                        labelWidth + plotWidth + 8, y + 16, xml(erlang ? "Pekko –" + erlangText : "no data")));
                continue;
            }
            double xv = x.applyAsDouble(adv);
            double goal = row.spec.goalAdvantage();
            String colour = Double.isNaN(goal) ? "#78909c" : adv >= goal ? "#2e7d32" : "#c62828";
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    Math.min(one, xv), y + 4, Math.max(1, Math.abs(xv - one)), erlang ? rowHeight - 13 : rowHeight - 8,
                    colour));
            if (!Double.isNaN(goal)) {
                double xg = x.applyAsDouble(goal);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\""
                        + " stroke-width=\"2\"/>%n", xg, y + 1, xg, y + rowHeight - 1));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", labelWidth + plotWidth + 8,
                    y + 16, xml((erlang ? "Pekko " : "") + num(adv) + "x" + erlangText)));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
