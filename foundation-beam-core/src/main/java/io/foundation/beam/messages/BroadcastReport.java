package io.foundation.beam.messages;

import io.foundation.beam.process.ProcessRef;
import java.util.List;

/**
 * What became of a broadcast, receiver by receiver: nothing is dropped silently.
 *
 * @param reached receivers whose mailbox took the message (in a RING ecosystem: the route planned when it was sent,
 *     which the message then travels worker to worker)
 * @param full receivers whose bounded mailbox refused it
 * @param dead receivers that had ended
 * @param copies copies made for receivers with isolated heaps (0 when the message is immutable: every receiver then
 *     gets the same object)
 */
public record BroadcastReport(List<ProcessRef> reached, List<ProcessRef> full, List<ProcessRef> dead, int copies) {

    /** Copies the lists. */
    public BroadcastReport {
        reached = List.copyOf(reached);
        full = List.copyOf(full);
        dead = List.copyOf(dead);
    }

    /** @return how many receivers the message reached */
    public int reachedCount() {
        return reached.size();
    }

    /** @return whether every receiver was reached */
    public boolean complete() {
        return full.isEmpty() && dead.isEmpty();
    }
}
