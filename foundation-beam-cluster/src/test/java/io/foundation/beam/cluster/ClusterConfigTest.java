package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

    @Test
    void defaults() {
        ClusterConfig config = ClusterConfig.builder("orders-1").build();
        assertThat(config.nodeName()).isEqualTo("orders-1");
        assertThat(config.clusterName()).isEqualTo("foundation-beam");
        assertThat(config.bindAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(config.bindPort()).isEqualTo(7800);
        assertThat(config.initialMembers()).isEmpty();
        assertThat(config.failureDetectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.mergeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.joinTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.stackFile()).isEmpty();
        assertThat(config.allowedMessageTypes()).isEmpty();
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.xml"), "<config/>");
        ClusterConfig config = ClusterConfig.builder("a_b.c@d-1")
                .clusterName("shop")
                .bindAddress("127.0.0.1")
                .bindPort(0)
                .initialMembers(List.of("127.0.0.1:7800", " localhost:7801 ", "[::1]:7802"))
                .failureDetectionTimeout(Duration.ofMillis(500))
                .mergeInterval(Duration.ofSeconds(2))
                .joinTimeout(Duration.ofMillis(100))
                .stackFile(stack)
                .allowMessageTypes(List.of("com.acme.orders", "com.acme.billing.Invoice"))
                .build();
        assertThat(config.initialMembers()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 7800),
                InetSocketAddress.createUnresolved("localhost", 7801), InetSocketAddress.createUnresolved("::1", 7802));
        assertThat(config.bindPort()).isZero();
        assertThat(config.stackFile()).contains(stack);
        assertThat(config.allowedMessageTypes()).containsExactly("com.acme.orders", "com.acme.billing.Invoice");
        assertThat(config.toString()).contains("a_b.c@d-1", "shop", "127.0.0.1:0", "com.acme.orders");
    }

    @Test
    void badValuesAreRefusedAtOnceNamingTheBuilderMethod() {
        assertThatThrownBy(() -> ClusterConfig.builder(" ")).hasMessageStartingWith("builder(nodeName)");
        assertThatThrownBy(() -> ClusterConfig.builder(null)).hasMessageStartingWith("builder(nodeName)");
        assertThatThrownBy(() -> ClusterConfig.builder("a b")).hasMessageStartingWith("builder(nodeName)");
        assertThatThrownBy(() -> ClusterConfig.builder("x".repeat(129))).hasMessageStartingWith("builder(nodeName)");
        ClusterConfig.Builder b = ClusterConfig.builder("n");
        assertThatThrownBy(() -> b.clusterName("")).hasMessageStartingWith("clusterName:");
        assertThatThrownBy(() -> b.bindAddress("")).hasMessageStartingWith("bindAddress:");
        assertThatThrownBy(() -> b.bindAddress("no-such-host.invalid")).hasMessageStartingWith("bindAddress:");
        assertThatThrownBy(() -> b.bindPort(-1)).hasMessageStartingWith("bindPort:");
        assertThatThrownBy(() -> b.bindPort(65536)).hasMessageStartingWith("bindPort:");
        for (String member : new String[] {"host", "host:", ":1", "host:x", "host:0", "::1:7800", "h:70000"}) {
            assertThatThrownBy(() -> b.initialMembers(List.of(member))).as(member)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("initialMembers:");
        }
        assertThatThrownBy(() -> b.initialMembers(null)).hasMessageStartingWith("initialMembers:");
        assertThatThrownBy(() -> b.failureDetectionTimeout(Duration.ofMillis(10)))
                .hasMessageStartingWith("failureDetectionTimeout:");
        assertThatThrownBy(() -> b.failureDetectionTimeout(null)).hasMessageStartingWith("failureDetectionTimeout:");
        assertThatThrownBy(() -> b.mergeInterval(Duration.ofHours(2))).hasMessageStartingWith("mergeInterval:");
        assertThatThrownBy(() -> b.joinTimeout(Duration.ZERO)).hasMessageStartingWith("joinTimeout:");
        assertThatThrownBy(() -> b.stackFile(Path.of("/no/such/stack.xml"))).hasMessageStartingWith("stackFile:");
        assertThatThrownBy(() -> b.allowMessageTypes(null)).hasMessageStartingWith("allowMessageTypes:");
        assertThatThrownBy(() -> b.allowMessageTypes(List.of("com..acme"))).hasMessageStartingWith("allowMessageTypes:");
        assertThatThrownBy(() -> b.raftMembers(null)).hasMessageStartingWith("raftMembers:");
        assertThatThrownBy(() -> b.raftMembers(List.of("n", "a b"))).hasMessageStartingWith("raftMembers:")
                .hasMessageContaining("'a b'");
        assertThatThrownBy(() -> b.raftMembers(List.of("n", "m", "n"))).hasMessageStartingWith("raftMembers:")
                .hasMessageContaining("'n' is listed twice");
        assertThatThrownBy(() -> b.raftLogDirectory(null)).hasMessageStartingWith("raftLogDirectory:");
        assertThatThrownBy(() -> b.raftTimeout(Duration.ofMillis(99))).hasMessageStartingWith("raftTimeout:");
        assertThatThrownBy(() -> b.raftTimeout(null)).hasMessageStartingWith("raftTimeout:");
    }

    @Test
    void raftDefaults() {
        ClusterConfig config = ClusterConfig.builder("n1").clusterName("shop orders").build();
        assertThat(config.raftMembers()).isEmpty();
        assertThat(config.raftEnabled()).isFalse();
        assertThat(config.raftMajority()).isZero();
        assertThat(config.raftTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.raftLogDirectory()).isEqualTo(
                Path.of(System.getProperty("java.io.tmpdir"), "foundation-beam-raft", "shop_orders", "n1"));
    }

    @Test
    void raftOptions(@TempDir Path dir) {
        ClusterConfig config = ClusterConfig.builder("b").raftMembers(List.of("a", "b", "c"))
                .raftLogDirectory(dir.resolve("raft")).raftTimeout(Duration.ofMillis(800)).build();
        assertThat(config.raftMembers()).containsExactly("a", "b", "c");
        assertThat(config.raftEnabled()).isTrue();
        assertThat(config.raftMajority()).isEqualTo(2);
        assertThat(config.raftLogDirectory()).isEqualTo(dir.resolve("raft"));
        assertThat(config.raftTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(config.toString()).contains("raftMembers=[a, b, c]");
        assertThat(ClusterConfig.builder("a").raftMembers(List.of("a", "b", "c", "d")).build().raftMajority())
                .isEqualTo(3);
    }

    @Test
    void aNodeThatIsNotAVoterIsRefusedAtBuild(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ClusterConfig.builder("d").raftMembers(List.of("a", "b", "c")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("raftMembers:")
                .hasMessageContaining("'d' is not among the voters [a, b, c]")
                .hasMessageContaining("non-voting members are not supported yet");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> ClusterConfig.builder("d").raftLogDirectory(file))
                .hasMessageStartingWith("raftLogDirectory:").hasMessageContaining("not a directory");
    }
}
