package io.foundation.beam.boot.health;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterStatus;
import io.foundation.beam.cluster.DistributedEcosystemStatus;
import io.foundation.beam.cluster.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of this runtime's membership of the cluster ({@code cluster} contributor, in the readiness group): UP
 * while this node is a member, which it is from the moment the context has joined the cluster (a failed join fails
 * the startup) until it leaves, with the details {@code node} (this node's name), {@code members} (the names of the
 * nodes up now, this one included, sorted), {@code memberCount} and {@code closed}. With Raft voters (global names)
 * also {@code voters}, {@code votersSeen} (those this node sees, itself included), {@code majority} (whether that is a
 * majority) and {@code leader} (the leader's node name; absent while none is known). With distributed ecosystems
 * started on this node, {@code ecosystems}: for each by name its {@code coordinator} (node name, absent while none
 * has started), {@code epoch} (the coordinator's Raft term), {@code workersByNode} and {@code available} (whether
 * this node can submit to it; each ecosystem's own contributor is DOWN while it cannot).
 *
 * <p>Status: DOWN when this node has left the cluster ({@code closed}), or with the error if the cluster cannot be
 * read; OUT_OF_SERVICE when it has Raft voters and sees fewer than a majority of them (it is on a minority side of a
 * partition, or most voters are down: it cannot register global names, so readiness says so); UP otherwise.
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
        ClusterStatus status = cluster.status();
        String self = status.self().name();
        List<String> members = new ArrayList<>();
        members.add(self);
        for (Node node : status.nodes()) {
            members.add(node.name());
        }
        members.sort(null);
        builder.up().withDetail("node", self).withDetail("members", members).withDetail("memberCount", members.size())
                .withDetail("closed", status.closed());
        status.raft().ifPresent(raft -> {
            builder.withDetail("voters", raft.voters()).withDetail("votersSeen", raft.votersSeen())
                    .withDetail("majority", raft.hasMajority());
            raft.leader().ifPresent(leader -> builder.withDetail("leader", leader));
            if (!raft.hasMajority()) {
                builder.outOfService();
            }
        });
        Map<String, Object> ecosystems = new LinkedHashMap<>();
        for (DistributedEcosystemStatus e : cluster.distributedEcosystems()) {
            Map<String, Object> details = new LinkedHashMap<>();
            e.coordinator().ifPresent(node -> details.put("coordinator", node.name()));
            details.put("epoch", e.epoch());
            details.put("workersByNode", e.workersByNode());
            details.put("available", e.available());
            ecosystems.put(e.ecosystem(), details);
        }
        if (!ecosystems.isEmpty()) {
            builder.withDetail("ecosystems", ecosystems);
        }
        if (status.closed()) {
            builder.down();
        }
    }
}
