package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.cluster.ClusterConfig.DnsRecordType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DNS discovery options of {@link ClusterConfig}: what they accept, and what they refuse, naming the setting. */
class DnsDiscoveryConfigTest {

    @Test
    void offByDefault() {
        ClusterConfig config = ClusterConfig.builder("n").build();
        assertThat(config.dnsQuery()).isEmpty();
        assertThat(config.dnsRecordType()).isEqualTo(DnsRecordType.A);
        assertThat(config.dnsServer()).isEmpty();
        assertThat(config.toString()).doesNotContain("dns");
    }

    @Test
    void srvRecordsWithAServer() {
        ClusterConfig config = ClusterConfig.builder("orders-1").bindPort(0)
                .dnsDiscovery("_beam._tcp.orders.shop.svc.cluster.local.", DnsRecordType.SRV)
                .dnsServer("10.96.0.10")
                .build();
        assertThat(config.dnsQuery()).contains("_beam._tcp.orders.shop.svc.cluster.local.");
        assertThat(config.dnsRecordType()).isEqualTo(DnsRecordType.SRV);
        assertThat(config.dnsServer()).contains(InetSocketAddress.createUnresolved("10.96.0.10", 53));
        assertThat(config.initialMembers()).isEmpty();
        assertThat(config.toString()).contains("dnsDiscovery=SRV _beam._tcp.orders.shop.svc.cluster.local. at "
                + "10.96.0.10:53");
    }

    @Test
    void aRecordsByDefaultAndServersWithPortsOrIpv6() {
        assertThat(ClusterConfig.builder("n").dnsDiscovery("orders").build().dnsRecordType())
                .isEqualTo(DnsRecordType.A);
        assertThat(ClusterConfig.builder("n").dnsDiscovery("orders").dnsServer("127.0.0.1:5353").build().dnsServer())
                .contains(InetSocketAddress.createUnresolved("127.0.0.1", 5353));
        assertThat(ClusterConfig.builder("n").dnsDiscovery("orders").dnsServer("[fd00::a]:5353").build().dnsServer())
                .contains(InetSocketAddress.createUnresolved("fd00::a", 5353));
        assertThat(ClusterConfig.builder("n").dnsDiscovery("orders").dnsServer("fd00::a").build().dnsServer())
                .contains(InetSocketAddress.createUnresolved("fd00::a", 53));
        assertThat(ClusterConfig.builder("n").dnsDiscovery("orders").dnsServer("dns.internal").build().dnsServer())
                .contains(InetSocketAddress.createUnresolved("dns.internal", 53));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "a b", "a,b", "a..b", ".a", "a/b", "ä.test" })
    void aQueryThatIsNotADnsNameIsRefused(String query) {
        assertThatThrownBy(() -> ClusterConfig.builder("n").dnsDiscovery(query))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dnsDiscovery: the query is a DNS name")
                .hasMessageContaining("'" + query + "'");
    }

    @Test
    void tooLongNamesNullsAndBadServersAreRefused() {
        ClusterConfig.Builder b = ClusterConfig.builder("n");
        assertThatThrownBy(() -> b.dnsDiscovery("x".repeat(64) + ".test")).hasMessageStartingWith("dnsDiscovery:");
        assertThatThrownBy(() -> b.dnsDiscovery(("x".repeat(63) + ".").repeat(4) + "x"))
                .hasMessageStartingWith("dnsDiscovery:");
        assertThatThrownBy(() -> b.dnsDiscovery(null)).hasMessageStartingWith("dnsDiscovery:");
        assertThatThrownBy(() -> b.dnsDiscovery("orders", null))
                .hasMessage("dnsDiscovery: the record type must be A or SRV, but was null");
        for (String server : new String[] { null, "", "host:", "host:0", "host:65536", "host:x", ":53", "[::1",
                "[::1]53", "h:o:st" }) {
            assertThatThrownBy(() -> b.dnsServer(server)).as(server).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("dnsServer: the DNS server is host or host:port");
        }
    }

    @Test
    void initialMembersAndDnsDiscoveryAreNotCombined() {
        assertThatThrownBy(() -> ClusterConfig.builder("n").initialMembers(List.of("127.0.0.1:7800"))
                .dnsDiscovery("orders.test").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dnsDiscovery: cannot be combined with initialMembers [127.0.0.1:7800]: ")
                .hasMessageContaining("foundation.beam.cluster.initial-members");
        assertThat(ClusterConfig.builder("n").initialMembers(List.of()).dnsDiscovery("orders.test").build().dnsQuery())
                .contains("orders.test");
    }

    @Test
    void aServerWithoutAQueryIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("n").dnsServer("127.0.0.1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dnsServer: is set, but dnsDiscovery is not");
    }

    @Test
    void aRecordsNeedAFixedPortAndSrvRecordsDoNot(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ClusterConfig.builder("n").bindPort(0).dnsDiscovery("orders.test").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bindPort: 0 (a free port) cannot be used with DNS discovery by A records");
        assertThat(ClusterConfig.builder("n").bindPort(0).dnsDiscovery("orders.test", DnsRecordType.SRV).build()
                .bindPort()).isZero();
        // with a stack file the bind port is the file's
        Path stack = Files.writeString(dir.resolve("stack.xml"), "<config/>");
        assertThat(ClusterConfig.builder("n").bindPort(0).dnsDiscovery("orders.test").stackFile(stack).build()
                .stackFile()).contains(stack);
    }
}
