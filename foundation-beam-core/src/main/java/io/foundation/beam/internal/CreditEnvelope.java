package io.foundation.beam.internal;

/**
 * A message sent through a {@link CreditChannel}: the receiving process unwraps it as it takes it from its mailbox
 * (and tells the channel, which returns the credit, see {@link CreditChannel#taken}). User code never sees the
 * envelope.
 */
class CreditEnvelope {

    final CreditChannel channel;
    final Object payload;

    CreditEnvelope(CreditChannel channel, Object payload) {
        this.channel = channel;
        this.payload = payload;
    }

    /** Pushed out of a DROP_OLDEST mailbox: returns the credit (the message is reported as dropped). */
    void displaced() {
        channel.creditReturned();
    }

    /** @return the message inside an envelope, or the message itself (no credit returned) */
    static Object peek(Object message) {
        return message instanceof CreditEnvelope e ? e.payload : message;
    }

    /** The envelope of a channel with an adaptive limit: stamped with the runtime ticker's reading at the send. */
    static final class Timed extends CreditEnvelope {

        final long sentAt;

        Timed(CreditChannel channel, Object payload, long sentAt) {
            super(channel, payload);
            this.sentAt = sentAt;
        }
    }
}
