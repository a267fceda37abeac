package io.foundation.beam.boot.autoconfigure.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on 127.0.0.1 for the cluster tests (free when asked; another process may take one before it is used). */
public final class ClusterTestSupport {

    private ClusterTestSupport() {
    }

    /**
     * @return a port that is free on 127.0.0.1, as is the port 100 above it (JGroups' failure detection listens
     *     there)
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = ask(0);
            if (port + 100 <= 65535 && isFree(port + 100)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of ports (p, p + 100) on 127.0.0.1");
    }

    private static int ask(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
