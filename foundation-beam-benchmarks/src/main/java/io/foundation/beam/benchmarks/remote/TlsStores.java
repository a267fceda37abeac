package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.cluster.ClusterTls;
import java.nio.file.Path;

/**
 * The TLS key and trust stores of a run, both PKCS12, made by {@code remote-compare.sh} with the JDK's
 * {@code keytool} in a temporary directory: {@code node.p12} holds one self-signed EC P-256 key pair that both
 * nodes present, {@code trust.p12} holds its certificate and nothing else. Both systems get the same two files, and
 * both use TLS 1.3 with mutual authentication (each side's default).
 *
 * @param keyStore the key store
 * @param trustStore the trust store
 */
record TlsStores(Path keyStore, Path trustStore) {

    /** The password of both stores and of the key (throw-away stores of a benchmark run). */
    static final String PASSWORD = "remote-bench-store";

    /**
     * @param directory the directory holding {@code node.p12} and {@code trust.p12}
     * @return the stores in it
     */
    static TlsStores in(Path directory) {
        return new TlsStores(directory.resolve("node.p12"), directory.resolve("trust.p12"));
    }

    /** @return Foundation BEAM's TLS settings: the stores, and the defaults (TLS 1.3, mutual authentication) */
    ClusterTls clusterTls() {
        return ClusterTls.builder()
                .keyStore(keyStore, PASSWORD.toCharArray())
                .trustStore(trustStore, PASSWORD.toCharArray())
                .build();
    }
}
