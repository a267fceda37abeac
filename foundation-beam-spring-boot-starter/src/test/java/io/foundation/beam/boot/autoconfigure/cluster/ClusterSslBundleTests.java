package io.foundation.beam.boot.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.BeamProperties;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code foundation.beam.cluster.tls.bundle}: TLS from a Spring SSL bundle. Two applications whose cluster TLS comes
 * from the same JKS bundle (a PKCS12 key pair made by the JDK's keytool, which is also their trust store) form a
 * cluster over mutual TLS; a bundle name that is not configured, or a bundle together with a key store, fails the
 * startup naming the property.
 */
class ClusterSslBundleTests {

    private static final String PASSWORD = "bundle-test-password";

    @TempDir
    static Path dir;

    private static Path keyPair;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, BeamAutoConfiguration.class,
                    BeamClusterAutoConfiguration.class));

    @BeforeAll
    static void makeKeyPair() throws Exception {
        keyPair = dir.resolve("node.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=cluster-node", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyPair.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool ended").isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    private ApplicationContextRunner node(String name, int port, int... members) {
        StringBuilder initial = new StringBuilder();
        for (int member : members) {
            initial.append(initial.isEmpty() ? "" : ",").append("127.0.0.1:").append(member);
        }
        String store = "file:" + keyPair;
        return runner.withPropertyValues("foundation.beam.runtime.name=" + name,
                "foundation.beam.cluster.enabled=true", "foundation.beam.cluster.bind-address=127.0.0.1",
                "foundation.beam.cluster.bind-port=" + port, "foundation.beam.cluster.initial-members=" + initial,
                // the first TLS handshakes of a JVM can outlast a short join timeout
                "foundation.beam.cluster.join-timeout=5s",
                "foundation.beam.cluster.tls.bundle=cluster",
                "spring.ssl.bundle.jks.cluster.keystore.location=" + store,
                "spring.ssl.bundle.jks.cluster.keystore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.cluster.keystore.type=PKCS12",
                "spring.ssl.bundle.jks.cluster.truststore.location=" + store,
                "spring.ssl.bundle.jks.cluster.truststore.password=" + PASSWORD,
                "spring.ssl.bundle.jks.cluster.truststore.type=PKCS12");
    }

    @Test
    void twoNodesWithTheSameBundleFormAClusterOverTls() {
        int alphaPort = ClusterTestSupport.freePort();
        int betaPort = ClusterTestSupport.freePort();
        node("alpha", alphaPort, alphaPort, betaPort).run(alpha -> {
            assertThat(alpha).hasNotFailed();
            BeamCluster alphaCluster = alpha.getBean(BeamCluster.class);
            ClusterConfig config = ClusterConfigFactory.create("alpha", alpha.getBean(BeamProperties.class)
                    .getCluster(), alpha.getEnvironment(), alpha.getBean(SslBundles.class));
            assertThat(config.tls()).hasValueSatisfying(tls -> assertThat(tls.sslContext()).isPresent());
            node("beta", betaPort, alphaPort, betaPort).run(beta -> {
                assertThat(beta).hasNotFailed();
                await().atMost(Duration.ofSeconds(20)).until(() -> alphaCluster.nodes().size() == 1
                        && beta.getBean(BeamCluster.class).nodes().size() == 1);
            });
        });
    }

    @Test
    void anUnknownBundleOrABundleWithAKeyStoreFailsTheStartupNamingTheProperty() {
        int port = ClusterTestSupport.freePort();
        node("gamma", port, port).withPropertyValues("foundation.beam.cluster.tls.bundle=nope").run(context -> {
            assertThat(context).hasFailed();
            BeamConfigurationException failure = findCause(context.getStartupFailure());
            assertThat(failure.getMessage()).contains("foundation.beam.cluster.tls.bundle")
                    .contains("no SSL bundle named 'nope'").contains("[cluster]");
        });
        node("gamma", port, port).withPropertyValues("foundation.beam.cluster.tls.key-store=" + keyPair)
                .run(context -> assertThat(findCause(context.getStartupFailure()).getMessage())
                        .contains("foundation.beam.cluster.tls.bundle")
                        .contains("set together with foundation.beam.cluster.tls.key-store"));
    }

    private static BeamConfigurationException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BeamConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no BeamConfigurationException in " + failure, failure);
    }
}
