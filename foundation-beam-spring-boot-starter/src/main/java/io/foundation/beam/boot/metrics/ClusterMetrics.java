package io.foundation.beam.boot.metrics;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The cluster's meters: the gauge {@value BeamMetricNames#CLUSTER_NODES} and the counter
 * {@value BeamMetricNames#CLUSTER_NODE_EVENTS} by {@value BeamMetricNames#TAG_EVENT} ({@code up}, {@code down}, both
 * registered at 0). A node listener ({@link BeamCluster#addNodeListener}), called on the cluster's network thread;
 * {@link #close()} removes it from the cluster (the meters stay until the registry closes).
 */
public final class ClusterMetrics implements Consumer<NodeEvent>, AutoCloseable {

    private final BeamCluster cluster;
    private final Counter up;
    private final Counter down;

    private ClusterMetrics(BeamCluster cluster, MeterRegistry registry) {
        this.cluster = cluster;
        Gauge.builder(BeamMetricNames.CLUSTER_NODES, cluster, c -> c.nodes().size() + 1)
                .description("Nodes of the cluster up as this node sees it, this node included")
                .register(registry);
        this.up = counter(registry, "up");
        this.down = counter(registry, "down");
    }

    private static Counter counter(MeterRegistry registry, String event) {
        return Counter.builder(BeamMetricNames.CLUSTER_NODE_EVENTS).tag(BeamMetricNames.TAG_EVENT, event)
                .description("Other nodes seen joining (up) or lost (down) since this node joined the cluster")
                .register(registry);
    }

    /**
     * Registers the meters and listens to the node's events.
     *
     * @param cluster this node
     * @param registry where the meters go
     * @return the meters, listening until {@link #close()}
     */
    public static ClusterMetrics bind(BeamCluster cluster, MeterRegistry registry) {
        ClusterMetrics metrics = new ClusterMetrics(Objects.requireNonNull(cluster, "cluster"),
                Objects.requireNonNull(registry, "registry"));
        cluster.addNodeListener(metrics);
        return metrics;
    }

    @Override
    public void accept(NodeEvent event) {
        switch (event) {
            case NodeUp ignored -> up.increment();
            case NodeDown ignored -> down.increment();
        }
    }

    /** Stops counting the node's events. */
    @Override
    public void close() {
        cluster.removeNodeListener(this);
    }
}
