package io.foundation.beam.cluster.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterJoinRefusedException;
import io.foundation.beam.cluster.ClusterTls;
import io.foundation.beam.cluster.testing.FreePorts;
import io.foundation.beam.cluster.testing.LogCapture;
import io.foundation.beam.cluster.testing.RecordingListener;
import io.foundation.beam.cluster.testing.TestKeyStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jgroups.protocols.SERIALIZE;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLS;
import org.jgroups.util.TLSClientAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Secure by default (issue 20): nodes with the same authentication secret, or with mutual TLS, form a cluster and
 * exchange frames; a node with a wrong secret or none, without TLS, or with an untrusted certificate, cannot join:
 * it is in nobody's view. A node the members refuse (wrong secret, none, untrusted certificate) fails its start with
 * {@link ClusterJoinRefusedException} naming them and the setting, and both sides log a warning once per peer (a
 * node without TLS reads the members' TLS alert as another protocol; the members' side of that is JGroups' own log).
 * All nodes in this JVM on 127.0.0.1.
 */
@Timeout(60)
class ClusterSecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "correct-horse-battery-staple";
    /**
     * The merge interval of the test nodes (MERGE3 needs its max interval, half of it, above 1 s: see
     * {@code JGroupsStack}).
     */
    private static final Duration MERGE = Duration.ofMillis(2100);
    /** How long a refused node is watched to stay out: past a merge check (0.8 of the merge interval). */
    private static final Duration STAYS_OUT = Duration.ofSeconds(2);

    private static TestKeyStores stores;

    private final List<JGroupsTransport> started = new ArrayList<>();
    private final LogCapture logs = LogCapture.start();
    private int[] ports;

    @BeforeAll
    static void keyStores() throws Exception {
        stores = TestKeyStores.shared();
    }

    @AfterEach
    void closeAll() {
        started.forEach(JGroupsTransport::close);
        logs.close();
    }

    @Test
    void nodesWithTheSameSecretFormAClusterAndOneWithAnotherSecretOrNoneIsRefused() {
        ports = FreePorts.pick(5);
        UnaryOperator<ClusterConfig.Builder> secret = b -> b.authSecret(SECRET);
        JGroupsTransport a = start("a", 0, secret);
        JGroupsTransport b = start("b", 1, secret);
        JGroupsTransport c = start("c", 2, secret);
        RecordingListener aEvents = listen(a);
        RecordingListener cEvents = listen(c);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a.members()).containsExactlyInAnyOrder(b.self(), c.self());
            assertThat(c.members()).containsExactlyInAnyOrder(a.self(), b.self());
        });
        assertThat(a.send(c.self(), bytes("to c"))).isTrue();
        await().atMost(WAIT).until(() -> cEvents.frames("a").size() == 1);
        assertThat(new String(cEvents.frames("a").get(0), StandardCharsets.UTF_8)).isEqualTo("to c");

        // each member that answers within the join timeout refuses it (on a busy machine, maybe not all three); the
        // refused node waits out its join timeout all the same, so a longer one costs little and makes it sure
        UnaryOperator<ClusterConfig.Builder> patient = x -> x.joinTimeout(Duration.ofSeconds(2));
        String member = "127\\.0\\.0\\.1:(" + ports[0] + "|" + ports[1] + "|" + ports[2] + ")";
        assertThatThrownBy(() -> start("wrong", 3, x -> patient.apply(x).authSecret("another-secret-of-enough-length")))
                .isInstanceOf(ClusterJoinRefusedException.class)
                .hasMessageStartingWith("Node 'wrong' cannot join cluster 'security-test': no member accepted it, and ")
                .hasMessageFindingMatch(member + " refused it \\(it uses another authentication secret\\)")
                .hasMessageEndingWith(". authSecret (Spring: foundation.beam.cluster.auth-secret) must be the same "
                        + "on every node.")
                .satisfies(e -> assertThat(((ClusterJoinRefusedException) e).peers()).isNotEmpty()
                        .isSubsetOf(address(0), address(1), address(2)));
        assertThatThrownBy(() -> start("none", 4, patient))
                .isInstanceOf(ClusterJoinRefusedException.class)
                .hasMessageFindingMatch(member
                        + " refused it \\(it requires an authentication secret and this node has none\\)");

        // a member that refused it logged why, naming it; so did the refused node, naming the member
        await().atMost(WAIT).untilAsserted(() -> assertThat(logs.lines())
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node [abc]: refused node 'wrong' at "
                        + address(3).replace(".", "\\.") + ": it uses another authentication secret\\. authSecret "
                        + "\\(Spring: foundation\\.beam\\.cluster\\.auth-secret\\) must be the same on every node"))
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node [abc]: refused node 'none' at "
                        + address(4).replace(".", "\\.") + ": it has no authentication secret and this node has one"))
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node wrong: refused by " + member
                        + " \\(node '[abc]'\\): it uses another authentication secret")));
        assertRefused(List.of("wrong", "none"), List.of(a, b, c));
        // once per peer, and instead of JGroups' error per message (or, without a secret, ciphertext in the receiver)
        for (String m : List.of("a", "b", "c")) {
            assertThat(logs.lines()).filteredOn(l -> l.contains("Node " + m + ": refused node 'wrong'"))
                    .hasSizeLessThan(2);
        }
        assertThat(logs.lines()).noneMatch(l -> l.contains("SYM_ENCRYPT") || l.contains("failed passing message"));
        assertThat(aEvents.events()).noneMatch(e -> !Arrays.asList("b", "c").contains(e.node().name()));
        assertThat(cEvents.frames("a")).hasSize(1);
    }

    @Test
    void nodesWithMutualTlsFormAClusterAndOneWithoutTlsOrWithAnUntrustedCertificateIsRefused() {
        ports = FreePorts.pick(4);
        ClusterTls tls = stores.trustedTls();
        JGroupsTransport a = start("a", 0, x -> x.tls(tls));
        // the first TLS handshakes of this JVM can outlast a short join timeout (b would start alone and merge)
        JGroupsTransport b = start("b", 1, x -> x.tls(tls).joinTimeout(Duration.ofSeconds(5)));
        RecordingListener bEvents = listen(b);
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.members()).containsExactly(b.self()));
        assertThat(a.send(b.self(), bytes("over tls"))).isTrue();
        await().atMost(WAIT).until(() -> bEvents.frames("a").size() == 1);

        // the first handshakes of a JVM can outlast a short join timeout: the refusals must come within it
        String member = "127\\.0\\.0\\.1:(" + ports[0] + "|" + ports[1] + ")";
        // without TLS, it reads the members' TLS alert as a packet of another protocol
        assertThatThrownBy(() -> start("plain", 2, x -> x.joinTimeout(Duration.ofSeconds(3))))
                .isInstanceOf(ClusterJoinRefusedException.class)
                .hasMessageFindingMatch(member + " refused it \\(it answered in a protocol this node does not "
                        + "speak: it uses TLS and this node does not, or it runs another JGroups version\\)")
                .hasMessageContaining("tls (Spring: foundation.beam.cluster.tls.key-store");
        assertThatThrownBy(() -> start("stranger", 3, x -> x.tls(stores.untrustedTls())
                .joinTimeout(Duration.ofSeconds(3))))
                .isInstanceOf(ClusterJoinRefusedException.class)
                .hasMessageFindingMatch(member
                        + " refused it \\(TLS handshake failed: it trusts none of this node's certificates\\)")
                .hasMessageContaining("foundation.beam.cluster.tls.trust-store");
        await().atMost(WAIT).untilAsserted(() -> assertThat(logs.lines())
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node [ab]: refused a connection from "
                        + "127\\.0\\.0\\.1: TLS handshake failed: its certificate is not trusted by this node's "
                        + "trust store \\(CN=stranger\\)"))
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node stranger: the connection to " + member
                        + ": TLS handshake failed: it trusts none of this node's certificates"))
                .anySatisfy(l -> assertThat(l).containsPattern("WARN .*Node plain: the connection to " + member
                        + ": it answered in a protocol this node does not speak: it uses TLS")));

        assertRefused(List.of("plain", "stranger"), List.of(a, b));
        assertThat(bEvents.events()).allMatch(e -> e.node().name().equals("a"));
    }

    @Test
    void nodesWithTlsAndASecretTogetherFormACluster() {
        ports = FreePorts.pick(2);
        JGroupsTransport a = start("a", 0, x -> x.tls(stores.trustedTls()).authSecret(SECRET));
        JGroupsTransport b = start("b", 1, x -> x.tls(stores.trustedTls()).authSecret(SECRET));
        RecordingListener bEvents = listen(b);
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.members()).containsExactly(b.self()));
        assertThat(a.send(b.self(), bytes("both"))).isTrue();
        await().atMost(WAIT).until(() -> bEvents.frames("a").size() == 1);
    }

    @Test
    void tlsConfigNeverShowsPasswordsAndRefusesAWrongOneAtBuild() {
        char[] password = TestKeyStores.PASSWORD.toCharArray();
        ClusterTls tls = stores.trustedTls();
        ClusterConfig config = ClusterConfig.builder("n").bindAddress("10.1.2.3").tls(tls).build();
        assertThat(config.toString()).doesNotContain(TestKeyStores.PASSWORD).contains("tls=ClusterTls[", "****");
        assertThat(tls.keyStorePassword()).isEqualTo(password);
        assertThat(tls.clientAuthRequired()).isTrue();
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThatThrownBy(() -> ClusterTls.builder().keyStore(stores.trusted(), "wrong".toCharArray())
                .trustStore(stores.trust(), password).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyStore: cannot read " + stores.trusted());
        assertThatThrownBy(() -> ClusterTls.builder().keyStore(stores.trust(), password)
                .trustStore(stores.trust(), password).build())
                .hasMessageContaining("holds no private key");
        assertThatThrownBy(() -> ClusterTls.builder().keyStore(stores.trusted(), password).build())
                .hasMessageContaining("trustStore(path, password) are required");
        assertThatThrownBy(() -> ClusterTls.builder().protocols(List.of("TLSv1.1")))
                .hasMessageContaining("protocols:");
    }

    @Test
    void theSecretPutsEncryptionBelowEverythingAndTlsIsMutual() throws Exception {
        ClusterConfig config = ClusterConfig.builder("n").authSecret(SECRET).tls(stores.trustedTls()).build();
        List<Protocol> stack = JGroupsStack.secured(config, JGroupsStack.protocols(config));
        assertThat(stack.subList(0, 5)).map(p -> p.getClass().getSimpleName())
                .containsExactly("ReportingTcp", "RefusalDetector", "SYM_ENCRYPT", "SERIALIZE", "TCPPING");
        SYM_ENCRYPT encrypt = (SYM_ENCRYPT) stack.get(2);
        assertThat(encrypt.symAlgorithm()).isEqualTo("ChaCha20-Poly1305");
        assertThat(encrypt.secretKey().getEncoded()).hasSize(32)
                .isEqualTo(StackSecurity.clusterKey(config))
                .isNotEqualTo(StackSecurity.clusterKey(ClusterConfig.builder("n").authSecret(SECRET)
                        .clusterName("other-cluster").build()));
        TLS tls = ((TCP) stack.get(0)).tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.getClientAuth()).isEqualTo(TLSClientAuth.NEED);
        assertThat(tls.getProtocols()).containsExactly("TLSv1.3");
        ClusterConfig plain = ClusterConfig.builder("n").build();
        assertThat(JGroupsStack.secured(plain, JGroupsStack.protocols(plain)))
                .noneMatch(p -> p instanceof SYM_ENCRYPT || p instanceof SERIALIZE);
    }

    /** The refused nodes stay out of the members' views for a while (a merge would let them in). */
    private static void assertRefused(List<String> refused, List<JGroupsTransport> members) {
        await().during(STAYS_OUT).atMost(STAYS_OUT.plus(WAIT)).until(() ->
                members.stream().noneMatch(t -> t.members().stream().anyMatch(n -> refused.contains(n.name())))
                        && members.stream().allMatch(t -> t.members().size() == members.size() - 1));
    }

    private String address(int portIndex) {
        return "127.0.0.1:" + ports[portIndex];
    }

    private JGroupsTransport start(String name, int portIndex, UnaryOperator<ClusterConfig.Builder> security) {
        ClusterConfig.Builder builder = ClusterConfig.builder(name)
                .clusterName("security-test")
                .bindPort(ports[portIndex])
                .initialMembers(Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList())
                .joinTimeout(Duration.ofMillis(500))
                .mergeInterval(MERGE);
        JGroupsTransport t = JGroupsTransport.start(security.apply(builder).build());
        started.add(t);
        return t;
    }

    private static RecordingListener listen(JGroupsTransport t) {
        RecordingListener l = new RecordingListener();
        t.listener(l);
        return l;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
