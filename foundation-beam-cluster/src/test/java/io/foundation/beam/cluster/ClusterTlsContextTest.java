package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.JoinedNodes;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.cluster.testing.TestKeyStores;
import io.foundation.beam.process.SpawnOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS from a given {@link SSLContext} ({@link ClusterTls.Builder#sslContext}, what the starter's SSL bundles use):
 * such a node and one with the same key from stores form a cluster over TLS, and a message crosses.
 */
@Timeout(60)
class ClusterTlsContextTest {

    private final JoinedNodes nodes = new JoinedNodes("tls-context", FreePorts.pick(2));

    @AfterEach
    void closeAll() {
        nodes.close();
    }

    @Test
    void aNodeWithAGivenContextAndOneWithStoresFormAClusterOverTls() throws Exception {
        TestKeyStores stores = TestKeyStores.shared();
        ClusterTls fromContext = ClusterTls.builder().sslContext(context(stores)).build();
        assertThat(fromContext.sslContext()).isPresent();
        assertThat(fromContext.keyStore()).isEmpty();
        assertThat(fromContext.toString()).contains("sslContext=TLS (given)");

        BeamCluster a = join("a", 0, fromContext);
        BeamCluster b = join("b", 1, stores.trustedTls());
        await().atMost(LocalNodes.WAIT).until(() -> a.nodes().size() == 1 && b.nodes().size() == 1);

        CompletableFuture<Object> received = new CompletableFuture<>();
        nodes.runtime(1).spawn((message, context) -> received.complete(message),
                SpawnOptions.defaults().withName("inbox"));
        a.send("b", "inbox", "over tls from a given context");
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("over tls from a given context");
    }

    @Test
    void aContextAndStoresTogetherAreRefused() throws Exception {
        TestKeyStores stores = TestKeyStores.shared();
        assertThatThrownBy(() -> ClusterTls.builder().sslContext(context(stores))
                .trustStore(stores.trust(), TestKeyStores.PASSWORD.toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either sslContext(context) or the key and trust stores, not both");
    }

    private static SSLContext context(TestKeyStores stores) throws Exception {
        char[] password = TestKeyStores.PASSWORD.toCharArray();
        KeyStore keys = load(stores.trusted(), password);
        KeyStore trusted = load(stores.trust(), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private BeamCluster join(String name, int index, ClusterTls tls) {
        // the first TLS handshakes of this JVM can outlast a short join timeout
        return nodes.join(name, index, r -> r, c -> c.tls(tls).joinTimeout(Duration.ofSeconds(5)));
    }
}
