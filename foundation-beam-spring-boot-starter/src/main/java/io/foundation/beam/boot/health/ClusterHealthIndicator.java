package io.foundation.beam.boot.health;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of this runtime's membership of the cluster ({@code cluster} contributor, in the readiness group): UP
 * while this node is a member, which it is from the moment the context has joined the cluster (a failed join fails
 * the startup) until it leaves, with the details {@code node} (this node's name), {@code members} (the names of the
 * nodes up now, this one included, sorted) and {@code memberCount}. DOWN, with the error, if the cluster cannot be
 * read. (Whether this node is on the majority side of a partition will be a detail, and a status, with the Raft
 * registry.)
 *
 * <p>Thread-safe: each call reads the cluster's current view.
 */
public final class ClusterHealthIndicator extends AbstractHealthIndicator {

    private final BeamCluster cluster;

    /** @param cluster this node */
    public ClusterHealthIndicator(BeamCluster cluster) {
        super("The Foundation BEAM cluster cannot be read");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String self = cluster.self().name();
        List<String> members = new ArrayList<>();
        members.add(self);
        for (Node node : cluster.nodes()) {
            members.add(node.name());
        }
        members.sort(null);
        builder.up().withDetail("node", self).withDetail("members", members).withDetail("memberCount", members.size());
    }
}
