package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.benchmarks.remote.RemoteMessages.Ack;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Ball;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Data;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Hello;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Welcome;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Node A on Foundation BEAM: a runtime joined to node B's cluster; the sender and the pinger are handler processes.
 * Each introduces itself to node B's process by its registered name ({@link BeamCluster#send}, {@link Hello}) and
 * then sends to the pid that comes back in the {@link Welcome}, as an Erlang process would.
 */
final class BeamDriverSide implements DriverSide {

    private final BeamSetup.Joined node;

    /**
     * Joins node B's cluster and waits until B is in the view.
     *
     * @param endpoints the run's ports
     * @param tls the stores, or empty for plain TCP
     */
    BeamDriverSide(Endpoints endpoints, Optional<TlsStores> tls) {
        node = BeamSetup.join(BeamSetup.NODE_A, endpoints, tls);
        try {
            BeamSetup.awaitPeer(node.cluster());
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    @Override
    public void startThroughput(ThroughputProbe probe) {
        node.runtime().spawn(new Sender(node.cluster(), probe));
    }

    @Override
    public void startPingPong(LatencyProbe probe) {
        node.runtime().spawn(new Pinger(node.cluster(), probe));
    }

    @Override
    public void close() {
        node.close();
    }

    /** The 1->1 sender: {@link WindowedSender} in a process. */
    private static final class Sender implements ProcessHandler {
        private final BeamCluster cluster;
        private final WindowedSender window;
        private final LongConsumer sendData = seq -> receiver().send(new Data(seq));
        private ProcessRef receiver;

        Sender(BeamCluster cluster, ThroughputProbe probe) {
            this.cluster = cluster;
            this.window = new WindowedSender(probe);
        }

        private ProcessRef receiver() {
            return receiver;
        }

        @Override
        public void init(ProcessContext context) {
            cluster.send(BeamSetup.NODE_B, BeamSetup.RECEIVER, new Hello(context.self()));
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case Ack ack -> window.onAck(ack.received(), sendData);
                case Welcome welcome -> {
                    receiver = welcome.from();
                    window.start(sendData);
                }
                default -> throw new IllegalStateException("unexpected message " + message);
            }
            return null;
        }
    }

    /** The pinger: {@link PingPongPlayer} in a process. */
    private static final class Pinger implements ProcessHandler {
        private final BeamCluster cluster;
        private final PingPongPlayer player;
        private final LongConsumer serve = seq -> ponger().send(new Ball(seq));
        private ProcessRef ponger;

        Pinger(BeamCluster cluster, LatencyProbe probe) {
            this.cluster = cluster;
            this.player = new PingPongPlayer(probe);
        }

        private ProcessRef ponger() {
            return ponger;
        }

        @Override
        public void init(ProcessContext context) {
            cluster.send(BeamSetup.NODE_B, BeamSetup.PONGER, new Hello(context.self()));
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            switch (message) {
                case Ball ball -> player.onBall(ball.seq(), serve);
                case Welcome welcome -> {
                    ponger = welcome.from();
                    player.start(serve);
                }
                default -> throw new IllegalStateException("unexpected message " + message);
            }
            return null;
        }
    }
}
