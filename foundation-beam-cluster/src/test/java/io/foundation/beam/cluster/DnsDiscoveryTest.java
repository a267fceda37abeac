package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.ClusterConfig.DnsRecordType;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.cluster.testing.TestDnsServer;
import io.foundation.beam.process.SpawnOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes that find each other only through DNS: a {@link TestDnsServer} on 127.0.0.1 holds the records, as a
 * Kubernetes headless service's DNS would, and no node has initial members.
 */
@Timeout(60)
class DnsDiscoveryTest {

    private final TestDnsServer dns = TestDnsServer.start();
    private final List<BeamRuntime> runtimes = new ArrayList<>();
    private final List<BeamCluster> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(BeamCluster::close);
        runtimes.forEach(BeamRuntime::close);
        dns.close();
    }

    @Test
    void threeNodesOnDifferentPortsFindEachOtherBySrvRecordsAndExchangeAMessage() throws InterruptedException {
        int[] ports = FreePorts.pick(3);
        String service = "_beam._tcp.orders-" + ports[0] + ".beam.test";
        for (int i = 0; i < 3; i++) {
            String host = "node-" + i + ".orders-" + ports[0] + ".beam.test";
            dns.srv(service, ports[i], host).a(host, InetAddress.getLoopbackAddress());
        }
        List<String> names = List.of("a", "b", "c");
        for (int i = 0; i < 3; i++) {
            nodes.add(join(names.get(i), ClusterConfig.builder(names.get(i)).clusterName("dns-" + ports[0])
                    .bindPort(ports[i]).dnsDiscovery(service, DnsRecordType.SRV)));
        }
        await().atMost(LocalNodes.WAIT).untilAsserted(() -> assertThat(nodes).allSatisfy(n ->
                assertThat(n.nodes()).extracting(Node::name).containsExactlyInAnyOrderElementsOf(
                        names.stream().filter(other -> !other.equals(n.self().name())).toList())));

        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        runtimes.get(2).spawn((message, context) -> inbox.add(message), SpawnOptions.defaults().withName("inbox"));
        nodes.get(0).send("c", "inbox", "found by DNS");
        assertThat(inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("found by DNS");

        assertThat(dns.questions()).contains("SRV " + service, "A node-1.orders-" + ports[0] + ".beam.test");
    }

    @Test
    void aRecordsAreAskedOfTheServerAndANameWithoutMembersLeavesTheNodeAlone() {
        int port = FreePorts.pick(1)[0];
        String name = "orders-" + port + ".beam.test";
        dns.a(name, InetAddress.getLoopbackAddress());
        BeamCluster alone = join("solo", ClusterConfig.builder("solo").clusterName("dns-" + port).bindPort(port)
                .dnsDiscovery(name));
        nodes.add(alone);
        // the only address is this node's own, at its own port: no one else to ask
        await().atMost(LocalNodes.WAIT).until(() -> dns.questions().contains("A " + name));
        assertThat(alone.nodes()).isEmpty();
    }

    private BeamCluster join(String name, ClusterConfig.Builder config) {
        BeamRuntime runtime = BeamRuntime.builder().name(name).shutdownTimeout(Duration.ofSeconds(1)).build();
        runtimes.add(runtime);
        return BeamCluster.join(runtime, config.bindAddress("127.0.0.1").dnsServer(dns.address())
                .failureDetectionTimeout(Duration.ofSeconds(2)).joinTimeout(Duration.ofMillis(500)).build());
    }
}
