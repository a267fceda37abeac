package io.foundation.beam.benchmarks.remote;

import io.foundation.beam.benchmarks.remote.RemoteMessages.Ack;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Ball;
import io.foundation.beam.benchmarks.remote.RemoteMessages.Data;
import io.foundation.beam.benchmarks.remote.RemoteMessages.PekkoHandshake;
import java.util.Optional;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;

/**
 * Node B on Pekko: an actor system with Artery, with a receiver and a ponger, classic actors at
 * {@code /user/receiver} and {@code /user/ponger}. Each answers node A's {@link PekkoHandshake#HELLO} and then serves
 * the actor that said it, sending without a sender.
 */
final class PekkoPeerSide implements AutoCloseable {

    private final ActorSystem system;

    /**
     * Starts the node and its two actors.
     *
     * @param endpoints the run's ports
     * @param tls the stores, or empty for plain TCP
     */
    PekkoPeerSide(Endpoints endpoints, Optional<TlsStores> tls) {
        system = PekkoSetup.start(endpoints.portB(), tls);
        system.actorOf(Props.create(Receiver.class, Receiver::new), PekkoSetup.RECEIVER);
        system.actorOf(Props.create(Ponger.class, Ponger::new), PekkoSetup.PONGER);
    }

    @Override
    public void close() {
        PekkoSetup.terminate(system);
    }

    /** The 1->1 receiver: {@link AckingReceiver} in an actor. */
    static final class Receiver extends AbstractActor {
        private final AckingReceiver receiver = new AckingReceiver();
        private ActorRef sender;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Data.class, data -> {
                        long ack = receiver.onData(data.seq());
                        if (ack != 0) {
                            sender.tell(new Ack(ack), ActorRef.noSender());
                        }
                    })
                    .matchEquals(PekkoHandshake.HELLO, hello -> {
                        sender = getSender();
                        sender.tell(PekkoHandshake.WELCOME, getSelf());
                    })
                    .build();
        }
    }

    /** The ponger: returns every ball to the pinger that said hello. */
    static final class Ponger extends AbstractActor {
        private ActorRef pinger;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Ball.class, ball -> pinger.tell(ball, ActorRef.noSender()))
                    .matchEquals(PekkoHandshake.HELLO, hello -> {
                        pinger = getSender();
                        pinger.tell(PekkoHandshake.WELCOME, getSelf());
                    })
                    .build();
        }
    }
}
