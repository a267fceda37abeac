package io.foundation.beam.benchmarks.distributed;

import io.foundation.beam.ecosystem.Distribution;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of one node's JVM, which {@link NodeJvm} starts: it starts the node ({@link BeamWorkNode} or
 * {@link PekkoWorkNode}), prints {@code @@ READY}, then runs the commands it reads on standard input with
 * {@link LoadRunner} (its answers are the lines of standard output that start with {@value #PREFIX}; anything else
 * there is a library's log), until standard input ends; then it halts. It halts at once too when the driver's JVM is
 * gone, so that no node outlives its driver.
 *
 * <p>Arguments: {@code beam|beam-local|single|pekko} ({@code beam}: the replicated journal, {@code beam-local}: the
 * submitter-local journal), this node's index, every node's port (comma-separated), the cluster name,
 * the Raft log directory, workers per node (for {@code single}: all the workers), submitter threads.
 * Commands: {@code throughput <warm-up ms> <iterations> <iteration ms> <in flight per submitter>} and
 * {@code latency <items/s per submitter> <warm-up ms> <measured ms>}.
 */
public final class NodeMain {

    /** Every socket of the benchmark is on this address. */
    static final String HOST = "127.0.0.1";
    /** The start of the lines the driver reads. */
    static final String PREFIX = "@@ ";

    private NodeMain() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if the node fails; the driver sees the JVM end
     */
    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> Runtime.getRuntime().halt(3)));
        if (args.length != 7) {
            System.err.println("usage: NodeMain beam|beam-local|single|pekko <index> <ports> <cluster> <raft dir> "
                    + "<workers per node> <submitters>");
            System.exit(2);
        }
        int index = Integer.parseInt(args[1]);
        List<Integer> ports = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
        List<String> names = java.util.stream.IntStream.range(0, ports.size()).mapToObj(i -> "n" + (i + 1)).toList();
        int workers = Integer.parseInt(args[5]);
        WorkNode node = switch (args[0]) {
            case "beam" -> BeamWorkNode.distributed(names.get(index), names, ports, args[3], Path.of(args[4]),
                    workers, Distribution.Journal.REPLICATED);
            case "beam-local" -> BeamWorkNode.distributed(names.get(index), names, ports, args[3], Path.of(args[4]),
                    workers, Distribution.Journal.SUBMITTER_LOCAL);
            case "single" -> BeamWorkNode.local(workers);
            case "pekko" -> PekkoWorkNode.start(index, ports, workers);
            default -> throw new IllegalArgumentException("system must be beam, beam-local, single or pekko, got "
                    + args[0]);
        };
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(PREFIX + line);
            }
        };
        LoadRunner runner = new LoadRunner(node, "n" + (index + 1), Integer.parseInt(args[6]), answers);
        answers.println("READY");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String[] c = line.trim().split("\\s+");
            switch (c[0]) {
                case "throughput" -> runner.throughput(Long.parseLong(c[1]), Integer.parseInt(c[2]),
                        Long.parseLong(c[3]), Integer.parseInt(c[4]));
                case "latency" -> runner.latency(Double.parseDouble(c[1]), Long.parseLong(c[2]),
                        Long.parseLong(c[3]));
                default -> answers.println("ERROR unknown command " + line);
            }
        }
        // The driver is done: no clean close, which would only make it wait before it kills this JVM anyway.
        Runtime.getRuntime().halt(0);
    }
}
