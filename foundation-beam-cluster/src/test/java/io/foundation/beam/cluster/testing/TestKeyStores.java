package io.foundation.beam.cluster.testing;

import io.foundation.beam.cluster.ClusterTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key stores for TLS tests, made with the JDK's {@code keytool} into a directory (no CA): a key pair the cluster
 * trusts ({@code trusted.p12}), a trust store with its certificate ({@code trust.p12}), and a key pair nobody trusts
 * ({@code untrusted.p12}). Self-signed EC keys, valid two days, one password for all.
 *
 * @param trusted the cluster's key store
 * @param trust the trust store holding the cluster's certificate
 * @param untrusted a stranger's key store
 */
public record TestKeyStores(Path trusted, Path trust, Path untrusted) {

    /** The password of every store. */
    public static final String PASSWORD = "test-store-password";

    private static TestKeyStores shared;

    /**
     * The stores of this test JVM, made at the first call (keytool costs seconds on a loaded machine) in a temporary
     * directory deleted when the JVM exits.
     *
     * @return the stores
     * @throws Exception if keytool fails
     */
    public static synchronized TestKeyStores shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("beam-test-stores");
            dir.toFile().deleteOnExit();
            TestKeyStores stores = create(dir);
            for (Path p : List.of(stores.trusted, stores.trust, stores.untrusted)) {
                p.toFile().deleteOnExit();
            }
            shared = stores;
        }
        return shared;
    }

    /**
     * Runs two {@code keytool}s at once (a key pair each) and builds the trust store.
     *
     * @param dir where to write the stores
     * @return the stores
     * @throws Exception if keytool fails
     */
    public static TestKeyStores create(Path dir) throws Exception {
        TestKeyStores stores = new TestKeyStores(dir.resolve("trusted.p12"), dir.resolve("trust.p12"),
                dir.resolve("untrusted.p12"));
        Process trusted = keyPair(stores.trusted, "trusted-node");
        Process untrusted = keyPair(stores.untrusted, "stranger");
        await(trusted);
        await(untrusted);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.trusted)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted-node", keys.getCertificate("node"));
        try (OutputStream out = Files.newOutputStream(stores.trust)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return stores;
    }

    /** @return TLS with the trusted key pair */
    public ClusterTls trustedTls() {
        return tls(trusted);
    }

    /** @return TLS with the stranger's key pair (it trusts the cluster, the cluster does not trust it) */
    public ClusterTls untrustedTls() {
        return tls(untrusted);
    }

    private ClusterTls tls(Path keyStore) {
        return ClusterTls.builder()
                .keyStore(keyStore, PASSWORD.toCharArray())
                .trustStore(trust, PASSWORD.toCharArray())
                .build();
    }

    private static Process keyPair(Path store, String cn) throws IOException {
        Path keytool = ProcessHandle.current().info().command().map(Path::of).orElseThrow().resolveSibling("keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "node",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void await(Process p) throws Exception {
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes());
        if (!done || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
