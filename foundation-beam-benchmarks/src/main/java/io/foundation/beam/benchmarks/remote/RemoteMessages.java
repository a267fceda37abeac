package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.process.ProcessRef;

/**
 * The messages that cross between the two JVMs, on both systems.
 *
 * <p>The measured messages ({@link Data}, {@link Ack}, {@link Ball}) are the same records on both systems, each
 * holding one {@code long}. Each system sends them the way it recommends for application types, without Java
 * serialization: Foundation BEAM through its cluster codec (a record allowed by
 * {@code ClusterConfig.Builder.allowMessageTypes}: its class name, written once per message, and the components),
 * Pekko through a serializer registered for these classes ({@link PekkoMessageSerializer}: a one-letter manifest and
 * the {@code long}'s 8 bytes).
 *
 * <p>The handshake differs only in where the return address travels: on Foundation BEAM in the message
 * ({@link Hello}, {@link Welcome}), on Pekko in the envelope's sender ({@link PekkoHandshake}), as each system does
 * it. It happens once, before the workload starts.
 */
public final class RemoteMessages {

    private RemoteMessages() {
    }

    /** One message of the 1->1 stream: its sequence number, from 1. */
    public record Data(long seq) {
    }

    /**
     * The receiver's acknowledgement: how many messages of the stream it has received, all in order; or
     * {@link #OUT_OF_ORDER}.
     *
     * @param received the count, or {@link #OUT_OF_ORDER}
     */
    public record Ack(long received) {
        /** The receiver saw a message out of order (or one was lost): the run fails. */
        public static final long OUT_OF_ORDER = -1;
    }

    /** The ping-pong ball: its number, from 1; the ponger returns it unchanged. */
    public record Ball(long seq) {
    }

    /** Foundation BEAM: node A's process introduces itself to node B's process (sent to B's registered name). */
    public record Hello(ProcessRef from) {
    }

    /** Foundation BEAM: node B's process answers {@link Hello} with its own pid; the workload starts. */
    public record Welcome(ProcessRef from) {
    }

    /** Pekko: the same handshake, the return address being the envelope's sender. */
    public enum PekkoHandshake {
        /** As {@link Hello}. */
        HELLO,
        /** As {@link Welcome}. */
        WELCOME
    }
}
