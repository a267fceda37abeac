package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.cluster.ClusterConfig;
import java.time.Duration;
import java.util.List;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;

class JGroupsStackTest {

    @Test
    void theStackIsTcpWithoutMulticastAndItsTimingsFollowTheConfig() {
        List<Protocol> stack = JGroupsStack.protocols(ClusterConfig.builder("n")
                .bindPort(7900)
                .failureDetectionTimeout(Duration.ofSeconds(3))
                .mergeInterval(Duration.ofSeconds(5))
                .joinTimeout(Duration.ofMillis(700))
                .build());
        assertThat(stack).extracting(p -> p.getClass().getSimpleName()).containsExactly("TCP", "TCPPING", "MERGE3",
                "FD_SOCK2", "FD_ALL3", "VERIFY_SUSPECT2", "NAKACK2", "UNICAST3", "STABLE", "GMS", "UFC", "MFC",
                "FRAG4");
        TCP tcp = (TCP) stack.get(0);
        assertThat(tcp.getBindPort()).isEqualTo(7900);
        assertThat(tcp.getBindAddress().isLoopbackAddress()).isTrue();
        FD_ALL3 fd = (FD_ALL3) stack.get(4);
        assertThat(fd.getInterval()).isEqualTo(500);
        assertThat(fd.getTimeout()).isEqualTo(2000);
        assertThat(((VERIFY_SUSPECT2) stack.get(5)).getTimeout()).isEqualTo(500);
        MERGE3 merge = (MERGE3) stack.get(2);
        assertThat(merge.getMinInterval()).isEqualTo(1000);
        assertThat(merge.getMaxInterval()).isEqualTo(2500);
        assertThat(merge.getCheckInterval()).isEqualTo(4000);
        assertThat(((GMS) stack.get(9)).getJoinTimeout()).isEqualTo(700);
        assertThat((Boolean) stack.get(6).getValue("use_mcast_xmit")).isFalse();
    }
}
