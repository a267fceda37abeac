package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterTls;
import io.foundation.beam.cluster.testing.ChildJvm;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.TestKeyStores;
import io.foundation.beam.cluster.testing.TransportNodeMain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance (issue 20): "a fourth JVM with a wrong secret is refused; one with no TLS when TLS is on is refused".
 * Two members in this JVM use TLS and a secret; two child JVMs start at once: one with the right TLS but a wrong
 * secret, one with the right secret but no TLS. Each is refused: its start fails with the reason (another secret;
 * an answer in another protocol, TLS). Neither gets into the members' views. (That a node configured like
 * the members joins is {@code ClusterSecurityTest}'s part; a third child JVM costs too much on 2 cores.)
 */
@Timeout(90)
class ClusterSecurityChildJvmTest {

    private static final String CLUSTER = "security-child-test";
    private static final String SECRET = "correct-horse-battery-staple";
    private static final Duration MERGE = Duration.ofMillis(2100);
    private static final Duration STAYS_OUT = Duration.ofSeconds(2);
    private static final Duration CHILD_START = Duration.ofSeconds(45);

    private final List<JGroupsTransport> members = new ArrayList<>();
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void closeAll() {
        children.forEach(ChildJvm::close);
        members.forEach(JGroupsTransport::close);
    }

    @Test
    void aJvmWithAWrongSecretOrWithoutTlsIsRefused() throws Exception {
        TestKeyStores stores = TestKeyStores.shared();
        int[] ports = FreePorts.pick(4);
        List<String> all = Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList();
        ClusterTls tls = stores.trustedTls();
        for (int i = 0; i < 2; i++) {
            members.add(JGroupsTransport.start(ClusterConfig.builder("m" + i).clusterName(CLUSTER)
                    .bindPort(ports[i]).initialMembers(all).joinTimeout(Duration.ofMillis(500)).mergeInterval(MERGE)
                    .tls(tls).authSecret(SECRET).build()));
        }
        String tlsArg = "tls=" + stores.trusted() + "," + stores.trust();
        ChildJvm wrong = child("wrong", ports[2], all, "secret=another-secret-of-enough-length", tlsArg);
        ChildJvm plain = child("plain", ports[3], all, "secret=" + SECRET);
        wrong.awaitLine(l -> l.startsWith("REFUSED Node 'wrong' cannot join cluster '" + CLUSTER + "'")
                && l.contains(" refused it (it uses another authentication secret)")
                && l.contains("foundation.beam.cluster.auth-secret"), CHILD_START);
        plain.awaitLine(l -> l.startsWith("REFUSED Node 'plain' cannot join cluster '" + CLUSTER + "'")
                && l.contains(" refused it (it answered in a protocol this node does not speak: it uses TLS")
                && l.contains("foundation.beam.cluster.tls.key-store"), CHILD_START);

        await().during(STAYS_OUT).atMost(STAYS_OUT.plusSeconds(15)).until(() ->
                members.get(0).members().equals(Set.of(members.get(1).self()))
                        && members.get(1).members().equals(Set.of(members.get(0).self())));
        for (ChildJvm refused : List.of(wrong, plain)) {
            assertThat(refused.lines()).noneMatch(l -> l.startsWith("UP ") || l.startsWith("FRAME "));
        }
    }

    private ChildJvm child(String name, int port, List<String> all, String... security) {
        List<String> args = new ArrayList<>(List.of(name, Integer.toString(port), String.join(",", all), "3000",
                Long.toString(MERGE.toMillis()), "1500", CLUSTER));
        args.addAll(List.of(security));
        ChildJvm c = ChildJvm.start(name, TransportNodeMain.class, args.toArray(String[]::new));
        children.add(c);
        return c;
    }
}
