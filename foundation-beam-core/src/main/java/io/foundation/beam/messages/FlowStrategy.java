package io.foundation.beam.messages;

/** What a {@link FlowChannel} does with a message when the receiver has no credit left for it. */
public enum FlowStrategy {
    /** Refuse it: {@link FlowResult#BACKPRESSURE} from {@code trySend}, {@link BackpressureException} from {@code send}. */
    REJECT,
    /** Drop the message; it is counted and reported ({@link FlowResult#DROPPED}). */
    DROP,
    /**
     * Hold it in the channel, in order, up to {@link FlowControl#queueLimit()} messages; they go to the receiver as
     * credits return. A full queue is backpressure.
     */
    QUEUE,
    /** Send it through one of the channel's alternates that has credit; if none has, backpressure. */
    REDIRECT
}
