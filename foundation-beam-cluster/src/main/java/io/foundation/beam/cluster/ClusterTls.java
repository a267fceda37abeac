package io.foundation.beam.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * TLS for the connections between cluster nodes: which key this node shows, which certificates it trusts, whether
 * the other side must show one too, and which TLS versions are spoken. Immutable; built with {@link #builder()},
 * given to {@link ClusterConfig.Builder#tls(ClusterTls)}. Spring Boot: {@code foundation.beam.cluster.tls.*}.
 *
 * <pre>{@code
 * ClusterTls tls = ClusterTls.builder()
 *         .keyStore(Path.of("/etc/orders/node.p12"), keyStorePassword)
 *         .trustStore(Path.of("/etc/orders/cluster-trust.p12"), trustStorePassword)
 *         .build();
 * }</pre>
 *
 * <p><b>What it does.</b> JGroups' own TLS ({@code TCP.tls()}, {@code org.jgroups.util.TLS}) replaces the
 * transport's sockets by TLS sockets: every message between nodes is encrypted and integrity-protected, and, with
 * {@linkplain Builder#clientAuthRequired client authentication} (the default: mutual TLS), a node that cannot show a
 * certificate the others trust cannot connect, so it can neither join nor send. The check is the trust store: a
 * certificate is accepted if it, or a CA that signed it, is in the trust store; host names are not checked (nodes
 * often connect by IP address). So put only the cluster's certificates (or a CA that signs only them) in the trust
 * store, never the JDK's public CAs.
 *
 * <p>Or from an {@link SSLContext} made elsewhere, holding this node's key and the certificates it trusts (Spring
 * Boot: an SSL bundle, {@code foundation.beam.cluster.tls.bundle}):
 * <pre>{@code
 * ClusterTls tls = ClusterTls.builder().sslContext(context).build();
 * }</pre>
 *
 * <p><b>Design.</b> The stores are loaded once by {@link Builder#build()} to fail early (wrong password, missing file,
 * no private key), and again when the node starts (so a renewed file is used at the next start). Passwords are kept
 * as {@code char[]} copies, handed out as copies, and never printed. A given {@code SSLContext} is used as it is,
 * at every start.
 *
 * <p><b>What it does not cover.</b> The failure detector's ring of sockets ({@code FD_SOCK2}, on the bind port plus
 * 100) carries no application data and is not TLS. Combine with an {@linkplain ClusterConfig.Builder#authSecret
 * authentication secret} if that matters to you or if certificates are shared widely.
 */
public final class ClusterTls {

    /** The default {@link #protocols()}: TLS 1.3 only. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");
    /** The default key and trust store type. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    private final SSLContext sslContext;
    private final Path keyStore;
    private final char[] keyStorePassword;
    private final String keyStoreType;
    private final Path trustStore;
    private final char[] trustStorePassword;
    private final String trustStoreType;
    private final boolean clientAuthRequired;
    private final List<String> protocols;

    private ClusterTls(Builder b) {
        this.sslContext = b.sslContext;
        this.keyStore = b.keyStore;
        this.keyStorePassword = b.keyStorePassword == null ? new char[0] : b.keyStorePassword.clone();
        this.keyStoreType = b.keyStoreType;
        this.trustStore = b.trustStore;
        this.trustStorePassword = b.trustStorePassword == null ? new char[0] : b.trustStorePassword.clone();
        this.trustStoreType = b.trustStoreType;
        this.clientAuthRequired = b.clientAuthRequired;
        this.protocols = b.protocols;
    }

    /** @return a builder with the defaults (PKCS12 stores, client authentication required, TLS 1.3) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the key store holding this node's private key and certificate, or empty when the TLS context was
     *     {@linkplain Builder#sslContext given}
     */
    public Optional<Path> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** @return the TLS context {@linkplain Builder#sslContext given} instead of stores, if one was */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** @return a copy of the key store's password (also the key's password) */
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    /** @return the key store's type, e.g. {@code PKCS12} */
    public String keyStoreType() {
        return keyStoreType;
    }

    /**
     * @return the trust store holding the certificates (or CAs) of the nodes this node accepts, or empty when the TLS
     *     context was {@linkplain Builder#sslContext given}
     */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** @return a copy of the trust store's password */
    public char[] trustStorePassword() {
        return trustStorePassword.clone();
    }

    /** @return the trust store's type, e.g. {@code PKCS12} */
    public String trustStoreType() {
        return trustStoreType;
    }

    /** @return whether a connecting node must show a trusted certificate (mutual TLS) */
    public boolean clientAuthRequired() {
        return clientAuthRequired;
    }

    /** @return the TLS protocol versions a node accepts, e.g. {@code TLSv1.3} */
    public List<String> protocols() {
        return protocols;
    }

    /** Never shows the passwords. */
    @Override
    public String toString() {
        if (sslContext != null) {
            return "ClusterTls[sslContext=" + sslContext.getProtocol() + " (given), clientAuthRequired="
                    + clientAuthRequired + ", protocols=" + protocols + "]";
        }
        return "ClusterTls[keyStore=" + keyStore + " (" + keyStoreType + "), trustStore=" + trustStore + " ("
                + trustStoreType + "), clientAuthRequired=" + clientAuthRequired + ", protocols=" + protocols
                + ", passwords=****]";
    }

    /** Builds a {@link ClusterTls}; {@link #build()} loads both stores to check them. Not thread-safe. */
    public static final class Builder {

        private SSLContext sslContext;
        private Path keyStore;
        private char[] keyStorePassword;
        private String keyStoreType = DEFAULT_STORE_TYPE;
        private Path trustStore;
        private char[] trustStorePassword;
        private String trustStoreType = DEFAULT_STORE_TYPE;
        private boolean clientAuthRequired = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;

        private Builder() {
        }

        /**
         * This node's private key and certificate (required): a key store with one private key entry (the first is
         * used if there are several), whose key has the store's password. Spring:
         * {@code foundation.beam.cluster.tls.key-store} and {@code ...tls.key-store-password}.
         *
         * @param path a readable file
         * @param password its password (copied; clear your array afterwards if you like)
         * @return this builder
         */
        public Builder keyStore(Path path, char[] password) {
            this.keyStore = readable("keyStore", path);
            this.keyStorePassword = Objects.requireNonNull(password, "keyStore: password").clone();
            return this;
        }

        /**
         * The key store's type (default {@value ClusterTls#DEFAULT_STORE_TYPE}; the JDK also reads {@code JKS}).
         * Spring: {@code foundation.beam.cluster.tls.key-store-type}.
         *
         * @param type a key store type the JDK knows
         * @return this builder
         */
        public Builder keyStoreType(String type) {
            this.keyStoreType = storeType("keyStoreType", type);
            return this;
        }

        /**
         * The certificates this node trusts (required): the other nodes' certificates, or the CA that signs them
         * and nothing else. A node whose certificate is not trusted here cannot connect to this node, and this node
         * does not connect to it. Spring: {@code foundation.beam.cluster.tls.trust-store} and
         * {@code ...tls.trust-store-password}.
         *
         * @param path a readable file
         * @param password its password (copied)
         * @return this builder
         */
        public Builder trustStore(Path path, char[] password) {
            this.trustStore = readable("trustStore", path);
            this.trustStorePassword = Objects.requireNonNull(password, "trustStore: password").clone();
            return this;
        }

        /**
         * The trust store's type (default {@value ClusterTls#DEFAULT_STORE_TYPE}). Spring:
         * {@code foundation.beam.cluster.tls.trust-store-type}.
         *
         * @param type a key store type the JDK knows
         * @return this builder
         */
        public Builder trustStoreType(String type) {
            this.trustStoreType = storeType("trustStoreType", type);
            return this;
        }

        /**
         * Whether a node connecting to this one must show a trusted certificate (default {@code true}: mutual TLS).
         * Without it, TLS still encrypts, and the connecting node still checks this node's certificate, but this
         * node accepts connections from anyone: then an {@linkplain ClusterConfig.Builder#authSecret
         * authentication secret} is what keeps strangers out. Spring:
         * {@code foundation.beam.cluster.tls.client-auth-required}.
         *
         * @param required whether to require a client certificate
         * @return this builder
         */
        public Builder clientAuthRequired(boolean required) {
            this.clientAuthRequired = required;
            return this;
        }

        /**
         * The TLS versions this node accepts from connecting nodes (default {@code TLSv1.3} only; add
         * {@code TLSv1.2} only for a JDK or peer that lacks 1.3). Spring:
         * {@code foundation.beam.cluster.tls.protocols}.
         *
         * @param protocols e.g. {@code List.of("TLSv1.3")}, not empty
         * @return this builder
         */
        public Builder protocols(List<String> protocols) {
            if (protocols == null || protocols.isEmpty() || protocols.stream().anyMatch(p -> p == null
                    || !p.matches("TLSv1\\.[23]"))) {
                throw new IllegalArgumentException(
                        "protocols: must be a non-empty list of TLSv1.3 and TLSv1.2, but was " + protocols);
            }
            this.protocols = Collections.unmodifiableList(List.copyOf(protocols));
            return this;
        }

        /**
         * A TLS context made elsewhere, instead of the key and trust stores: it must hold this node's key and
         * certificate (its key managers) and trust the other nodes' certificates (its trust managers), as the
         * stores would. Spring: {@code foundation.beam.cluster.tls.bundle}, an SSL bundle's context.
         *
         * @param context the context, used as it is whenever the node starts
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * Loads both stores to check them (with stores; a {@linkplain #sslContext given context} is not checked).
         *
         * @return the TLS configuration
         * @throws IllegalArgumentException if a store is missing, cannot be read with its password and type, the
         *     key store has no private key, or the trust store no certificate; or if both a context and stores were
         *     given
         */
        public ClusterTls build() {
            if (sslContext != null) {
                if (keyStore != null || trustStore != null) {
                    throw new IllegalArgumentException("ClusterTls: give either sslContext(context) or the key and "
                            + "trust stores, not both (Spring: foundation.beam.cluster.tls.bundle or "
                            + "foundation.beam.cluster.tls.key-store and trust-store)");
                }
                return new ClusterTls(this);
            }
            if (keyStore == null || trustStore == null) {
                throw new IllegalArgumentException("ClusterTls: both keyStore(path, password) and trustStore(path, "
                        + "password) are required, or an sslContext(context) (Spring: "
                        + "foundation.beam.cluster.tls.key-store, foundation.beam.cluster.tls.trust-store and their "
                        + "passwords, or foundation.beam.cluster.tls.bundle)");
            }
            KeyStore keys = load("keyStore", keyStore, keyStoreType, keyStorePassword);
            KeyStore trusted = load("trustStore", trustStore, trustStoreType, trustStorePassword);
            try {
                boolean hasKey = false;
                boolean hasCertificate = false;
                for (String alias : Collections.list(keys.aliases())) {
                    hasKey |= keys.isKeyEntry(alias);
                }
                for (String alias : Collections.list(trusted.aliases())) {
                    hasCertificate |= trusted.getCertificate(alias) != null;
                }
                if (!hasKey) {
                    throw new IllegalArgumentException("keyStore: " + keyStore + " holds no private key");
                }
                if (!hasCertificate) {
                    throw new IllegalArgumentException("trustStore: " + trustStore + " holds no certificate");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("ClusterTls: cannot read the stores: " + e, e);
            }
            return new ClusterTls(this);
        }

        /**
         * Loads a key store.
         *
         * @param method the builder method, for the message
         * @param path the file
         * @param type its type
         * @param password its password
         * @return the loaded store
         * @throws IllegalArgumentException if it cannot be read
         */
        static KeyStore load(String method, Path path, String type, char[] password) {
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password);
                return store;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(method + ": cannot read " + path + " as " + type
                        + " with the given password: " + e.getMessage(), e);
            }
        }

        private static Path readable(String method, Path path) {
            if (path == null || !Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException(method + ": not a readable file: " + path);
            }
            return path;
        }

        private static String storeType(String method, String type) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException(method + ": must not be blank, but was " + type);
            }
            return type.strip();
        }
    }

    /**
     * Loads this configuration's key store (for the node's start).
     *
     * @return the key store
     * @throws IllegalStateException if the TLS context was {@linkplain Builder#sslContext given} instead
     */
    public KeyStore loadKeyStore() {
        requireStores();
        return Builder.load("keyStore", keyStore, keyStoreType, keyStorePassword);
    }

    /**
     * Loads this configuration's trust store (for the node's start).
     *
     * @return the trust store
     * @throws IllegalStateException if the TLS context was {@linkplain Builder#sslContext given} instead
     */
    public KeyStore loadTrustStore() {
        requireStores();
        return Builder.load("trustStore", trustStore, trustStoreType, trustStorePassword);
    }

    private void requireStores() {
        if (sslContext != null) {
            throw new IllegalStateException("this ClusterTls has a given SSLContext and no stores to load");
        }
    }
}
