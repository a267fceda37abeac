package io.foundation.beam.messages;

import io.foundation.beam.process.ProcessRef;

/**
 * A credit-based, flow-controlled way to send to one process: the JVM analogue of a demand-driven stream between two
 * Erlang processes. Open one with {@link io.foundation.beam.BeamRuntime#openFlow}; see {@link FlowControl} for the
 * model. Thread-safe: many threads may send through one channel (they share its credits).
 *
 * <p>The receiver needs no code for it: its handler (or {@code receive}) gets the plain message, and the credit goes
 * back as it takes it. Messages of one channel reach the main receiver in the order they were sent (a queued message
 * goes before any later one); redirected ones go to an alternate instead.
 */
public interface FlowChannel {

    /** @return the main receiver */
    ProcessRef receiver();

    /**
     * Sends without waiting: with a credit, into the receiver's mailbox; without one, as the strategy says.
     *
     * @param message the message, not null
     * @return what happened to it; never silent: every outcome other than ACCEPTED, QUEUED and REDIRECTED is counted
     *     in {@link #stats()} and reported to the runtime's listeners
     */
    FlowResult trySend(Object message);

    /**
     * Sends, waiting for a credit through the configured retries (each wait doubles; a returning credit ends it
     * early), then applying the strategy.
     *
     * @param message the message, not null
     * @return ACCEPTED, QUEUED, REDIRECTED or DROPPED
     * @throws BackpressureException if no credit came and the strategy could not take the message
     * @throws io.foundation.beam.process.NoSuchProcessException if the receiver has ended
     */
    FlowResult send(Object message);

    /**
     * @return credits left now: the {@link #limit()} minus the channel's messages in the receiver's mailbox and those
     *     it took whose credit is not yet back (see {@link FlowControl}), never negative
     */
    int credits();

    /**
     * @return the most messages the channel lets into the receiver's mailbox now: the window, or, with an
     *     {@linkplain FlowControl#adaptive adaptive limit}, what it has adapted to (1 to the window)
     */
    int limit();

    /** @return the channel's settings */
    FlowControl control();

    /** @return the channel's counters */
    FlowStats stats();
}
