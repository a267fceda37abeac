package io.foundation.beam.benchmarks.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one {@link RemoteBenchmark} run, given as {@code key=value} arguments:
 * {@code system=beam|pekko workload=throughput|pingpong transport=plain|tls [stores=DIR] warmup=MS iterations=N
 * iteration=MS round=R out=FILE}. {@code stores} (the directory of {@link TlsStores}) is required with TLS.
 *
 * @param system {@code beam} or {@code pekko}
 * @param workload {@code throughput} or {@code pingpong}
 * @param tls the stores, or empty for plain TCP
 * @param warmup how long the workload runs before the first measured iteration
 * @param iterations how many measured iterations
 * @param iteration how long each measured iteration lasts
 * @param round the round number, copied into the results
 * @param out the TSV file the results are appended to
 */
record RunOptions(String system, String workload, Optional<TlsStores> tls, Duration warmup, int iterations,
        Duration iteration, int round, Path out) {

    /** The value of {@code system} for Foundation BEAM. */
    static final String BEAM = "beam";
    /** The value of {@code system} for Pekko. */
    static final String PEKKO = "pekko";
    /** The value of {@code workload} for 1->1 throughput. */
    static final String THROUGHPUT = "throughput";
    /** The value of {@code workload} for ping-pong. */
    static final String PING_PONG = "pingpong";

    /**
     * @param args the {@code key=value} arguments
     * @return the options
     * @throws IllegalArgumentException naming the first missing or wrong argument
     */
    static RunOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String system = oneOf(values, "system", Set.of(BEAM, PEKKO));
        String workload = oneOf(values, "workload", Set.of(THROUGHPUT, PING_PONG));
        boolean tls = oneOf(values, "transport", Set.of("plain", "tls")).equals("tls");
        Optional<TlsStores> stores = tls ? Optional.of(TlsStores.in(Path.of(required(values, "stores"))))
                : Optional.empty();
        return new RunOptions(system, workload, stores, Duration.ofMillis(number(values, "warmup")),
                (int) number(values, "iterations"), Duration.ofMillis(number(values, "iteration")),
                (int) number(values, "round"), Path.of(required(values, "out")));
    }

    /** @return {@code plain} or {@code tls} */
    String transport() {
        return tls.isPresent() ? "tls" : "plain";
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return value;
    }

    private static String oneOf(Map<String, String> values, String key, Set<String> allowed) {
        String value = required(values, key);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    private static long number(Map<String, String> values, String key) {
        try {
            long n = Long.parseLong(required(values, key));
            if (n < 0) {
                throw new IllegalArgumentException(key + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + values.get(key) + "'", e);
        }
    }
}
