package io.foundation.beam.benchmarks.compare;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractMatchingBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The 1->1 message flow of W3 and W4 on both systems: a producer that, on a {@link Round}, forwards the round to a
 * consumer and then sends it the round's messages; a consumer that counts them and completes the round at the last.
 *
 * <p><b>Without flow control</b> the producer sends all messages in one tight loop inside one message handler; the
 * mailbox is unbounded on both systems, so a backlog may build up.
 *
 * <p><b>With credit flow control</b> (an application-level window protocol, because Foundation BEAM has no credit
 * API yet and Pekko typed's reliable delivery is a different, heavier protocol): the producer keeps at most
 * {@link #WINDOW} messages outstanding (sent and not yet acknowledged); the consumer sends the producer one
 * {@link #ACK} for every {@link #ACK_EVERY} messages it has handled, each worth {@link #ACK_EVERY} credits. The
 * producer sends as long as it has credit, then returns and continues when an acknowledgement arrives. At most
 * {@link #WINDOW} messages are ever queued at the consumer, on both systems.
 *
 * <p>Both sides use the same structure: one handler per message, state in fields of the handler object, the same
 * message objects (from one {@link MessageFactory}), no per-message allocation besides the message itself (and, with
 * credit, nothing per acknowledgement: {@link #ACK} is a shared constant). Foundation BEAM processes are handler
 * processes ({@link ProcessHandler}, no thread while idle); Pekko actors extend {@link AbstractMatchingBehavior}, its
 * leanest Java API (one {@code onMessage} call per message, no matching builder).
 */
final class OneToOneSides {

    /** Credit flow control: most messages outstanding (sent, not yet acknowledged). */
    static final int WINDOW = 1024;
    /** Credit flow control: the consumer acknowledges every this many messages. */
    static final int ACK_EVERY = 128;
    /** The acknowledgement, worth {@link #ACK_EVERY} credits. */
    static final Object ACK = new Object() {
        @Override
        public String toString() {
            return "ack";
        }
    };

    private OneToOneSides() {
    }

    /** Tells a credit-flow consumer where to send its acknowledgements, then starts the round. */
    private record CreditStart(Round round, Object ackTo) {
    }

    // ------------------------------------------------------------------ Foundation BEAM

    /**
     * @param messages messages per round
     * @param factory makes the messages
     * @param credit whether to use the credit window protocol
     * @return the Foundation BEAM side: a runtime with a producer and a consumer process
     */
    static Side beam(int messages, MessageFactory factory, boolean credit) {
        BeamRuntime runtime = CompareSupport.newRuntime("one-to-one");
        ProcessRef consumer = runtime.spawn(new BeamConsumer());
        ProcessRef producer = runtime.spawn(new BeamProducer(consumer, messages, factory, credit));
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(messages);
                producer.send(round);
                return CompareSupport.await(round.done());
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    /** Producer process: on a {@link Round}, sends its messages (all at once, or within the credit window). */
    static final class BeamProducer implements ProcessHandler {
        private final ProcessRef consumer;
        private final int messages;
        private final MessageFactory factory;
        private final boolean credit;
        private int sent;
        private long acknowledged;

        BeamProducer(ProcessRef consumer, int messages, MessageFactory factory, boolean credit) {
            this.consumer = consumer;
            this.messages = messages;
            this.factory = factory;
            this.credit = credit;
        }

        @Override
        public Object handle(Object message, ProcessContext context) {
            ProcessRef to = consumer;
            if (message == ACK) {
                acknowledged += ACK_EVERY;
                fillWindow();
            } else if (credit) {
                sent = 0;
                acknowledged = 0;
                to.send(new CreditStart((Round) message, context.self()));
                fillWindow();
            } else {
                to.send(message);
                MessageFactory f = factory;
                for (int i = 0, n = messages; i < n; i++) {
                    to.send(f.make(i));
                }
            }
            return null;
        }

        private void fillWindow() {
            ProcessRef to = consumer;
            MessageFactory f = factory;
            int s = sent;
            while (s < messages && s - acknowledged < WINDOW) {
                to.send(f.make(s++));
            }
            sent = s;
        }
    }

    /** Consumer process: counts messages; with credit, acknowledges every {@link #ACK_EVERY}. */
    static final class BeamConsumer implements ProcessHandler {
        private Round round;
        private ProcessRef ackTo;
        private long count;

        @Override
        public Object handle(Object message, ProcessContext context) {
            if (message instanceof Round r) {
                round = r;
                ackTo = null;
                count = 0;
            } else if (message instanceof CreditStart start) {
                round = start.round();
                ackTo = (ProcessRef) start.ackTo();
                count = 0;
            } else {
                long c = ++count;
                if (ackTo != null && c % ACK_EVERY == 0) {
                    ackTo.send(ACK);
                }
                if (c == round.expected()) {
                    round.done().complete(c);
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ Apache Pekko

    /**
     * @param messages messages per round
     * @param factory makes the messages
     * @param credit whether to use the credit window protocol
     * @return the Pekko side: an actor system with a producer and a consumer actor
     */
    static Side pekko(int messages, MessageFactory factory, boolean credit) {
        PekkoSupport pekko = new PekkoSupport("one-to-one");
        ActorRef<Object> consumer = pekko.spawn(Behaviors.setup(PekkoConsumer::new), "consumer");
        ActorRef<Object> producer = pekko.spawn(PekkoProducer.create(consumer, messages, factory, credit),
                "producer");
        return new Side() {
            @Override
            public long round() {
                Round round = Round.of(messages);
                producer.tell(round);
                long count = CompareSupport.await(round.done());
                pekko.checkNoDeadLetters();
                return count;
            }

            @Override
            public void close() {
                pekko.close();
            }
        };
    }

    /** Producer actor: the same logic as {@link BeamProducer}. */
    static final class PekkoProducer extends AbstractMatchingBehavior<Object> {
        private final ActorRef<Object> consumer;
        private final int messages;
        private final MessageFactory factory;
        private final boolean credit;
        private int sent;
        private long acknowledged;

        static Behavior<Object> create(ActorRef<Object> consumer, int messages, MessageFactory factory,
                boolean credit) {
            return Behaviors.setup(context -> new PekkoProducer(context, consumer, messages, factory, credit));
        }

        private PekkoProducer(ActorContext<Object> context, ActorRef<Object> consumer, int messages,
                MessageFactory factory, boolean credit) {
            super(context);
            this.consumer = consumer;
            this.messages = messages;
            this.factory = factory;
            this.credit = credit;
        }

        @Override
        public Behavior<Object> onMessage(Object message) {
            ActorRef<Object> to = consumer;
            if (message == ACK) {
                acknowledged += ACK_EVERY;
                fillWindow();
            } else if (credit) {
                sent = 0;
                acknowledged = 0;
                to.tell(new CreditStart((Round) message, getContext().getSelf()));
                fillWindow();
            } else {
                to.tell(message);
                MessageFactory f = factory;
                for (int i = 0, n = messages; i < n; i++) {
                    to.tell(f.make(i));
                }
            }
            return this;
        }

        private void fillWindow() {
            ActorRef<Object> to = consumer;
            MessageFactory f = factory;
            int s = sent;
            while (s < messages && s - acknowledged < WINDOW) {
                to.tell(f.make(s++));
            }
            sent = s;
        }
    }

    /** Consumer actor: the same logic as {@link BeamConsumer}. */
    static final class PekkoConsumer extends AbstractMatchingBehavior<Object> {
        private Round round;
        private ActorRef<Object> ackTo;
        private long count;

        PekkoConsumer(ActorContext<Object> context) {
            super(context);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<Object> onMessage(Object message) {
            if (message instanceof Round r) {
                round = r;
                ackTo = null;
                count = 0;
            } else if (message instanceof CreditStart start) {
                round = start.round();
                ackTo = (ActorRef<Object>) start.ackTo();
                count = 0;
            } else {
                long c = ++count;
                if (ackTo != null && c % ACK_EVERY == 0) {
                    ackTo.tell(ACK);
                }
                if (c == round.expected()) {
                    round.done().complete(c);
                }
            }
            return this;
        }
    }
}
