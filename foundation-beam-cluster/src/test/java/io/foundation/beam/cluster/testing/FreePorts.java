package io.foundation.beam.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1 for tests (free when asked; a port may be taken again before it is used). A node listens
 * on its port and, for failure detection, on the port {@value #FAILURE_DETECTION_OFFSET} above it: each pick has both
 * free, and no pick falls on another's failure-detection ports (that port and the 3 after it, FD_SOCK2's range).
 */
public final class FreePorts {

    /** JGroups' FD_SOCK2 listens this far above the node's port. */
    static final int FAILURE_DETECTION_OFFSET = 100;

    private FreePorts() {
    }

    /**
     * @param n how many
     * @return n distinct ports that were free a moment ago, each with its failure-detection port
     */
    public static int[] pick(int n) {
        int[] ports = new int[n];
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int found = 0;
        for (int attempt = 0; found < n; attempt++) {
            if (attempt > 100 * n) {
                throw new IllegalStateException("no " + n + " free pairs of ports (p, p + " + FAILURE_DETECTION_OFFSET
                        + ") on 127.0.0.1 after " + attempt + " attempts");
            }
            int port = probe(0);
            int detection = port + FAILURE_DETECTION_OFFSET;
            if (detection + 3 > 65535 || taken.contains(port) || taken.contains(detection) || probe(detection) < 0) {
                continue;
            }
            taken.add(port);
            for (int i = 0; i <= 3; i++) { // FD_SOCK2 may fall back to the next 3 ports
                taken.add(detection + i);
            }
            ports[found++] = port;
        }
        return ports;
    }

    /** @return the port bound (a free one for 0), or -1 if {@code port} is taken */
    private static int probe(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            if (port == 0) {
                throw new UncheckedIOException(taken);
            }
            return -1;
        }
    }
}
