package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.cluster.NoQuorumException;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A registry node (a, b or c) in a child JVM, driven over standard input and output.
 *
 * <p>Arguments: node name, the three ports (comma separated), cluster name, Raft log directory. Prints
 * {@code STARTED <name>}. Reads {@code register <name>} (prints {@code REGISTERED <name>}, {@code TAKEN <name>} or
 * {@code NOQUORUM <name> <ms>}), {@code names} (prints {@code NAMES <name=holder,...>} sorted), {@code leader}
 * (prints {@code LEADER true|false}: one is known), {@code exit}. Ends when its standard input ends or its parent
 * dies.
 */
public final class RegistryNodeMain {

    private RegistryNodeMain() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if reading standard input fails
     */
    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        int[] ports = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        RegistryNode node = RegistryNode.start(args[0], ports, args[2], Path.of(args[3]));
        print("STARTED " + node.name());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                List<String> words = Arrays.asList(line.split(" ", 2));
                switch (words.get(0)) {
                    case "register" -> {
                        long start = System.nanoTime();
                        try {
                            node.registry.register(words.get(1), node.pids.spawn());
                            print("REGISTERED " + words.get(1));
                        } catch (NameAlreadyRegisteredException e) {
                            print("TAKEN " + words.get(1));
                        } catch (NoQuorumException e) {
                            print("NOQUORUM " + words.get(1) + " " + (System.nanoTime() - start) / 1_000_000 + " "
                                    + e.getMessage());
                        }
                    }
                    case "names" -> print("NAMES " + format(node));
                    case "leader" -> print("LEADER " + node.registry.hasLeader());
                    case "exit" -> {
                        return;
                    }
                    default -> print("UNKNOWN " + line);
                }
            }
        } finally {
            node.close();
            System.exit(0);
        }
    }

    static String format(RegistryNode node) {
        return node.registry.names().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
