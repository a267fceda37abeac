package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.benchmarks.remote.RemoteMessages.Ack;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Ball;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Data;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Hello;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Welcome;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.Optional;

/**
 * Node B on Foundation BEAM: a runtime that starts the cluster alone, with a receiver and a ponger, handler
 * processes registered under {@link BeamSetup#RECEIVER} and {@link BeamSetup#PONGER}. Each answers node A's
 * {@link Hello} with its pid and then serves A's process.
 */
final class BeamPeerSide implements AutoCloseable {

    private final BeamSetup.Joined node;

    /**
     * Starts the node and its two processes.
     *
     * @param endpoints the run's ports
     * @param tls the stores, or empty for plain TCP
     */
    BeamPeerSide(Endpoints endpoints, Optional<TlsStores> tls) {
        node = BeamSetup.join(BeamSetup.NODE_B, endpoints, tls);
        node.runtime().register(BeamSetup.RECEIVER, node.runtime().spawn(new Receiver()));
        node.runtime().register(BeamSetup.PONGER, node.runtime().spawn(new Ponger()));
    }

    @Override
    public void close() {
        node.close();
    }

    /** The 1->1 receiver: {@link AckingReceiver} in a process. */
    private static final class Receiver implements ProcessHandler {
        private final AckingReceiver receiver = new AckingReceiver();
        private ProcessRef sender;

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case Data data -> {
                    long ack = receiver.onData(data.seq());
                    if (ack != 0) {
                        sender.send(new Ack(ack));
                    }
                }
                case Hello hello -> {
                    sender = hello.from();
                    sender.send(new Welcome(context.self()));
                }
                default -> throw new IllegalStateException("unexpected message " + message);
            }
            return null;
        }
    }

    /** The ponger: returns every ball to the pinger that said hello. */
    private static final class Ponger implements ProcessHandler {
        private ProcessRef pinger;

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case Ball ball -> pinger.send(ball);
                case Hello hello -> {
                    pinger = hello.from();
                    pinger.send(new Welcome(context.self()));
                }
                default -> throw new IllegalStateException("unexpected message " + message);
            }
            return null;
        }
    }
}
