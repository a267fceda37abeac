package io.foundation.beam.cluster.internal.transport;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.ClusterTls;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jgroups.protocols.SERIALIZE;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.jgroups.util.TLSClientAuth;

/**
 * Adds the {@link ClusterConfig}'s security to the built-in stack, with JGroups' own protocols only (see the
 * "Security" section of {@link ClusterConfig} for what each choice guards against and why).
 *
 * <p><b>TLS</b>: {@code TCP.tls()} enabled with an {@link SSLContext} made here from the key and trust stores (so
 * the passwords stay {@code char[]}), client authentication {@code NEED} (or {@code NONE}) and the accepted protocols.
 *
 * <p><b>Secret</b>: {@code SYM_ENCRYPT} above the transport (only the {@link RefusalDetector} between),
 * {@code SERIALIZE} above it. {@code SERIALIZE} turns every message, headers included, into the payload of a new
 * one, so {@code SYM_ENCRYPT} encrypts all of it (it leaves a message without payload, such as a heartbeat or a join
 * request, unencrypted otherwise). Being below discovery, nothing of the cluster is readable or forgeable without
 * the key, not even who its members are. Cipher: ChaCha20-Poly1305 (authenticated: a forged or altered message
 * fails its tag and is dropped), chosen because {@code SYM_ENCRYPT} passes its nonce as an
 * {@code IvParameterSpec}, which the JDK's AES-GCM does not accept. A message that is not a valid encrypted,
 * serialized message (a stranger's, or a forged one without payload, which {@code SYM_ENCRYPT} lets through) fails in
 * {@code SERIALIZE} and is dropped as well. Key: PBKDF2-HMAC-SHA-256 of the secret, salted with the cluster name.
 * {@code SYM_ENCRYPT} puts the MD5 of the key in each message as a key version; this reveals nothing usable but lets
 * a guess of the secret be checked offline, which the iteration count makes slow.
 *
 * <p><b>Refusals</b>: a {@link RefusalDetector} directly above the transport (below {@code SYM_ENCRYPT}), with or
 * without a secret, and key and trust managers that report certificate failures to it ({@link ReportingTls}).
 *
 * <p>Derived keys are cached by a SHA-256 of salt and secret (16 at most), so a JVM that starts several nodes (tests)
 * derives once per secret.
 */
final class StackSecurity {

    /** The cipher given to {@code SYM_ENCRYPT}. */
    static final String CIPHER = "ChaCha20-Poly1305";
    private static final int NONCE_BYTES = 12;
    private static final int KEY_BITS = 256;
    private static final Map<String, byte[]> KEYS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 16;
        }
    };

    private StackSecurity() {
    }

    /**
     * Enables TLS on the transport and inserts the encryption protocols above it, as the config says.
     *
     * @param config the configuration
     * @param stack the protocols, transport first; changed in place
     * @throws GeneralSecurityException if a store cannot be used or the key cannot be derived
     */
    static void apply(ClusterConfig config, List<Protocol> stack) throws GeneralSecurityException {
        TCP tcp = (TCP) stack.get(0);
        RefusalDetector refusals = new RefusalDetector(config.nodeName());
        if (config.tls().isPresent()) {
            ClusterTls tls = config.tls().get();
            tcp.tls().enabled(true)
                    .setSSLContext(sslContext(tls, refusals))
                    .setClientAuth(tls.clientAuthRequired() ? TLSClientAuth.NEED : TLSClientAuth.NONE)
                    .setProtocols(tls.protocols().toArray(String[]::new));
        }
        if (config.hasAuthSecret()) {
            SYM_ENCRYPT encrypt = new SYM_ENCRYPT();
            encrypt.setSecretKey(new SecretKeySpec(clusterKey(config), "ChaCha20"));
            encrypt.symAlgorithm(CIPHER);
            encrypt.symIvLength(NONCE_BYTES);
            stack.add(1, encrypt);
            stack.add(2, new SERIALIZE());
        }
        stack.add(1, refusals);
    }

    /**
     * The TLS context: a {@linkplain ClusterTls#sslContext() given} one as it is (its managers cannot be wrapped, so
     * its certificate refusals are not reported), or one made from the stores whose key and trust managers report
     * certificate refusals to {@code refusals}.
     */
    static SSLContext sslContext(ClusterTls tls, RefusalDetector refusals) throws GeneralSecurityException {
        if (tls.sslContext().isPresent()) {
            return tls.sslContext().get();
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = tls.keyStorePassword();
        try {
            keys.init(tls.loadKeyStore(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(tls.loadTrustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(ReportingTls.keyManagers(keys.getKeyManagers(), refusals),
                ReportingTls.trustManagers(trust.getTrustManagers(), refusals), null);
        return context;
    }

    /** The cluster key: PBKDF2-HMAC-SHA-256 of the secret, salted with the cluster name. */
    static byte[] clusterKey(ClusterConfig config) throws GeneralSecurityException {
        byte[] salt = ("foundation-beam-cluster:" + config.clusterName()).getBytes(StandardCharsets.UTF_8);
        char[] secret = config.authSecret();
        try {
            String cacheKey = cacheKey(salt, secret);
            synchronized (KEYS) {
                byte[] key = KEYS.get(cacheKey);
                if (key != null) {
                    return key.clone();
                }
            }
            PBEKeySpec spec = new PBEKeySpec(secret, salt, ClusterConfig.AUTH_KEY_ITERATIONS, KEY_BITS);
            try {
                byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                synchronized (KEYS) {
                    KEYS.put(cacheKey, key.clone());
                }
                return key;
            } finally {
                spec.clearPassword();
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static String cacheKey(byte[] salt, char[] secret) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(salt);
        sha.update((byte) 0);
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        sha.update(bytes);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
