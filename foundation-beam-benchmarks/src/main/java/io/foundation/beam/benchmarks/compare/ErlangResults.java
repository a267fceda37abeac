package io.foundation.beam.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what the Erlang/OTP side of {@code compare.sh} wrote ({@code src/main/erlang/beam_compare.erl}) for
 * {@link CompareReport}: the unit results in {@value #RESULTS} and the run's facts in {@value #FACTS}. (Erlang's W2
 * figures are appended to {@code w2.tsv} in {@link W2IdleFootprint}'s format, with the system {@value #SYSTEM}, and
 * are read with the JVM ones.)
 *
 * <p>{@value #RESULTS}: one tab-separated line per measured iteration,
 * {@code ERL unit benchmark flavour workers scoreUnit mode round score}, where {@code benchmark} is the JMH benchmark
 * the unit mirrors (e.g. {@code W3OneToOneBenchmark.plain}), {@code flavour} is {@code raw} (plain processes) or
 * {@code sup} (W1 under an OTP supervisor), {@code workers} W1's N or {@code -}, {@code scoreUnit} {@code ops/s} or
 * {@code ms/op}, and {@code mode} {@code thrpt} or {@code avgt}, as in JMH's JSON. Other lines are ignored.
 * {@value #FACTS}: {@code key value} lines (OTP release, ERTS version, schedulers, flags and timing).
 */
final class ErlangResults {

    /** The system name of Erlang/OTP's samples in a report row. */
    static final String SYSTEM = "erlang";
    /** The unit results file in a run's results directory. */
    static final String RESULTS = "erlang.tsv";
    /** The facts file in a run's results directory. */
    static final String FACTS = "erlang-facts.tsv";

    private ErlangResults() {
    }

    /**
     * One measured iteration of one unit.
     *
     * @param unit compare.sh's unit name
     * @param benchmark the JMH benchmark it mirrors, without the package
     * @param supervisor whether it is W1's OTP-supervisor flavour
     * @param workers W1's worker count, or -1
     * @param scoreUnit {@code ops/s} or {@code ms/op}
     * @param lowerIsBetter true for average time ({@code avgt})
     * @param round the round, from 1
     * @param score the iteration's score
     */
    record Sample(String unit, String benchmark, boolean supervisor, int workers, String scoreUnit,
            boolean lowerIsBetter, int round, double score) {

        /** @return the parameters, as {@link CompareReport} takes them from JMH's JSON (W1's workers only) */
        Map<String, Object> params() {
            return workers < 0 ? Map.of() : Map.of("workers", String.valueOf(workers));
        }
    }

    /**
     * @param line one line of {@value #RESULTS}
     * @return the sample, or null if the line is not a result line
     * @throws IllegalArgumentException if a result line is malformed, saying which field
     */
    static Sample parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length == 0 || !"ERL".equals(f[0])) {
            return null;
        }
        if (f.length != 9) {
            throw new IllegalArgumentException("Erlang result line has " + f.length + " fields, expected 9 (ERL unit"
                    + " benchmark flavour workers scoreUnit mode round score): " + line);
        }
        boolean supervisor = switch (f[3]) {
            case "raw" -> false;
            case "sup" -> true;
            default -> throw new IllegalArgumentException("Erlang result line: flavour '" + f[3]
                    + "' is neither raw nor sup: " + line);
        };
        boolean lower = switch (f[6]) {
            case "thrpt" -> false;
            case "avgt" -> true;
            default -> throw new IllegalArgumentException("Erlang result line: mode '" + f[6]
                    + "' is neither thrpt nor avgt: " + line);
        };
        try {
            int workers = "-".equals(f[4]) ? -1 : Integer.parseInt(f[4]);
            return new Sample(f[1], f[2], supervisor, workers, f[5], lower, Integer.parseInt(f[7]),
                    Double.parseDouble(f[8]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Erlang result line: bad number (" + e.getMessage() + "): " + line, e);
        }
    }

    /**
     * @param dir a run's results directory
     * @return the samples in its {@value #RESULTS}, empty if there is none (Erlang did not run)
     * @throws IOException if the file cannot be read
     */
    static List<Sample> read(Path dir) throws IOException {
        Path file = dir.resolve(RESULTS);
        List<Sample> samples = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Sample s = parse(line);
                if (s != null) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }

    /**
     * @param dir a run's results directory
     * @return the facts in its {@value #FACTS}, in file order; empty if there is none
     * @throws IOException if the file cannot be read
     */
    static Map<String, String> facts(Path dir) throws IOException {
        Path file = dir.resolve(FACTS);
        Map<String, String> facts = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    facts.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return facts;
    }

    /**
     * @param facts as {@link #facts} read them
     * @return the report's line about Erlang/OTP (without the leading "- ")
     */
    static String describe(Map<String, String> facts) {
        return String.format(Locale.ROOT, "Erlang/OTP %s (ERTS %s), %s schedulers online of %s logical processors,"
                + " process limit %s, emulator flags `%s`; %s; `%s`", facts.getOrDefault("otp_release", "?"),
                facts.getOrDefault("erts_version", "?"), facts.getOrDefault("schedulers_online", "?"),
                facts.getOrDefault("logical_processors", "?"), facts.getOrDefault("process_limit", "?"),
                facts.getOrDefault("flags", "?"), facts.getOrDefault("timing", "timing ?"),
                facts.getOrDefault("system_version", "?"));
    }
}
