package io.foundation.beam.benchmarks.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The samples of a whole {@code remote-compare.sh} run, read from the TSV that {@link RemoteBenchmark} appends to
 * (one line per measured iteration), with the statistics the report needs.
 *
 * @param samples every sample, in file order
 */
record RemoteResults(List<Sample> samples) {

    /**
     * One measured iteration.
     *
     * @param round the round
     * @param system {@code beam} or {@code pekko}
     * @param workload {@code throughput} or {@code pingpong}
     * @param transport {@code plain} or {@code tls}
     * @param rate messages or round trips per second
     * @param meanMicros ping-pong: mean round trip, µs (NaN otherwise)
     * @param p50Micros ping-pong: median round trip, µs (NaN otherwise)
     * @param p99Micros ping-pong: 99th percentile, µs (NaN otherwise)
     */
    record Sample(int round, String system, String workload, String transport, double rate, double meanMicros,
            double p50Micros, double p99Micros) {
    }

    /**
     * @param file the TSV
     * @return its samples
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if a line is malformed
     */
    static RemoteResults read(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 9) {
                throw new IllegalArgumentException("malformed result line: " + line);
            }
            samples.add(new Sample(Integer.parseInt(f[0]), f[1], f[2], f[3], Double.parseDouble(f[5]), opt(f[6]),
                    opt(f[7]), opt(f[8])));
        }
        return new RemoteResults(samples);
    }

    private static double opt(String field) {
        return field.equals("-") ? Double.NaN : Double.parseDouble(field);
    }

    /**
     * @param system the system
     * @param workload the workload
     * @param transport the transport
     * @return the matching samples
     */
    List<Sample> of(String system, String workload, String transport) {
        return samples.stream().filter(s -> s.system().equals(system) && s.workload().equals(workload)
                && s.transport().equals(transport)).toList();
    }

    /**
     * @param samples some samples
     * @return them grouped by round, rounds in order
     */
    static Map<Integer, List<Sample>> byRound(List<Sample> samples) {
        Map<Integer, List<Sample>> rounds = new TreeMap<>();
        for (Sample s : samples) {
            rounds.computeIfAbsent(s.round(), r -> new ArrayList<>()).add(s);
        }
        return rounds;
    }

    /**
     * @param samples some samples
     * @param value which figure
     * @return the median of that figure (NaN if there are none)
     */
    static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] v = samples.stream().mapToDouble(value).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * @param samples some samples
     * @param value which figure
     * @return its smallest value
     */
    static double min(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).min().orElse(Double.NaN);
    }

    /**
     * @param samples some samples
     * @param value which figure
     * @return its largest value
     */
    static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).max().orElse(Double.NaN);
    }
}
