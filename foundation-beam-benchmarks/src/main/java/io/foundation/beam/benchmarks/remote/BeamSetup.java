package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How both Foundation BEAM nodes are configured: the cluster's public API ({@link BeamCluster#join}) with its
 * defaults, except the addresses (127.0.0.1, the run's ports), a cluster name of the run's own, the allowed message
 * types ({@link RemoteMessages}), TLS when asked for, and the join timeouts below. No Raft voters (no global names are
 * used). The runtimes are the library's defaults.
 */
final class BeamSetup {

    /** Node A's name (the driver's runtime). */
    static final String NODE_A = "bench-a";
    /** Node B's name (the child JVM's runtime). */
    static final String NODE_B = "bench-b";
    /** The name node B's receiver is registered under. */
    static final String RECEIVER = "receiver";
    /** The name node B's ponger is registered under. */
    static final String PONGER = "ponger";

    /** Node B starts first and alone: it waits this long for members that are not there yet. */
    private static final Duration PEER_JOIN_TIMEOUT = Duration.ofMillis(200);
    /** Node A joins B, which is up: generous, for the first TLS handshakes of a fresh JVM on a loaded machine. */
    private static final Duration DRIVER_JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** How long node A waits to see node B in its view (a join that timed out is repaired by a merge). */
    private static final Duration SEE_PEER_TIMEOUT = Duration.ofSeconds(60);

    private BeamSetup() {
    }

    /**
     * Starts a runtime and joins it to the run's cluster.
     *
     * @param node {@link #NODE_A} or {@link #NODE_B}
     * @param endpoints the run's ports
     * @param tls the stores, or empty for plain TCP
     * @return the runtime and its cluster
     */
    static Joined join(String node, Endpoints endpoints, Optional<TlsStores> tls) {
        boolean driver = NODE_A.equals(node);
        int port = driver ? endpoints.portA() : endpoints.portB();
        ClusterConfig.Builder config = ClusterConfig.builder(node)
                .clusterName(endpoints.clusterName())
                .bindAddress(Endpoints.HOST)
                .bindPort(port)
                .initialMembers(List.of(Endpoints.HOST + ":" + endpoints.portB(), Endpoints.HOST + ":" + port))
                .joinTimeout(driver ? DRIVER_JOIN_TIMEOUT : PEER_JOIN_TIMEOUT)
                .allowMessageTypes(List.of(RemoteMessages.class.getName()));
        tls.ifPresent(stores -> config.tls(stores.clusterTls()));
        BeamRuntime runtime = BeamRuntime.builder().name(node).build();
        try {
            return new Joined(runtime, BeamCluster.join(runtime, config.build()));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * Waits until node B is in this node's view.
     *
     * @param cluster node A's cluster
     * @throws IllegalStateException if it does not appear in time
     */
    static void awaitPeer(BeamCluster cluster) {
        long deadline = System.nanoTime() + SEE_PEER_TIMEOUT.toNanos();
        while (cluster.nodes().stream().map(Node::name).noneMatch(NODE_B::equals)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + NODE_B + " did not join within " + SEE_PEER_TIMEOUT
                        + "; nodes seen: " + cluster.nodes());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + NODE_B, e);
            }
        }
    }

    /**
     * A runtime that is a node.
     *
     * @param runtime the runtime
     * @param cluster its cluster membership
     */
    record Joined(BeamRuntime runtime, BeamCluster cluster) implements AutoCloseable {
        /** Leaves the cluster, then closes the runtime. */
        @Override
        public void close() {
            try {
                cluster.close();
            } finally {
                runtime.close();
            }
        }
    }
}
