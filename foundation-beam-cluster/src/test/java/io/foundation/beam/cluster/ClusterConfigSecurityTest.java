package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secure by default at build time: what {@link ClusterConfig.Builder#build()} refuses, and what it never prints. */
class ClusterConfigSecurityTest {

    private static final String SECRET = "correct-horse-battery-staple";

    @Test
    void aNonLoopbackBindWithoutSecurityIsRefusedNamingWhatToSet() {
        for (String address : new String[] {"10.1.2.3", "0.0.0.0", "::"}) {
            assertThatThrownBy(() -> ClusterConfig.builder("n1").bindAddress(address).build())
                    .isInstanceOf(InsecureClusterException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'n1'")
                    .hasMessageContaining("not a loopback address")
                    .hasMessageContaining("ClusterConfig.Builder.tls(ClusterTls)")
                    .hasMessageContaining("foundation.beam.cluster.tls.")
                    .hasMessageContaining("ClusterConfig.Builder.authSecret(")
                    .hasMessageContaining("foundation.beam.cluster.auth-secret")
                    .hasMessageContaining("cookie");
        }
    }

    @Test
    void loopbackNeedsNothingAndASecretIsEnoughElsewhere() {
        assertThat(ClusterConfig.builder("n1").build().hasAuthSecret()).isFalse();
        assertThat(ClusterConfig.builder("n1").bindAddress("127.0.0.1").build().tls()).isEmpty();
        ClusterConfig config = ClusterConfig.builder("n1").bindAddress("10.1.2.3").authSecret(SECRET).build();
        assertThat(config.hasAuthSecret()).isTrue();
        assertThat(config.authSecret()).isEqualTo(SECRET.toCharArray());
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("n1").authSecret("fifteen-chars!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authSecret: must be 16 to 1024 characters")
                .hasMessageContaining("had 15")
                .hasMessageNotContaining("fifteen-chars!!");
        assertThatThrownBy(() -> ClusterConfig.builder("n1").authSecret((char[]) null))
                .hasMessageContaining("authSecret:");
        assertThat(ClusterConfig.builder("n1").authSecret("sixteen-chars!!!").build().hasAuthSecret()).isTrue();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        char[] secret = SECRET.toCharArray();
        ClusterConfig config = ClusterConfig.builder("n1").authSecret(secret).build();
        secret[0] = 'X';
        assertThat(config.authSecret()).isEqualTo(SECRET.toCharArray());
        assertThat(config.toString()).doesNotContain(SECRET).contains("authSecret=****", "tls=off");
        assertThat(ClusterConfig.builder("n1").build().toString()).contains("authSecret=none");
    }

    @Test
    void securityCannotBeCombinedWithAStackFile(@TempDir Path dir) throws Exception {
        Path stack = Files.writeString(dir.resolve("stack.xml"), "<config/>");
        assertThatThrownBy(() -> ClusterConfig.builder("n1").stackFile(stack).authSecret(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be combined with stackFile");
    }
}
