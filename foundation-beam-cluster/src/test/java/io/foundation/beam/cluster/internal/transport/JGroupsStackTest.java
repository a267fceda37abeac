package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterConfig.DnsRecordType;
import io.foundation.beam.cluster.testing.FreePorts;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.raft.ELECTION2;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGroupsStackTest {

    @Test
    void theStackIsTcpWithoutMulticastAndItsTimingsFollowTheConfig() {
        List<Protocol> stack = JGroupsStack.protocols(ClusterConfig.builder("n")
                .bindPort(7900)
                .failureDetectionTimeout(Duration.ofSeconds(3))
                .mergeInterval(Duration.ofSeconds(5))
                .joinTimeout(Duration.ofMillis(700))
                .build());
        assertThat(stack).extracting(p -> p.getClass().getSimpleName()).containsExactly("ReportingTcp", "TCPPING",
                "MERGE3",
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

    @Test
    void dnsDiscoveryReplacesTcppingWithDnsPing() {
        List<Protocol> stack = JGroupsStack.protocols(ClusterConfig.builder("n")
                .dnsDiscovery("_beam._tcp.orders.shop.svc.cluster.local", DnsRecordType.SRV)
                .dnsServer("127.0.0.1:5353")
                .build());
        assertThat(stack).extracting(p -> p.getClass().getSimpleName()).containsExactly("ReportingTcp", "DNS_PING", "MERGE3",
                "FD_SOCK2", "FD_ALL3", "VERIFY_SUSPECT2", "NAKACK2", "UNICAST3", "STABLE", "GMS", "UFC", "MFC",
                "FRAG4");
        DNS_PING ping = (DNS_PING) stack.get(1);
        assertThat((String) ping.getValue("dns_query")).isEqualTo("_beam._tcp.orders.shop.svc.cluster.local");
        assertThat((String) ping.getValue("dns_record_type")).isEqualTo("SRV");
        assertThat(ping.getDNSAddress()).isEqualTo("127.0.0.1:5353");
        assertThat((Integer) ping.getValue("num_discovery_runs")).isEqualTo(JGroupsStack.DNS_DISCOVERY_RUNS);
        assertThat(((TCP) stack.get(0)).getPortRange()).isZero();
        assertThat((Boolean) stack.get(0).getValue("tcp_nodelay")).as("Nagle off").isTrue();

        DNS_PING byA = (DNS_PING) JGroupsStack.protocols(ClusterConfig.builder("n").dnsDiscovery("orders").build())
                .get(1);
        assertThat((String) byA.getValue("dns_record_type")).isEqualTo("A");
        assertThat(byA.getDNSAddress()).isEmpty();
        assertThat(JGroupsStack.hostAndPort(InetSocketAddress.createUnresolved("fd00::a", 53)))
                .isEqualTo("[fd00::a]:53");
    }

    @Test
    void aStackFileReplacesDnsDiscoveryToo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("stack.xml"), """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="127.0.0.1" bind_port="7800" port_range="0"/>
                  <TCPPING initial_hosts="127.0.0.1[7800]" port_range="0"/>
                  <pbcast.NAKACK2 use_mcast_xmit="false"/>
                  <UNICAST3/>
                  <pbcast.GMS/>
                </config>
                """);
        try (JChannel channel = JGroupsStack.channel(ClusterConfig.builder("n")
                .dnsDiscovery("orders", DnsRecordType.SRV).stackFile(file).build())) {
            Protocol tcpPing = channel.getProtocolStack().findProtocol(TCPPING.class);
            Protocol dnsPing = channel.getProtocolStack().findProtocol(DNS_PING.class);
            assertThat(tcpPing).isNotNull();
            assertThat(dnsPing).isNull();
        }
    }

    @Test
    void theShortestMergeIntervalBuildsAStack() {
        List<Protocol> stack = JGroupsStack.protocols(ClusterConfig.builder("n")
                .mergeInterval(Duration.ofMillis(500))
                .build());
        MERGE3 merge = (MERGE3) stack.get(2);
        assertThat(merge.getMinInterval()).isEqualTo(100);
        assertThat(merge.getMaxInterval()).isEqualTo(250);
    }

    @Test
    void withRaftMembersTheRaftProtocolsAreOnTopAndTheirTimingsFollowTheConfig(@TempDir Path dir) {
        List<Protocol> stack = JGroupsStack.protocols(ClusterConfig.builder("b")
                .failureDetectionTimeout(Duration.ofSeconds(3))
                .raftMembers(List.of("a", "b", "c"))
                .raftLogDirectory(dir)
                .build());
        assertThat(stack).extracting(p -> p.getClass().getSimpleName()).containsExactly("ReportingTcp", "TCPPING",
                "MERGE3",
                "FD_SOCK2", "FD_ALL3", "VERIFY_SUSPECT2", "NAKACK2", "UNICAST3", "STABLE", "NO_DUPES", "GMS", "UFC",
                "MFC", "FRAG4", "ELECTION2", "CatchUpRaft", "REDIRECT");
        ELECTION2 election = (ELECTION2) stack.get(14);
        assertThat(election.voteTimeout()).isEqualTo(500);
        RAFT raft = (RAFT) stack.get(15);
        assertThat(raft.raftId()).isEqualTo("b");
        assertThat(raft.getId()).as("RAFT's protocol id: its headers are RAFT's on the wire")
                .isEqualTo(org.jgroups.conf.ClassConfigurator.getProtocolId(RAFT.class)).isPositive();
        assertThat(raft.members()).containsExactly("a", "b", "c");
        assertThat(raft.logClass()).isEqualTo("org.jgroups.protocols.raft.FileBasedLog");
        assertThat((String) raft.getValue("log_dir")).isEqualTo(dir.toAbsolutePath().toString());
        assertThat((Boolean) raft.getValue("dynamic_view_changes")).isFalse();
        assertThat(raft.resendInterval()).isEqualTo(100);
        assertThat(raft.sendCommitsImmediately()).isFalse();
        assertThat(JGroupsStack.protocols(ClusterConfig.builder("n").build()))
                .noneMatch(p -> p.getClass().getPackageName().equals(RAFT.class.getPackageName()));
    }

    @Test
    void aStackFileReplacesTheBuiltInStack(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick(1)[0];
        Path file = Files.writeString(dir.resolve("stack.xml"), """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="127.0.0.1" bind_port="%d" port_range="0"/>
                  <TCPPING initial_hosts="127.0.0.1[%d]" port_range="0"/>
                  <MERGE3 min_interval="1000" max_interval="3000"/>
                  <FD_SOCK2/>
                  <FD_ALL3 timeout="4000" interval="1000"/>
                  <VERIFY_SUSPECT2 timeout="500"/>
                  <pbcast.NAKACK2 use_mcast_xmit="false"/>
                  <UNICAST3/>
                  <pbcast.STABLE/>
                  <pbcast.GMS join_timeout="100" print_local_addr="false"/>
                  <UFC/>
                  <MFC/>
                  <FRAG4/>
                </config>
                """.formatted(port, port));
        // the bind port in the config is not used: the file's is
        try (JGroupsTransport t = JGroupsTransport.start(ClusterConfig.builder("from-file").clusterName("file-test")
                .bindPort(1).stackFile(file).build())) {
            assertThat(t.self().name()).isEqualTo("from-file");
            assertThat(t.members()).isEmpty();
            assertThat(t.physicalAddress()).isEqualTo("127.0.0.1:" + port);
        }
    }
}
