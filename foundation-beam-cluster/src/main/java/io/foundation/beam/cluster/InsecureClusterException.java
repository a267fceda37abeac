package io.foundation.beam.cluster;

/**
 * A node would be reachable from the network (its bind address is not a loopback address) without TLS and without an
 * authentication secret: anyone who can connect could join, read every message and send to every process. Thrown by
 * {@link ClusterConfig.Builder#build()}; the message names the builder methods and the Spring Boot properties to set.
 * Erlang refuses distribution without a cookie the same way; there is deliberately no switch to turn this off.
 */
public final class InsecureClusterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is insecure and what to set
     */
    public InsecureClusterException(String message) {
        super(message);
    }
}
