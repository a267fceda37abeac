package io.foundation.beam.benchmarks.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One measurement of the cross-node comparison: one system, one workload, plain or TLS (see {@link RunOptions} for
 * the arguments). This JVM is node A; it picks two free ports on 127.0.0.1, starts node B in a child JVM
 * ({@link PeerJvm}), starts its own node ({@link BeamDriverSide} or {@link PekkoDriverSide}) and the workload's
 * active half, lets it run for the warm-up, then measures consecutive iterations of fixed length while it keeps
 * running, stops it, closes both nodes and appends one TSV line per iteration to the output file:
 * {@code round, system, workload, transport, iteration, rate per second, mean µs, p50 µs, p99 µs} (the latencies
 * only for ping-pong, {@code -} otherwise).
 *
 * <ul>
 *   <li><b>throughput</b>: the rate is messages acknowledged by node B per second of the iteration
 *       ({@link WindowedSender}: at most 2048 outstanding, one acknowledgement per 256).</li>
 *   <li><b>pingpong</b>: the rate is round trips per second; the latencies are of the iteration's round trips
 *       ({@link LatencyProbe}).</li>
 * </ul>
 * An iteration in which nothing moved, a message out of order, or a run longer than warm-up + iterations + 3
 * minutes fails the run (exit status 1 or 4); node B is killed in every case.
 */
public final class RemoteBenchmark {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETUP_ALLOWANCE = Duration.ofMinutes(3);
    private static final long STARTED_AT = System.nanoTime();

    private final RunOptions options;

    private RemoteBenchmark(RunOptions options) {
        this.options = options;
    }

    /**
     * @param args see {@link RunOptions}
     */
    public static void main(String[] args) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("RemoteBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        startWatchdog(options.warmup().plus(options.iteration().multipliedBy(options.iterations()))
                .plus(SETUP_ALLOWANCE));
        int status = 0;
        try {
            List<String> lines = new RemoteBenchmark(options).run();
            Files.write(options.out(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (Exception | AssertionError e) {
            System.err.println("RemoteBenchmark " + options.system() + " " + options.workload() + " "
                    + options.transport() + " failed:");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // also ends the nodes' non-daemon threads; the shutdown hook kills node B if alive
    }

    private List<String> run() throws InterruptedException {
        Endpoints endpoints = Endpoints.pickFree();
        String stores = options.tls().map(s -> s.keyStore().getParent().toString()).orElse("plain");
        log("node A on %d, node B on %d (%s, %s, %s)", endpoints.portA(), endpoints.portB(), options.system(),
                options.workload(), options.transport());
        try (PeerJvm peer = PeerJvm.start(List.of(options.system(), Integer.toString(endpoints.portA()),
                Integer.toString(endpoints.portB()), endpoints.clusterName(), stores));
                DriverSide side = openSide(endpoints)) {
            log("node B (pid %d) is ready; node A is up (at %.1f s)", peer.pid(), secondsSinceStart());
            return options.workload().equals(RunOptions.THROUGHPUT) ? throughput(side) : pingPong(side);
        } finally {
            log("both nodes closed (at %.1f s)", secondsSinceStart());
        }
    }

    private static double secondsSinceStart() {
        return (System.nanoTime() - STARTED_AT) / 1e9;
    }

    private DriverSide openSide(Endpoints endpoints) {
        return options.system().equals(RunOptions.BEAM) ? new BeamDriverSide(endpoints, options.tls())
                : new PekkoDriverSide(endpoints, options.tls());
    }

    private List<String> throughput(DriverSide side) throws InterruptedException {
        ThroughputProbe probe = new ThroughputProbe();
        side.startThroughput(probe);
        try {
            awaitStart(probe.started(), probe::failure);
            sleepChecking(options.warmup(), probe::failure);
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= options.iterations(); i++) {
                long t0 = System.nanoTime();
                long a0 = probe.acked();
                sleepChecking(options.iteration(), probe::failure);
                long a1 = probe.acked();
                long t1 = System.nanoTime();
                if (a1 == a0) {
                    throw new IllegalStateException("no message was acknowledged in iteration " + i);
                }
                double rate = (a1 - a0) * 1e9 / (t1 - t0);
                log("iteration %d: %,.0f messages/s", i, rate);
                lines.add(line(i, rate, "-", "-", "-"));
            }
            return lines;
        } finally {
            probe.stop();
            log("workload stopped (at %.1f s)", secondsSinceStart());
        }
    }

    private List<String> pingPong(DriverSide side) throws InterruptedException {
        LatencyProbe probe = new LatencyProbe();
        side.startPingPong(probe);
        try {
            awaitStart(probe.started(), probe::failure);
            sleepChecking(options.warmup(), probe::failure);
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= options.iterations(); i++) {
                long t0 = System.nanoTime();
                LatencyProbe.Snapshot s0 = probe.snapshot();
                sleepChecking(options.iteration(), probe::failure);
                LatencyProbe.Snapshot s1 = probe.snapshot();
                long t1 = System.nanoTime();
                LatencyProbe.Window window = s1.since(s0);
                if (window.count() == 0) {
                    throw new IllegalStateException("no round trip completed in iteration " + i);
                }
                double rate = window.count() * 1e9 / (t1 - t0);
                log("iteration %d: %,.0f round trips/s, mean %.1f µs, p50 %d µs, p99 %d µs", i, rate,
                        window.meanMicros(), window.p50Micros(), window.p99Micros());
                lines.add(line(i, rate, String.format(Locale.ROOT, "%.2f", window.meanMicros()),
                        Integer.toString(window.p50Micros()), Integer.toString(window.p99Micros())));
            }
            return lines;
        } finally {
            probe.stop();
            log("workload stopped (at %.1f s)", secondsSinceStart());
        }
    }

    private String line(int iteration, double rate, String mean, String p50, String p99) {
        return String.join("\t", Integer.toString(options.round()), options.system(), options.workload(),
                options.transport(), Integer.toString(iteration), String.format(Locale.ROOT, "%.1f", rate), mean, p50,
                p99);
    }

    private static void awaitStart(CountDownLatch started, Supplier<String> failure) throws InterruptedException {
        if (!started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the handshake with node B did not complete within " + START_TIMEOUT);
        }
        check(failure);
    }

    /** Sleeps, looking every 50 ms whether the workload has failed. */
    private static void sleepChecking(Duration duration, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            check(failure);
        }
    }

    private static void check(Supplier<String> failure) {
        String why = failure.get();
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    private static void startWatchdog(Duration limit) {
        Thread.ofPlatform().daemon().name("remote-benchmark-watchdog").start(() -> {
            try {
                Thread.sleep(limit.toMillis());
                System.err.println("RemoteBenchmark: still running after " + limit + "; giving up");
                System.exit(4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void log(String format, Object... args) {
        System.out.println("[node A] " + String.format(Locale.ROOT, format, args));
    }
}
