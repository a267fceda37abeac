package io.foundation.beam.boot.autoconfigure.endpoint;

import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.ClusterDescriptor;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.DistributedEcosystemDescriptor;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.NodeDescriptor;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterStatus;
import io.foundation.beam.cluster.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;

/**
 * The endpoint's cluster section, read from the {@link BeamCluster} bean at each request (null without one). Refers
 * to the cluster module's classes: loaded only when that module is on the class path.
 */
final class ClusterView implements Supplier<ClusterDescriptor> {

    private final ObjectProvider<BeamCluster> cluster;

    private ClusterView(ObjectProvider<BeamCluster> cluster) {
        this.cluster = cluster;
    }

    static ClusterView of(ApplicationContext context) {
        return new ClusterView(context.getBeanProvider(BeamCluster.class));
    }

    @Override
    public ClusterDescriptor get() {
        BeamCluster node = cluster.getIfUnique();
        if (node == null) {
            return null;
        }
        ClusterStatus status = node.status();
        List<Node> members = new ArrayList<>(status.nodes());
        members.add(status.self());
        members.sort(Comparator.comparing(Node::name));
        return new ClusterDescriptor(status.self().name(), status.closed(),
                members.stream().map(n -> new NodeDescriptor(n.name(), n.incarnation())).toList(),
                node.distributedEcosystems().stream().map(e -> new DistributedEcosystemDescriptor(e.ecosystem(),
                        e.policy(), e.coordinator().map(Node::name).orElse(null),
                        e.coordinator().map(Node::incarnation).orElse(0L), e.epoch(), e.workersByNode(),
                        e.pendingItems(), e.available())).toList());
    }
}
