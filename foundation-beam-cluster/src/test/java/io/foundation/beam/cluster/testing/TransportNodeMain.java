package io.foundation.beam.cluster.testing;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterJoinRefusedException;
import io.foundation.beam.cluster.ClusterTls;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import io.foundation.beam.cluster.internal.transport.TransportListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster node in a child JVM ({@link ChildJvm}) driven over standard input and output.
 *
 * <p>Arguments: node name, bind port, initial members (comma separated {@code host:port}), failure detection
 * timeout (ms), merge interval (ms), join timeout (ms), cluster name, then optionally security options, each
 * {@code key=value}: {@code secret=<auth secret>}, {@code tls=<key store>,<trust store>} (both with
 * {@link TestKeyStores#PASSWORD}). Prints {@code STARTED <name> <incarnation>} (or {@code REFUSED <message>} and
 * ends, if the members refuse it),
 * {@code UP <name>}, {@code DOWN <name>}, {@code FRAME <from> <text>}, {@code MEMBERS <names>}. Reads
 * {@code send <name> <text>}, {@code members}, {@code exit}. Ends when its standard input ends or its parent dies.
 */
public final class TransportNodeMain {

    private TransportNodeMain() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if reading standard input fails
     */
    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        ClusterConfig.Builder builder = ClusterConfig.builder(args[0])
                .clusterName(args[6])
                .bindAddress("127.0.0.1")
                .bindPort(Integer.parseInt(args[1]))
                .initialMembers(Arrays.asList(args[2].split(",")))
                .failureDetectionTimeout(Duration.ofMillis(Long.parseLong(args[3])))
                .mergeInterval(Duration.ofMillis(Long.parseLong(args[4])))
                .joinTimeout(Duration.ofMillis(Long.parseLong(args[5])));
        for (String option : Arrays.asList(args).subList(7, args.length)) {
            String[] kv = option.split("=", 2);
            switch (kv[0]) {
                case "secret" -> builder.authSecret(kv[1]);
                case "tls" -> builder.tls(ClusterTls.builder()
                        .keyStore(Path.of(kv[1].split(",")[0]), TestKeyStores.PASSWORD.toCharArray())
                        .trustStore(Path.of(kv[1].split(",")[1]), TestKeyStores.PASSWORD.toCharArray())
                        .build());
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        ClusterConfig config = builder.build();
        JGroupsTransport transport;
        try {
            transport = JGroupsTransport.start(config);
        } catch (ClusterJoinRefusedException e) {
            print("REFUSED " + e.getMessage());
            return;
        }
        print("STARTED " + transport.self().name() + " " + transport.self().incarnation());
        transport.listener(new TransportListener() {
            @Override
            public void onFrame(Node from, byte[] frame) {
                print("FRAME " + from.name() + " " + new String(frame, StandardCharsets.UTF_8));
            }

            @Override
            public void onNodeUp(Node node) {
                print("UP " + node.name());
            }

            @Override
            public void onNodeDown(Node node) {
                print("DOWN " + node.name());
            }
        });
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                List<String> words = Arrays.asList(line.split(" ", 3));
                switch (words.get(0)) {
                    case "send" -> {
                        Node to = transport.members().stream().filter(n -> n.name().equals(words.get(1)))
                                .findFirst().orElse(null);
                        boolean sent = to != null && transport.send(to, words.get(2).getBytes(StandardCharsets.UTF_8));
                        print("SENT " + sent);
                    }
                    case "members" -> print("MEMBERS " + transport.members().stream().map(Node::name).sorted()
                            .toList());
                    case "exit" -> {
                        transport.close();
                        return;
                    }
                    default -> print("UNKNOWN " + line);
                }
            }
        } finally {
            transport.close();
            System.exit(0);
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
