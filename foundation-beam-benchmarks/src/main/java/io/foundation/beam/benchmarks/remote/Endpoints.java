package io.foundation.beam.benchmarks.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the two nodes of one run listen: 127.0.0.1 only, node A (the driver) on {@link #portA}, node B (the child
 * JVM) on {@link #portB}, and a cluster name of this run's own so that no other cluster on the machine can mix in.
 *
 * @param portA node A's port
 * @param portB node B's port
 * @param clusterName the Foundation BEAM cluster's name (Pekko's actor systems are both called
 *     {@link #PEKKO_SYSTEM}; their addresses differ by port)
 */
public record Endpoints(int portA, int portB, String clusterName) {

    /** Every socket of the benchmark is on this address. */
    static final String HOST = "127.0.0.1";
    /** The name of both Pekko actor systems. */
    static final String PEKKO_SYSTEM = "remote-bench";
    /** Foundation BEAM's failure detector ({@code FD_SOCK2}) listens this far above the bind port. */
    private static final int FAILURE_DETECTOR_OFFSET = 100;

    /**
     * Picks two ports at random in 20000-49999 that are free now on 127.0.0.1, each with its port + 100 free too
     * (Foundation BEAM's failure detector uses it; Pekko uses the one port).
     *
     * @return the endpoints
     */
    static Endpoints pickFree() {
        int[] ports = freePorts(2);
        return new Endpoints(ports[0], ports[1], "remote-bench-" + ProcessHandle.current().pid());
    }

    /**
     * Picks ports at random in 20000-49999 that are free now on 127.0.0.1, each with its port + 100 free too
     * (Foundation BEAM's failure detector uses it), none of them or their + 100 within 5 of another's.
     *
     * @param count how many
     * @return the ports
     */
    public static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = freePort(ports, i);
        }
        return ports;
    }

    private static int freePort(int[] taken, int n) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 50_000);
            boolean apart = true;
            for (int i = 0; i < n; i++) {
                int other = taken[i];
                apart &= Math.abs(port - other) > 5 && Math.abs(port + FAILURE_DETECTOR_OFFSET - other) > 5
                        && Math.abs(port - FAILURE_DETECTOR_OFFSET - other) > 5;
            }
            if (apart && isFree(port) && isFree(port + FAILURE_DETECTOR_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found on " + HOST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
