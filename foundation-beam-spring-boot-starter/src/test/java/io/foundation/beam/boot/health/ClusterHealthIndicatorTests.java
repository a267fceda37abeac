package io.foundation.beam.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterStatus;
import io.foundation.beam.cluster.ClusterStatus.RaftStatus;
import io.foundation.beam.cluster.Node;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code cluster} health's status and details from {@link BeamCluster#status()}. */
class ClusterHealthIndicatorTests {

    private static final Node A = new Node("a", 1);
    private static final Node B = new Node("b", 2);

    @Test
    void upWithAMajority() {
        Health health = health(new ClusterStatus(A, Set.of(B), false,
                Optional.of(new RaftStatus(List.of("a", "b", "c"), List.of("a", "b"), 2, Optional.of("b")))));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("members", List.of("a", "b")).containsEntry("closed", false)
                .containsEntry("voters", List.of("a", "b", "c")).containsEntry("votersSeen", List.of("a", "b"))
                .containsEntry("majority", true).containsEntry("leader", "b");
    }

    @Test
    void outOfServiceWithoutAMajority() {
        Health health = health(new ClusterStatus(A, Set.of(), false,
                Optional.of(new RaftStatus(List.of("a", "b", "c"), List.of("a"), 2, Optional.empty()))));
        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("majority", false).doesNotContainKey("leader");
    }

    @Test
    void downWhenClosedAndUpWithoutRaft() {
        assertThat(health(new ClusterStatus(A, Set.of(), true, Optional.empty())).getStatus()).isEqualTo(Status.DOWN);
        Health open = health(new ClusterStatus(A, Set.of(B), false, Optional.empty()));
        assertThat(open.getStatus()).isEqualTo(Status.UP);
        assertThat(open.getDetails()).doesNotContainKey("voters").containsEntry("memberCount", 2);
    }

    private static Health health(ClusterStatus status) {
        BeamCluster cluster = Mockito.mock(BeamCluster.class);
        Mockito.when(cluster.status()).thenReturn(status);
        return new ClusterHealthIndicator(cluster).health();
    }
}
