package io.foundation.beam.benchmarks.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;

/**
 * How both Pekko nodes are configured: classic actors with the {@code remote} provider and Artery, Pekko's defaults
 * otherwise (dispatchers, Artery's buffers and queues, its own remote dispatcher), except:
 * <ul>
 *   <li>{@code artery.transport = tcp}, or {@code tls-tcp} with {@code ConfigSSLEngineProvider} (Pekko's default
 *       provider) given the run's {@link TlsStores}; its TLS defaults are kept: {@code TLSv1.3},
 *       {@code TLS_AES_128_GCM_SHA256} and {@code TLS_AES_256_GCM_SHA384}, mutual authentication on, host name
 *       verification off;</li>
 *   <li>{@code artery.canonical} 127.0.0.1 and the node's port;</li>
 *   <li>{@link PekkoMessageSerializer} bound to the benchmark's message classes (Java serialization stays off, as
 *       by default);</li>
 *   <li>{@code remote.warn-about-direct-use = off}: silences the start-up advice to use Pekko Cluster instead.</li>
 * </ul>
 */
final class PekkoSetup {

    /** Node B's receiver actor's name (under {@code /user}). */
    static final String RECEIVER = "receiver";
    /** Node B's ponger actor's name (under {@code /user}). */
    static final String PONGER = "ponger";

    private static final Duration TERMINATE_TIMEOUT = Duration.ofSeconds(30);

    private PekkoSetup() {
    }

    /**
     * @param port this node's port
     * @param tls the stores, or empty for plain TCP
     * @return the node's actor system, started
     */
    static ActorSystem start(int port, Optional<TlsStores> tls) {
        return ActorSystem.create(Endpoints.PEKKO_SYSTEM, config(port, tls).withFallback(ConfigFactory.load()));
    }

    /**
     * @param port this node's port
     * @param tls the stores, or empty for plain TCP
     * @return the settings that differ from Pekko's defaults
     */
    static Config config(int port, Optional<TlsStores> tls) {
        String messages = RemoteMessages.class.getName();
        StringBuilder hocon = new StringBuilder()
                .append("pekko.actor.provider = remote\n")
                .append("pekko.remote.warn-about-direct-use = off\n")
                .append("pekko.remote.artery.transport = ").append(tls.isPresent() ? "tls-tcp" : "tcp").append('\n')
                .append("pekko.remote.artery.canonical.hostname = \"").append(Endpoints.HOST).append("\"\n")
                .append("pekko.remote.artery.canonical.port = ").append(port).append('\n')
                .append("pekko.actor.serializers.remote-bench = \"").append(PekkoMessageSerializer.class.getName())
                .append("\"\n");
        for (String type : new String[] {"Data", "Ack", "Ball", "PekkoHandshake"}) {
            hocon.append("pekko.actor.serialization-bindings.\"").append(messages).append('$').append(type)
                    .append("\" = remote-bench\n");
        }
        tls.ifPresent(stores -> {
            String ssl = "pekko.remote.artery.ssl.config-ssl-engine.";
            hocon.append(ssl).append("key-store = \"").append(stores.keyStore()).append("\"\n")
                    .append(ssl).append("trust-store = \"").append(stores.trustStore()).append("\"\n")
                    .append(ssl).append("key-store-password = \"").append(TlsStores.PASSWORD).append("\"\n")
                    .append(ssl).append("key-password = \"").append(TlsStores.PASSWORD).append("\"\n")
                    .append(ssl).append("trust-store-password = \"").append(TlsStores.PASSWORD).append("\"\n");
        });
        return ConfigFactory.parseString(hocon.toString());
    }

    /**
     * @param portB node B's port
     * @param actor the actor's name under {@code /user}
     * @return the actor's path on node B
     */
    static String pathOnB(int portB, String actor) {
        return "pekko://" + Endpoints.PEKKO_SYSTEM + "@" + Endpoints.HOST + ":" + portB + "/user/" + actor;
    }

    /**
     * Terminates an actor system and waits (bounded) until it has.
     *
     * @param system the system
     */
    static void terminate(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("actor system " + system.name() + " did not terminate", e);
        }
    }
}
