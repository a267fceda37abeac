package io.foundation.beam.boot.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.boot.logging.ClusterEventLogger;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.BehaviourFactory;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeMonitor;
import io.foundation.beam.cluster.RemoteSpawnException;
import io.foundation.beam.process.ProcessRef;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/**
 * The cluster's auto-configuration: off by default, a single-node cluster when enabled, the properties as the
 * {@link ClusterConfig}, backing off to a user bean, and silent without the cluster module unless enabled.
 */
class BeamClusterAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, BeamClusterAutoConfiguration.class));

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BeamCluster.class)
                .doesNotHaveBean(ClusterEventLogger.class));
    }

    @Test
    void withoutTheClusterModuleIsSilentUnlessEnabled() {
        runner.withClassLoader(new FilteredClassLoader(BeamCluster.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("beamCluster"));
    }

    @Test
    void enabledJoinsASingleNodeClusterUnderTheRuntimeName() {
        int port = ClusterTestSupport.freePort();
        runner.withPropertyValues("foundation.beam.runtime.name=solo", "foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                "foundation.beam.cluster.join-timeout=100ms").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BeamCluster.class)
                            .hasSingleBean(ClusterEventLogger.class).hasBean("foundationBeamNodeEventPublisher");
                    BeamCluster cluster = context.getBean(BeamCluster.class);
                    assertThat(cluster.self().name()).isEqualTo("solo");
                    assertThat(cluster.nodes()).isEmpty();
                });
    }

    @Test
    void behaviourFactoryBeansAreSpawnableByTheirBeanNames() {
        int port = ClusterTestSupport.freePort();
        runner.withUserConfiguration(Behaviours.class).withPropertyValues("foundation.beam.runtime.name=solo",
                "foundation.beam.cluster.enabled=true", "foundation.beam.cluster.bind-address=127.0.0.1",
                "foundation.beam.cluster.bind-port=" + port, "foundation.beam.cluster.join-timeout=100ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BeamCluster cluster = context.getBean(BeamCluster.class);
                    BeamRuntime runtime = context.getBean(BeamRuntime.class);
                    ProcessRef echo = cluster.spawn("solo", "echo", "hello", Duration.ofSeconds(5));
                    assertThat(runtime.call(echo, "ping", Duration.ofSeconds(5))).isEqualTo("hello ping");
                    assertThatThrownBy(() -> cluster.spawn("solo", "nope", null, Duration.ofSeconds(5)))
                            .isInstanceOfSatisfying(RemoteSpawnException.class, e -> assertThat(e.registeredBehaviours())
                                    .contains("echo"));
                });
    }

    /** A behaviour bean: its processes answer a call with the spawn argument and the request. */
    @Configuration(proxyBeanMethods = false)
    static class Behaviours {

        @Bean
        BehaviourFactory echo() {
            return argument -> (message, context) -> argument + " " + message;
        }
    }

    @Test
    void theLoggerAndTheEventsFollowTheirSwitches() {
        runner.withUserConfiguration(UserCluster.class).withPropertyValues("foundation.beam.cluster.enabled=true",
                "foundation.beam.logging.enabled=false", "foundation.beam.events.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ClusterEventLogger.class)
                        .doesNotHaveBean("foundationBeamNodeEventPublisher"));
    }

    @Test
    void backsOffToAUserCluster() {
        runner.withUserConfiguration(UserCluster.class).withPropertyValues("foundation.beam.cluster.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BeamCluster.class);
                    BeamCluster cluster = context.getBean(BeamCluster.class);
                    assertThat(Mockito.mockingDetails(cluster).isMock()).isTrue();
                    Mockito.verify(cluster, Mockito.times(2)).addNodeListener(Mockito.any());
                });
    }

    @Test
    void thePropertiesMakeTheClusterConfig(@TempDir Path dir) throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.xml"), "<config/>");
        BeamProperties.ClusterProperties properties = new BeamProperties.ClusterProperties();
        properties.setClusterName("orders");
        properties.setBindAddress("127.0.0.1");
        properties.setBindPort(7900);
        properties.setInitialMembers(List.of("127.0.0.1:7900", "127.0.0.1:7901"));
        properties.setFailureDetectionTimeout(Duration.ofMillis(1500));
        properties.setMergeInterval(Duration.ofSeconds(7));
        properties.setJoinTimeout(Duration.ofMillis(300));
        properties.setStackFile(stack);
        properties.getSerialization().setAllowedTypes(List.of("com.acme.orders"));
        ClusterConfig config = ClusterConfigFactory.create("orders-1", properties, new MockEnvironment());
        assertThat(config.nodeName()).isEqualTo("orders-1");
        assertThat(config.clusterName()).isEqualTo("orders");
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.bindPort()).isEqualTo(7900);
        assertThat(config.initialMembers()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 7900),
                InetSocketAddress.createUnresolved("127.0.0.1", 7901));
        assertThat(config.failureDetectionTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.mergeInterval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.joinTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.stackFile()).contains(stack);
        assertThat(config.allowedMessageTypes()).containsExactly("com.acme.orders");
    }

    @Test
    void theDiscoveryPropertiesMakeDnsDiscovery() {
        runner.withUserConfiguration(UserCluster.class).withPropertyValues("foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.bind-port=0",
                "foundation.beam.cluster.discovery.dns-query=_beam._tcp.orders.shop.svc.cluster.local",
                "foundation.beam.cluster.discovery.dns-record-type=srv",
                "foundation.beam.cluster.discovery.dns-server=127.0.0.1:5353").run(context -> {
                    assertThat(context).hasNotFailed();
                    ClusterConfig config = ClusterConfigFactory.create("orders-1",
                            context.getBean(BeamProperties.class).getCluster(), context.getEnvironment());
                    assertThat(config.dnsQuery()).contains("_beam._tcp.orders.shop.svc.cluster.local");
                    assertThat(config.dnsRecordType()).isEqualTo(ClusterConfig.DnsRecordType.SRV);
                    assertThat(config.dnsServer()).contains(InetSocketAddress.createUnresolved("127.0.0.1", 5353));
                    assertThat(config.initialMembers()).isEmpty();
                    assertThat(config.bindPort()).isZero();
                });
    }

    @Test
    void withoutADnsQueryThereIsNoDnsDiscovery() {
        ClusterConfig config = ClusterConfigFactory.create("n", new BeamProperties.ClusterProperties(),
                new MockEnvironment());
        assertThat(config.dnsQuery()).isEmpty();
        assertThat(config.dnsServer()).isEmpty();
    }

    @Test
    void enabledWithDnsDiscoveryStartsAloneWhenDnsFindsNobody() throws Exception {
        int port = ClusterTestSupport.freePort();
        int nobodyAnswers;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            nobodyAnswers = probe.getLocalPort();
        }
        runner.withPropertyValues("foundation.beam.runtime.name=dns-solo", "foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.bind-address=127.0.0.1", "foundation.beam.cluster.bind-port=" + port,
                "foundation.beam.cluster.join-timeout=300ms",
                "foundation.beam.cluster.discovery.dns-query=_beam._tcp.nobody.test",
                "foundation.beam.cluster.discovery.dns-record-type=SRV",
                "foundation.beam.cluster.discovery.dns-server=127.0.0.1:" + nobodyAnswers).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BeamCluster.class);
                    BeamCluster cluster = context.getBean(BeamCluster.class);
                    assertThat(cluster.self().name()).isEqualTo("dns-solo");
                    assertThat(cluster.nodes()).isEmpty();
                });
    }

    @Test
    void thePropertyDefaultsAreTheClusterConfigDefaults() {
        ClusterConfig config = ClusterConfigFactory.create("n", new BeamProperties.ClusterProperties(),
                new MockEnvironment());
        ClusterConfig defaults = ClusterConfig.builder("n").build();
        assertThat(config.toString()).isEqualTo(defaults.toString());
    }

    @Test
    void bareNumbersOfTheDurationsAreSeconds() {
        runner.withUserConfiguration(UserCluster.class).withPropertyValues("foundation.beam.cluster.enabled=true",
                "foundation.beam.cluster.failure-detection-timeout=4", "foundation.beam.cluster.merge-interval=6",
                "foundation.beam.cluster.join-timeout=1", "foundation.beam.cluster.initial-members=a:1,b:2")
                .run(context -> {
                    BeamProperties.ClusterProperties cluster = context.getBean(BeamProperties.class).getCluster();
                    assertThat(cluster.getFailureDetectionTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(cluster.getMergeInterval()).isEqualTo(Duration.ofSeconds(6));
                    assertThat(cluster.getJoinTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(cluster.getInitialMembers()).containsExactly("a:1", "b:2");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCluster {

        @Bean
        BeamCluster userCluster() {
            BeamCluster cluster = Mockito.mock(BeamCluster.class);
            Mockito.when(cluster.self()).thenReturn(new Node("stub", 1));
            Mockito.when(cluster.status()).thenReturn(new io.foundation.beam.cluster.ClusterStatus(new Node("stub", 1),
                    java.util.Set.of(), false, java.util.Optional.empty()));
            return cluster;
        }
    }
}
