package io.foundation.beam.messages;

/**
 * Counters of a {@link FlowChannel} since it was opened (a momentary, not atomic, view).
 *
 * @param accepted messages that took a credit of the main receiver
 * @param queued messages the channel held for later ({@link FlowStrategy#QUEUE})
 * @param redirected messages sent to an alternate
 * @param dropped messages dropped ({@link FlowStrategy#DROP})
 * @param refused sends refused with backpressure
 * @param retries retries made by blocking sends waiting for credit
 * @param inFlight credits in use: messages now in the main receiver's mailbox, and taken ones not yet returned
 * @param waiting messages now held by the channel
 * @param limit the channel's limit now ({@link FlowChannel#limit()})
 * @param limitChanges times the adaptive limit changed (0 for a fixed window)
 */
public record FlowStats(long accepted, long queued, long redirected, long dropped, long refused, long retries,
        int inFlight, int waiting, int limit, long limitChanges) {
}
