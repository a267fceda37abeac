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
 * @param inFlight messages now in the main receiver's mailbox (credits in use)
 * @param waiting messages now held by the channel
 */
public record FlowStats(long accepted, long queued, long redirected, long dropped, long refused, long retries,
        int inFlight, int waiting) {
}
