package io.foundation.beam.cluster.testing;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cluster node (a runtime joined with {@link BeamCluster#join}) in a child JVM ({@link ChildJvm}), driven over
 * standard input and output, for the tests that need real JVMs.
 *
 * <p>Arguments: node name, bind port, initial members (comma separated {@code host:port}), failure detection timeout
 * (ms), merge interval (ms), join timeout (ms), cluster name, and optionally the Raft voters (comma separated) and
 * the Raft log directory. Prints {@code READY <name>} once joined, then one line per command or event; reads the
 * commands of {@link #command}. Ends when its standard input ends or its parent dies.
 */
public final class ClusterNodeMain {

    /** A numbered message of one sender's stream. */
    public record Seq(ProcessRef from, long n) {
    }

    /** The end of one sender's stream: {@code count} messages were sent. */
    public record Done(ProcessRef from, long count) {
    }

    private final BeamRuntime runtime;
    private final DefaultBeamCluster cluster;

    private ClusterNodeMain(BeamRuntime runtime, DefaultBeamCluster cluster) {
        this.runtime = runtime;
        this.cluster = cluster;
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
                .joinTimeout(Duration.ofMillis(Long.parseLong(args[5])))
                .allowMessageTypes(List.of(ClusterNodeMain.class.getName()));
        if (args.length > 8) {
            builder.raftMembers(Arrays.asList(args[7].split(","))).raftLogDirectory(java.nio.file.Path.of(args[8]));
        }
        ClusterConfig config = builder.build();
        BeamRuntime runtime = BeamRuntime.builder().name(args[0]).build();
        DefaultBeamCluster cluster = DefaultBeamCluster.join(runtime, config);
        cluster.addNodeListener(event -> print("EVENT " + event.getClass().getSimpleName() + " "
                + event.node().name()));
        print("READY " + cluster.self().name());
        ClusterNodeMain node = new ClusterNodeMain(runtime, cluster);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("exit")) {
                    break;
                }
                try {
                    node.command(line.split(" "));
                } catch (RuntimeException e) {
                    print("ERROR " + e);
                }
            }
        } finally {
            cluster.close();
            runtime.close();
        }
    }

    /**
     * Runs one command:
     * <ul>
     *   <li>{@code nodes}: prints {@code NODES <names, sorted, comma separated>};</li>
     *   <li>{@code collector [global name]}: spawns a process that checks the order of each sender's {@link Seq}
     *       stream and prints {@code DONE <sender> <received> <in order?>} at each {@link Done}; registers it under
     *       the global name if one is given; prints {@code COLLECTOR <id>};</li>
     *   <li>{@code idle [global name]}: spawns a process that never answers, registered likewise; prints
     *       {@code IDLE <id>};</li>
     *   <li>{@code sendglobal <name> <count>}: as {@code send}, to the process registered under a global name;</li>
     *   <li>{@code send <node> <id> <count>}: a process sends {@code count} {@link Seq} and a {@link Done} to that
     *       process; prints {@code SENT <count>};</li>
     *   <li>{@code watch <node> <id>}: a process that traps exits links to, monitors and calls that process, and
     *       monitors its node; prints {@code WATCHING}, then {@code EXIT <reason>}, {@code DOWN <reason>},
     *       {@code CALL_FAILED <exception>} and {@code NODEDOWN <node>} as they come.</li>
     * </ul>
     */
    private void command(String[] words) {
        switch (words[0]) {
            case "nodes" -> print("NODES " + cluster.nodes().stream().map(Node::name).sorted()
                    .collect(Collectors.joining(",")));
            case "collector" -> {
                ProcessRef collector = runtime.spawn(new Collector());
                if (words.length > 1) {
                    cluster.registerGlobal(words[1], collector);
                }
                print("COLLECTOR " + exported(collector));
            }
            case "idle" -> {
                ProcessRef idle = runtime.spawn(context -> {
                    context.receive(message -> false, Duration.ofDays(1));
                });
                if (words.length > 1) {
                    cluster.registerGlobal(words[1], idle);
                }
                print("IDLE " + exported(idle));
            }
            case "send" -> {
                ProcessRef target = cluster.router().pid(words[1], Long.parseLong(words[2]));
                long count = Long.parseLong(words[3]);
                runtime.spawn(context -> {
                    for (long n = 1; n <= count; n++) {
                        target.send(new Seq(context.self(), n));
                    }
                    target.send(new Done(context.self(), count));
                    print("SENT " + count);
                });
            }
            case "sendglobal" -> {
                String name = words[1];
                long count = Long.parseLong(words[2]);
                runtime.spawn(context -> {
                    for (long n = 1; n <= count; n++) {
                        cluster.sendGlobal(name, new Seq(context.self(), n));
                    }
                    cluster.sendGlobal(name, new Done(context.self(), count));
                    print("SENT " + count);
                });
            }
            case "watch" -> {
                ProcessRef target = cluster.router().pid(words[1], Long.parseLong(words[2]));
                String node = words[1];
                runtime.spawn(context -> {
                    context.trapExits(true);
                    context.link(target);
                    context.monitor(target);
                    cluster.monitorNode(context.self(), node);
                    ProcessRef caller = context.spawn(c -> {
                        try {
                            c.call(target, "never answered", Duration.ofMinutes(5));
                        } catch (RuntimeException e) {
                            print("CALL_FAILED " + e);
                        }
                    });
                    print("WATCHING " + caller);
                    for (int events = 0; events < 3; events++) {
                        Object event = context.receive();
                        switch (event) {
                            case Signal.Exit exit -> print("EXIT " + exit.reason());
                            case Signal.Down down -> print("DOWN " + down.reason());
                            case NodeDown down -> print("NODEDOWN " + down.node().name());
                            default -> print("UNEXPECTED " + event);
                        }
                    }
                });
            }
            default -> print("UNKNOWN " + String.join(" ", words));
        }
    }

    /** @return the process's number, once its pid is known to the cluster (as when it leaves in a message) */
    private long exported(ProcessRef local) {
        return cluster.router().toWire(local).id();
    }

    /** Checks the order of each sender's stream. */
    private static final class Collector implements ProcessHandler {

        private final Map<ProcessRef, long[]> streams = new HashMap<>();

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case Seq seq -> {
                    long[] s = streams.computeIfAbsent(seq.from(), f -> new long[2]); // {last n, out of order}
                    if (seq.n() != s[0] + 1) {
                        s[1]++;
                    }
                    s[0] = seq.n();
                }
                case Done done -> {
                    long[] s = streams.getOrDefault(done.from(), new long[2]);
                    print("DONE " + done.from() + " " + s[0] + " " + (s[1] == 0 && s[0] == done.count()));
                }
                default -> print("UNEXPECTED " + message);
            }
            return null;
        }
    }

    private static void print(String line) {
        System.out.println(line); // println is atomic per line (PrintStream locks); System.out flushes on newline
    }
}
