package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.testing.FreePorts;
import java.io.DataInput;
import java.io.DataOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.ExtendedUUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The transport with jgroups-raft in its stack: addresses, duplicate names. */
@Timeout(60)
class JGroupsTransportRaftTest {

    @Test
    void theAddressCarriesBothTheRaftIdAndTheNodeNameAndADuplicateNameIsRefusedAtJoin(@TempDir Path dir) {
        int[] ports = FreePorts.pick(2);
        List<String> initial = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        try (JGroupsTransport a = JGroupsTransport.start(config("a", ports[0], initial, dir.resolve("a1")), NOOP)) {
            ExtendedUUID address = (ExtendedUUID) a.channel().getAddress();
            assertThat(address.get(RAFT.raft_id_key)).asString(StandardCharsets.UTF_8).isEqualTo("a");
            assertThat(address.get(JGroupsTransport.NODE_NAME_KEY)).asString(StandardCharsets.UTF_8).isEqualTo("a");
            assertThat(JGroupsTransport.nodeOf(address)).isEqualTo(a.self());
            assertThat((Object) a.channel().getProtocolStack().findProtocol(RAFT.class)).isNotNull();

            assertThatThrownBy(() -> JGroupsTransport.start(config("a", ports[1], initial, dir.resolve("a2")), NOOP))
                    .isInstanceOf(NodeNameInUseException.class)
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("NO_DUPES");
            assertThat(a.members()).isEmpty();
            assertThat(a.raft()).isPresent();
            assertThat(a.raft().get().stateMachine()).isSameAs(NOOP);
        }
    }

    @Test
    void raftMembersNeedAStateMachineAndOnlyThey(@TempDir Path dir) {
        ClusterConfig raft = config("a", 1, List.of(), dir);
        assertThatThrownBy(() -> JGroupsTransport.start(raft)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raftMembers [a, b, c]");
        assertThatThrownBy(() -> JGroupsTransport.start(ClusterConfig.builder("a").build(), NOOP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no raftMembers");
    }

    private static final StateMachine NOOP = new StateMachine() {
        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
            return null;
        }

        @Override
        public void readContentFrom(DataInput in) {
        }

        @Override
        public void writeContentTo(DataOutput out) {
        }
    };

    private static ClusterConfig config(String name, int port, List<String> initial, Path logDir) {
        return ClusterConfig.builder(name).clusterName("raft-address-test").bindPort(port).initialMembers(initial)
                .joinTimeout(Duration.ofMillis(300)).raftMembers(List.of("a", "b", "c")).raftLogDirectory(logDir)
                .build();
    }
}
