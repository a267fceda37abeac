package io.foundation.beam.internal.messages;

import io.foundation.beam.internal.process.Envelope;

/**
 * A message sent through a {@link CreditChannel}: the receiving process gets the payload as it takes the envelope
 * from its mailbox, and the channel is told, which returns the credit (see {@link CreditChannel#taken}). User code
 * never sees the envelope.
 */
class CreditEnvelope extends Envelope {

    final CreditChannel channel;
    final Object payload;

    CreditEnvelope(CreditChannel channel, Object payload) {
        this.channel = channel;
        this.payload = payload;
    }

    @Override
    public Object content() {
        return payload;
    }

    @Override
    public Object measured() {
        return payload;
    }

    /** Returns the credit now, or leaves it to the channel's batch that the process then settles. */
    @Override
    public Settlement taken(Settlement pending) {
        if (pending != null && pending != channel) {
            pending.settle();
        }
        return channel.taken(this) ? channel : null;
    }

    /** Pushed out of a DROP_OLDEST mailbox: returns the credit (the message is reported as dropped). */
    @Override
    public void displaced() {
        channel.creditReturned();
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
