package io.foundation.beam.cluster.internal.transport;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Key and trust managers that tell a {@link RefusalDetector} why a TLS handshake fails for a certificate, naming the
 * peer (JSSE's own exceptions reach JGroups, which logs "Socket is closed" at best).
 *
 * <ul>
 *   <li>The trust manager: a peer's certificate that this node's trust store does not trust. On the accepting side
 *       that is a connecting node's client certificate; on the connecting side, a listening member's.
 *   <li>The key manager, on the connecting side: when none of this node's certificates is signed by a CA the peer
 *       names as trusted, JSSE would send no certificate and the peer would only say "certificate required". It
 *       reports that and sends its certificate all the same, so the peer's trust manager refuses it and logs why.
 *       The peer still checks it: this grants nothing.
 * </ul>
 * Stateless wrappers; called on JGroups' connecting and accepting threads; the detector is thread-safe.
 */
final class ReportingTls {

    private ReportingTls() {
    }

    static KeyManager[] keyManagers(KeyManager[] managers, RefusalDetector refusals) {
        return wrap(managers, X509ExtendedKeyManager.class, k -> new Keys(k, refusals));
    }

    static TrustManager[] trustManagers(TrustManager[] managers, RefusalDetector refusals) {
        return wrap(managers, X509ExtendedTrustManager.class, t -> new Trust(t, refusals));
    }

    /** A copy of the managers, those of the given type wrapped. */
    private static <M, X extends M> M[] wrap(M[] managers, Class<X> type, Function<X, M> wrapper) {
        M[] result = managers.clone();
        for (int i = 0; i < result.length; i++) {
            if (type.isInstance(result[i])) {
                result[i] = wrapper.apply(type.cast(result[i]));
            }
        }
        return result;
    }

    /** A trust manager's check. */
    @FunctionalInterface
    private interface Check {
        void run() throws CertificateException;
    }

    /** Runs the check; a certificate it refuses is reported (the peer named by the socket) and the refusal thrown. */
    private static void reported(Check check, RefusalDetector refusals, Socket socket, boolean outgoing,
            X509Certificate[] chain) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            refusals.tlsRefused(socket, outgoing, RefusalDetector.Reason.TLS_PEER_UNTRUSTED, subject(chain));
            throw e;
        }
    }

    private static String subject(X509Certificate[] chain) {
        return chain == null || chain.length == 0 ? "no certificate" : chain[0].getSubjectX500Principal().getName();
    }

    private static final class Trust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final RefusalDetector refusals;

        Trust(X509ExtendedTrustManager delegate, RefusalDetector refusals) {
            this.delegate = delegate;
            this.refusals = refusals;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            reported(() -> delegate.checkClientTrusted(chain, authType, socket), refusals, socket, false, chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            reported(() -> delegate.checkServerTrusted(chain, authType, socket), refusals, socket, true, chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    private static final class Keys extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final RefusalDetector refusals;

        Keys(X509ExtendedKeyManager delegate, RefusalDetector refusals) {
            this.delegate = delegate;
            this.refusals = refusals;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            String alias = delegate.chooseClientAlias(keyType, issuers, socket);
            if (alias == null && issuers != null && issuers.length > 0) {
                alias = delegate.chooseClientAlias(keyType, null, socket);
                if (alias != null) {
                    refusals.tlsRefused(socket, true, RefusalDetector.Reason.TLS_SELF_UNTRUSTED,
                            "it trusts certificates signed by " + Arrays.toString(issuers));
                }
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
