package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.autoconfigure.cluster.BeamClusterAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.cluster.ClusterTestSupport;
import io.foundation.beam.cluster.BeamCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A misconfigured cluster fails the startup with an analysis naming the property to change: a value the
 * {@code ClusterConfig} builder refuses, a port taken, a node name already in the cluster, a node the members refuse
 * (another secret), and the cluster enabled without its module.
 */
class ClusterFailureAnalysisTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, BeamClusterAutoConfiguration.class))
            .withPropertyValues("foundation.beam.cluster.enabled=true", "foundation.beam.cluster.join-timeout=100ms",
                    "foundation.beam.cluster.bind-address=127.0.0.1");

    private static FailureAnalysis analyzeStartupFailure(ApplicationContextRunner configured) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        configured.run(context -> failure.set(context.getStartupFailure()));
        assertThat(failure.get()).as("startup failure").isNotNull();
        FailureAnalysis analysis = new BeamConfigurationFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).as("analysis of " + failure.get()).isNotNull();
        return analysis;
    }

    /** {@code settings}: one property, or several separated by {@code ;} where the builder refuses a combination. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foundation.beam.cluster.bind-port=70000 | foundation.beam.cluster.bind-port | must be 0 to 65535, but was "
                + "70000 | a port from 0 to 65535",
        "foundation.beam.cluster.failure-detection-timeout=100ms | foundation.beam.cluster.failure-detection-timeout"
                + " | must be 300 ms to 1 h, but was PT0.1S | a duration from 300ms to 1h",
        "foundation.beam.cluster.initial-members=127.0.0.1 | foundation.beam.cluster.initial-members | each member is"
                + " host:port | a list of host:port",
        "foundation.beam.cluster.cluster-name= | foundation.beam.cluster.cluster-name | must be 1 to 200 characters"
                + " | 1 to 200 characters",
        "foundation.beam.cluster.stack-file=/no/such/stack.xml | foundation.beam.cluster.stack-file | not a readable "
                + "file | the path of a readable JGroups stack file",
        "foundation.beam.cluster.serialization.allowed-types=not a name | foundation.beam.cluster.serialization"
                + ".allowed-types | | a list of package or class names",
        "foundation.beam.runtime.name=-orders | foundation.beam.runtime.name | a node name is 1 to 128 | a node name "
                + "of 1 to 128",
        "foundation.beam.cluster.auth-secret=too-short | foundation.beam.cluster.auth-secret | must be 16 to 1024 "
                + "characters | a secret of 16 to 1024 characters",
        "foundation.beam.cluster.raft.members=x,y,z | foundation.beam.cluster.raft.members | is not among the voters"
                + " | the same list of voter node names",
        "foundation.beam.cluster.raft.timeout=10ms | foundation.beam.cluster.raft.timeout | must be 100 ms to 1 h | "
                + "a duration from 100ms to 1h",
        "foundation.beam.cluster.tls.trust-store=/no/such/trust.p12 | foundation.beam.cluster.tls.key-store | TLS "
                + "needs both a key store and a trust store | a readable key store holding a private key",
        "foundation.beam.cluster.discovery.dns-query=not a name | foundation.beam.cluster.discovery.dns-query | the "
                + "query is a DNS name | a DNS name such as _beam._tcp.orders.shop.svc.cluster.local",
        "foundation.beam.cluster.discovery.dns-record-type=MX | foundation.beam.cluster.discovery.dns-record-type | "
                + "must be A or SRV, but was 'MX' | A or SRV",
        "foundation.beam.cluster.discovery.dns-record-type=SRV | foundation.beam.cluster.discovery.dns-record-type | "
                + "foundation.beam.cluster.discovery.dns-query is not set | A or SRV",
        "foundation.beam.cluster.discovery.dns-server=127.0.0.1 | foundation.beam.cluster.discovery.dns-server | is "
                + "set, but dnsDiscovery is not | host or host:port of a DNS server",
        "foundation.beam.cluster.discovery.dns-query=orders.shop.svc.cluster.local;foundation.beam.cluster.initial-"
                + "members=127.0.0.1:7800 | foundation.beam.cluster.discovery.dns-query | cannot be combined with "
                + "initialMembers [127.0.0.1:7800] | a DNS name such as _beam._tcp.orders.shop.svc.cluster.local (SRV) "
                + "or orders.shop.svc.cluster.local (A), without initial-members",
        "foundation.beam.cluster.discovery.dns-query=orders.shop.svc.cluster.local;foundation.beam.cluster.bind-port=0"
                + " | foundation.beam.cluster.bind-port | 0 (a free port) cannot be used with DNS discovery by A "
                + "records | a port from 0 to 65535 (0 picks a free port, except with DNS discovery by A records" })
    void aValueTheBuilderRefusesNamesItsProperty(String settings, String property, String reason, String accepts) {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withPropertyValues(settings.split(";")));
        assertThat(analysis.getDescription()).startsWith("The Foundation BEAM cluster cannot use " + property + ": ")
                .contains(reason == null ? "" : reason).contains("Source: property " + property);
        assertThat(analysis.getAction()).startsWith("Set " + property + " to " + accepts);
    }

    @Test
    void aNetworkAddressWithoutSecretOrTlsNamesBoth() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withPropertyValues(
                "foundation.beam.cluster.bind-address=10.1.2.3"));
        assertThat(analysis.getDescription())
                .startsWith("The Foundation BEAM cluster refuses to listen on a network address without security: ")
                .contains("10.1.2.3").contains("Source: property foundation.beam.cluster.bind-address = 10.1.2.3");
        assertThat(analysis.getAction()).startsWith("Set foundation.beam.cluster.auth-secret")
                .contains("foundation.beam.cluster.tls.key-store").doesNotContain("too-short");
    }

    @Test
    void aPortTakenNamesTheBindPort() throws Exception {
        int port = ClusterTestSupport.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            FailureAnalysis analysis = analyzeStartupFailure(runner.withPropertyValues(
                    "foundation.beam.cluster.bind-port=" + taken.getLocalPort()));
            assertThat(analysis.getDescription()).startsWith("The Foundation BEAM cluster cannot listen on 127.0.0.1:"
                    + port + ": ").contains("Source: property foundation.beam.cluster.bind-port = " + port);
            assertThat(analysis.getAction()).startsWith("Set foundation.beam.cluster.bind-port to a free port");
        }
    }

    /**
     * Starts a member with {@code memberProperties}, then a second node with {@code joinerProperties} that must fail.
     *
     * @return the analysis of the second node's startup failure
     */
    private FailureAnalysis analyzeJoinFailure(List<String> memberProperties, List<String> joinerProperties) {
        int first = ClusterTestSupport.freePort();
        int second = ClusterTestSupport.freePort();
        String members = "foundation.beam.cluster.initial-members=127.0.0.1:" + first + ",127.0.0.1:" + second;
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner.withPropertyValues(memberProperties.toArray(String[]::new))
                .withPropertyValues("foundation.beam.cluster.bind-port=" + first, members).run(running -> {
                    assertThat(running).hasNotFailed();
                    analysis.set(analyzeStartupFailure(runner.withPropertyValues(
                            joinerProperties.toArray(String[]::new)).withPropertyValues(
                            "foundation.beam.cluster.bind-port=" + second, "foundation.beam.cluster.join-timeout=2s",
                            members)));
                });
        return analysis.get();
    }

    @Test
    void aNodeNameInUseNamesTheRuntimeName() {
        FailureAnalysis analysis = analyzeJoinFailure(List.of("foundation.beam.runtime.name=twin"),
                List.of("foundation.beam.runtime.name=twin"));
        assertThat(analysis.getDescription()).startsWith("This node's name 'twin' is already in use in "
                + "cluster 'foundation-beam'").contains("Source: property foundation.beam.runtime.name");
        assertThat(analysis.getAction()).startsWith("Give every instance its own foundation.beam.runtime.name");
    }

    @Test
    void aNodeTheMembersRefuseNamesThePeerAndTheSecretWithoutShowingIt() {
        String secret = "foundation.beam.cluster.auth-secret=";
        FailureAnalysis analysis = analyzeJoinFailure(
                List.of("foundation.beam.runtime.name=member", secret + "members-secret-0123"),
                List.of("foundation.beam.runtime.name=stranger", secret + "another-secret-4567"));
        assertThat(analysis.getDescription()).startsWith("Node 'stranger' cannot join cluster 'foundation-beam': no "
                + "member accepted it, and 127.0.0.1:").contains(" refused it (it uses another authentication secret)")
                .contains("Source: property foundation.beam.cluster.auth-secret is set")
                .doesNotContain("another-secret-4567");
        assertThat(analysis.getAction()).startsWith("Set foundation.beam.cluster.auth-secret to the secret the running "
                + "members use").contains("The members log a warning");
    }

    @Test
    void aMisspeltClusterKeySaysTheNearestOne() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.withPropertyValues("foundation.beam.cluster.bind-prot=7801")
                .run(context -> failure.set(context.getStartupFailure()));
        FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).as("analysis of " + failure.get()).isNotNull();
        assertThat(analysis.getDescription()).startsWith("Unknown key foundation.beam.cluster.bind-prot; did you mean "
                + "cluster.bind-port?");
        assertThat(analysis.getAction()).startsWith("Rename it to foundation.beam.cluster.bind-port, or remove it.")
                .contains("cluster.serialization.allowed-types");
    }

    @Test
    void enabledWithoutTheClusterModuleNamesTheDependency() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withClassLoader(
                new FilteredClassLoader(BeamCluster.class)));
        assertThat(analysis.getDescription()).isEqualTo("foundation.beam.cluster.enabled is true, but the cluster "
                + "module is not on the class path (there is no class io.foundation.beam.cluster.BeamCluster), so "
                + "this runtime cannot join a cluster.");
        assertThat(analysis.getAction()).isEqualTo("Add the dependency io.foundation.beam:foundation-beam-cluster "
                + "(the version of foundation-beam-spring-boot-starter) to the application, or set "
                + "foundation.beam.cluster.enabled=false.");
    }
}
