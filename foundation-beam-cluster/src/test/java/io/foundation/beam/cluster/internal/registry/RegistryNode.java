package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** A registry test node: a transport with Raft, its replica, its registry and its test processes. */
final class RegistryNode implements AutoCloseable {

    static final List<String> VOTERS = List.of("a", "b", "c");

    final JGroupsTransport transport;
    final RegistryState state = new RegistryState();
    final TestPids pids;
    final GlobalRegistry registry;

    private RegistryNode(ClusterConfig config) {
        JGroupsTransport[] holder = new JGroupsTransport[1];
        this.pids = new TestPids(() -> holder[0].self());
        this.transport = JGroupsTransport.start(config, state);
        holder[0] = transport;
        this.registry = new GlobalRegistry(transport, state, pids, pids);
    }

    /**
     * @param name a, b or c
     * @param ports the three nodes' ports
     * @param cluster the cluster's name
     * @param logDir this node's Raft log directory
     */
    static RegistryNode start(String name, int[] ports, String cluster, Path logDir) {
        ClusterConfig config = ClusterConfig.builder(name)
                .clusterName(cluster)
                .bindPort(ports[VOTERS.indexOf(name)])
                .initialMembers(Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList())
                .joinTimeout(Duration.ofMillis(300))
                .failureDetectionTimeout(Duration.ofSeconds(2))
                .raftMembers(VOTERS)
                .raftLogDirectory(logDir)
                .raftTimeout(Duration.ofSeconds(5))
                .build();
        return new RegistryNode(config);
    }

    String name() {
        return transport.self().name();
    }

    @Override
    public void close() {
        registry.close();
        transport.close();
    }
}
