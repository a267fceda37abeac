package io.foundation.beam.benchmarks.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The main class of node B, the child JVM that {@link PeerJvm} starts: it starts the system's node with its receiver
 * and ponger ({@link BeamPeerSide} or {@link PekkoPeerSide}), prints {@value #READY} on a line of its own, and serves
 * until its standard input ends (the driver closes it) or the driver's JVM is gone (then it halts at once, so that
 * no node B outlives its driver).
 *
 * <p>Arguments: {@code beam|pekko}, node A's port, node B's port, the cluster name, and the TLS stores' directory or
 * {@code plain}.
 */
public final class PeerMain {

    /** The line that tells the driver node B is serving. */
    static final String READY = "REMOTE-PEER-READY";

    private PeerMain() {
    }

    /**
     * @param args see the class comment
     * @throws IOException if standard input fails
     */
    public static void main(String[] args) throws IOException {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> Runtime.getRuntime().halt(3)));
        if (args.length != 5) {
            System.err.println("usage: PeerMain beam|pekko <port A> <port B> <cluster name> <stores dir>|plain");
            System.exit(2);
        }
        Endpoints endpoints = new Endpoints(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
        Optional<TlsStores> tls = "plain".equals(args[4]) ? Optional.empty() : Optional.of(TlsStores.in(Path.of(args[4])));
        // The node serves on its own threads; nothing here needs it again.
        Object node = switch (args[0]) {
            case "beam" -> new BeamPeerSide(endpoints, tls);
            case "pekko" -> new PekkoPeerSide(endpoints, tls);
            default -> throw new IllegalArgumentException("system must be beam or pekko, got " + args[0]);
        };
        System.out.println(READY);
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing is expected on standard input: its end is the signal to stop
        }
        // The driver is done with node B (and has closed node A): leave without a clean close, which would only
        // make the driver wait longer before it kills this JVM anyway.
        System.out.println("REMOTE-PEER-EXIT " + node.getClass().getSimpleName());
        Runtime.getRuntime().halt(0);
    }
}
