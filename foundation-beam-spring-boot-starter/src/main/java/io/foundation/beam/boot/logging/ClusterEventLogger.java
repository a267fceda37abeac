package io.foundation.beam.boot.logging;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeDown;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeUp;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the cluster's membership as this node sees it, under the logger {@value #LOGGER}: a node up (joined, or back
 * after a partition) at INFO, a node down (stopped, crashed, killed or cut off) at WARN, each with this node's name and
 * the members up now. Members already up when this node joined are not logged one by one (the cluster module logs the
 * first view at INFO); neither are the other nodes this node stops seeing when it leaves the cluster itself.
 *
 * <p>A node listener ({@link BeamCluster#addNodeListener}) called on the cluster's network thread: it only logs.
 * {@link #close()} removes it from the cluster.
 */
public final class ClusterEventLogger implements Consumer<NodeEvent>, AutoCloseable {

    /** The logger's name. */
    public static final String LOGGER = "io.foundation.beam.cluster";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final BeamCluster cluster;

    /** @param cluster the node whose membership is logged (this logger does not add itself: see {@link #attach}) */
    public ClusterEventLogger(BeamCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * @param cluster the node
     * @return a logger listening to the node's events until {@link #close()}
     */
    public static ClusterEventLogger attach(BeamCluster cluster) {
        ClusterEventLogger logger = new ClusterEventLogger(cluster);
        cluster.addNodeListener(logger);
        return logger;
    }

    @Override
    public void accept(NodeEvent event) {
        switch (event) {
            case NodeUp up -> {
                if (log.isInfoEnabled()) {
                    log.info("Cluster node {} is up (seen from node {}); members up now: {}", up.node(), self(),
                            members());
                }
            }
            case NodeDown down -> {
                if (log.isWarnEnabled()) {
                    log.warn("Cluster node {} is down (seen from node {}): links and monitors to its processes fired "
                            + "with noconnection; members up now: {}", down.node(), self(), members());
                }
            }
        }
    }

    private String self() {
        return cluster.self().name();
    }

    private TreeSet<String> members() {
        TreeSet<String> names = new TreeSet<>();
        names.add(self());
        for (Node node : cluster.nodes()) {
            names.add(node.name());
        }
        return names;
    }

    /** Stops listening to the node's events. */
    @Override
    public void close() {
        cluster.removeNodeListener(this);
    }
}
