package io.foundation.beam.cluster.testing;

import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes of one cluster in this JVM: each a runtime {@link BeamCluster#join joined} on 127.0.0.1 with a free port,
 * short failure detection. Up to {@code capacity} nodes (their ports are the initial members of all).
 */
public final class LocalNodes implements AutoCloseable {

    /** How long a test waits for the cluster to settle. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final int[] ports;
    private final String clusterName;
    private final List<String> allowed;
    private final Map<String, BeamRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, BeamCluster> nodes = new LinkedHashMap<>();

    /**
     * @param capacity how many nodes at most
     * @param allowed the application's types that may cross
     */
    public LocalNodes(int capacity, String... allowed) {
        this.ports = FreePorts.pick(capacity);
        this.clusterName = "local-" + ports[0];
        this.allowed = Arrays.asList(allowed);
    }

    /**
     * Starts node number {@code index} (its port) under {@code name} and waits until every running node sees it.
     *
     * @param index which port
     * @param name the node's (and its runtime's) name
     * @return the node
     */
    public synchronized BeamCluster start(int index, String name) {
        BeamRuntime runtime = BeamRuntime.builder().name(name).shutdownTimeout(Duration.ofSeconds(1)).build();
        BeamCluster node = BeamCluster.join(runtime, ClusterConfig.builder(name)
                .clusterName(clusterName)
                .bindAddress("127.0.0.1")
                .bindPort(ports[index])
                .initialMembers(Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList())
                .failureDetectionTimeout(Duration.ofSeconds(2))
                .joinTimeout(Duration.ofMillis(300))
                .allowMessageTypes(allowed)
                .build());
        runtimes.put(name, runtime);
        nodes.put(name, node);
        awaitConnected();
        return node;
    }

    /** Waits until every running node sees every other. */
    public synchronized void awaitConnected() {
        List<BeamCluster> all = new ArrayList<>(nodes.values());
        await().atMost(WAIT).until(() -> all.stream().allMatch(n -> n.nodes().stream().map(Node::name)
                .filter(x -> !x.equals(n.self().name())).count() == all.size() - 1));
    }

    /**
     * @param name a node's name
     * @return its runtime
     */
    public BeamRuntime runtime(String name) {
        return runtimes.get(name);
    }

    /**
     * Leaves the cluster and closes the node's runtime.
     *
     * @param name a node's name
     */
    public synchronized void stop(String name) {
        BeamCluster node = nodes.remove(name);
        node.close();
        runtimes.remove(name).close();
    }

    @Override
    public synchronized void close() {
        for (String name : new ArrayList<>(nodes.keySet())) {
            stop(name);
        }
    }
}
