package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.benchmarks.remote.RemoteMessages.Ack;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Ball;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Data;
import io.foundation.beam.benchmarks.remote.RemoteMessages.PekkoHandshake;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;

/**
 * Node A on Pekko: an actor system with Artery; the sender and the pinger are classic actors. Each introduces itself
 * to node B's actor through an actor selection of its path ({@link PekkoHandshake#HELLO}, the envelope carrying the
 * sender) and then sends to the {@link ActorRef} that answers with {@link PekkoHandshake#WELCOME}, without a sender
 * (Foundation BEAM's messages carry none either).
 */
final class PekkoDriverSide implements DriverSide {

    private final ActorSystem system;
    private final int portB;

    /**
     * Starts node A's actor system. Artery connects to node B at the first message.
     *
     * @param endpoints the run's ports
     * @param tls the stores, or empty for plain TCP
     */
    PekkoDriverSide(Endpoints endpoints, Optional<TlsStores> tls) {
        this.system = PekkoSetup.start(endpoints.portA(), tls);
        this.portB = endpoints.portB();
    }

    @Override
    public void startThroughput(ThroughputProbe probe) {
        String receiver = PekkoSetup.pathOnB(portB, PekkoSetup.RECEIVER);
        system.actorOf(Props.create(Sender.class, () -> new Sender(receiver, probe)), "sender");
    }

    @Override
    public void startPingPong(LatencyProbe probe) {
        String ponger = PekkoSetup.pathOnB(portB, PekkoSetup.PONGER);
        system.actorOf(Props.create(Pinger.class, () -> new Pinger(ponger, probe)), "pinger");
    }

    @Override
    public void close() {
        PekkoSetup.terminate(system);
    }

    /** The 1->1 sender: {@link WindowedSender} in an actor. */
    static final class Sender extends AbstractActor {
        private final String receiverPath;
        private final WindowedSender window;
        private final LongConsumer sendData = seq -> receiver().tell(new Data(seq), ActorRef.noSender());
        private ActorRef receiver;

        Sender(String receiverPath, ThroughputProbe probe) {
            this.receiverPath = receiverPath;
            this.window = new WindowedSender(probe);
        }

        private ActorRef receiver() {
            return receiver;
        }

        @Override
        public void preStart() {
            getContext().actorSelection(receiverPath).tell(PekkoHandshake.HELLO, getSelf());
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Ack.class, ack -> window.onAck(ack.received(), sendData))
                    .matchEquals(PekkoHandshake.WELCOME, welcome -> {
                        receiver = getSender();
                        window.start(sendData);
                    })
                    .build();
        }
    }

    /** The pinger: {@link PingPongPlayer} in an actor. */
    static final class Pinger extends AbstractActor {
        private final String pongerPath;
        private final PingPongPlayer player;
        private final LongConsumer serve = seq -> ponger().tell(new Ball(seq), ActorRef.noSender());
        private ActorRef ponger;

        Pinger(String pongerPath, LatencyProbe probe) {
            this.pongerPath = pongerPath;
            this.player = new PingPongPlayer(probe);
        }

        private ActorRef ponger() {
            return ponger;
        }

        @Override
        public void preStart() {
            getContext().actorSelection(pongerPath).tell(PekkoHandshake.HELLO, getSelf());
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Ball.class, ball -> player.onBall(ball.seq(), serve))
                    .matchEquals(PekkoHandshake.WELCOME, welcome -> {
                        ponger = getSender();
                        player.start(serve);
                    })
                    .build();
        }
    }
}
