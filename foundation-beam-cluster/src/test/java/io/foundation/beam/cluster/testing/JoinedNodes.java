package io.foundation.beam.cluster.testing;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Nodes a test joins one by one, each a runtime of its own on 127.0.0.1, all listing the same ports as initial
 * members (the test's cluster), with short failure detection; a test adds what it needs to the runtime's and the
 * config's builders. {@link #close()} leaves the cluster and closes the runtimes, in the order they were joined.
 * Unlike {@link LocalNodes}, it does not wait for the nodes to see each other.
 */
public final class JoinedNodes implements AutoCloseable {

    private final String clusterName;
    private final int[] ports;
    private final List<BeamCluster> nodes = new ArrayList<>();
    private final List<BeamRuntime> runtimes = new ArrayList<>();

    /**
     * @param prefix the start of the cluster's name (the first port is added, so that parallel tests never meet)
     * @param ports the nodes' ports, from {@link FreePorts#pick}
     */
    public JoinedNodes(String prefix, int[] ports) {
        this.ports = ports.clone();
        this.clusterName = prefix + "-" + ports[0];
    }

    /**
     * Joins a node on port number {@code index} with the defaults.
     *
     * @param name the node's (and its runtime's) name
     * @param index which port
     * @return the node
     */
    public BeamCluster join(String name, int index) {
        return join(name, index, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * Joins a node on port number {@code index}.
     *
     * @param name the node's (and its runtime's) name
     * @param index which port
     * @param runtime what the test adds to the runtime's builder (listeners)
     * @param config what the test adds to the config's builder (TLS, Raft voters, timeouts)
     * @return the node
     */
    public BeamCluster join(String name, int index, UnaryOperator<BeamRuntime.Builder> runtime,
            UnaryOperator<ClusterConfig.Builder> config) {
        BeamRuntime started = runtime.apply(BeamRuntime.builder().name(name).shutdownTimeout(Duration.ofSeconds(1)))
                .build();
        runtimes.add(started);
        BeamCluster node = BeamCluster.join(started, config.apply(ClusterConfig.builder(name)
                .clusterName(clusterName)
                .bindAddress("127.0.0.1")
                .bindPort(ports[index])
                .initialMembers(Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList())
                .failureDetectionTimeout(Duration.ofSeconds(2))
                .joinTimeout(Duration.ofMillis(300)))
                .build());
        nodes.add(node);
        return node;
    }

    /**
     * @param index the order of joining
     * @return that node's runtime
     */
    public BeamRuntime runtime(int index) {
        return runtimes.get(index);
    }

    /**
     * Joins one node per name, in order, each a Raft voter of them all (log under {@code logs/<name>}, Raft timeout
     * 5 s), and waits until every one sees all the others.
     *
     * @param names the nodes' names, one per port of this set, in port order
     * @param logs where the Raft logs go
     * @return the nodes, in the order of the names
     */
    public List<BeamCluster> joinVoters(List<String> names, java.nio.file.Path logs) {
        List<BeamCluster> joinedNow = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            joinedNow.add(join(name, i, r -> r, c -> c.raftMembers(names).raftLogDirectory(logs.resolve(name))
                    .raftTimeout(Duration.ofSeconds(5))));
        }
        org.awaitility.Awaitility.await().atMost(LocalNodes.WAIT)
                .until(() -> joinedNow.stream().allMatch(n -> n.nodes().size() == names.size() - 1));
        return joinedNow;
    }

    /** @return the nodes, in the order they were joined */
    public List<BeamCluster> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        nodes.forEach(BeamCluster::close);
        runtimes.forEach(BeamRuntime::close);
    }
}
