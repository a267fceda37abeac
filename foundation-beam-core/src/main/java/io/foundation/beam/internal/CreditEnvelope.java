package io.foundation.beam.internal;

/**
 * A message sent through a {@link CreditChannel}: the receiving process unwraps it as it takes it from its mailbox,
 * which gives the channel its credit back. User code never sees the envelope.
 */
final class CreditEnvelope {

    private final CreditChannel channel;
    final Object payload;

    CreditEnvelope(CreditChannel channel, Object payload) {
        this.channel = channel;
        this.payload = payload;
    }

    /** Taken by the receiver: returns the credit and the message. */
    Object open() {
        channel.creditReturned();
        return payload;
    }

    /** Pushed out of a DROP_OLDEST mailbox: returns the credit (the message is reported as dropped). */
    void displaced() {
        channel.creditReturned();
    }

    /** @return the message inside an envelope, or the message itself (no credit returned) */
    static Object peek(Object message) {
        return message instanceof CreditEnvelope e ? e.payload : message;
    }
}
