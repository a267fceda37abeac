package io.foundation.beam.messages;

/** The outcome of one send through a {@link FlowChannel}. */
public enum FlowResult {
    /** In the receiver's mailbox, using one credit. */
    ACCEPTED,
    /** Held by the channel ({@link FlowStrategy#QUEUE}); it reaches the receiver as credits return. */
    QUEUED,
    /** Sent to an alternate receiver ({@link FlowStrategy#REDIRECT}). */
    REDIRECTED,
    /** Dropped for want of credit ({@link FlowStrategy#DROP}); counted and reported. */
    DROPPED,
    /** Refused: no credit, and the strategy could not take it (queue full, no alternate with credit). */
    BACKPRESSURE,
    /** The receiver has ended. */
    NO_SUCH_PROCESS;

    /** @return whether the message will reach a receiver */
    public boolean delivered() {
        return this == ACCEPTED || this == QUEUED || this == REDIRECTED;
    }
}
