package io.foundation.beam.internal.mailbox;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.SendResult;

/**
 * A process's queue of user messages: many producers, one consumer.
 *
 * <p>Threading contract: {@link #offer} may be called from any thread; {@link #poll}, {@link #discardAll} and
 * {@link #trim} only by the current consumer, which is whichever thread owns the process's scheduling state
 * (the process cell, in {@code internal.process}). {@link #size()} and {@link #isEmpty()} (consumer only) and {@link #size()} (any thread) follow.
 *
 * <p>{@link #isEmpty()} must be sequentially consistent with {@link #offer}: if a producer's offer completed before a
 * consumer's volatile write of the scheduling state, and the consumer then calls {@code isEmpty()}, it sees the
 * message (the "lost wake-up" check of the process cell).
 */
public abstract sealed class Mailbox permits ChunkedMailboxPad0, RingMailbox {

    /**
     * @param spec the mailbox spec
     * @param displaced told of each message DROP_OLDEST pushes out, on the sender's thread
     * @return a mailbox for the spec
     */
    public static Mailbox create(MailboxSpec spec, java.util.function.Consumer<Object> displaced) {
        return spec.overflowPolicy() == io.foundation.beam.mailbox.OverflowPolicy.DROP_OLDEST && spec.isBounded()
                ? new RingMailbox(spec.capacity(), displaced)
                : new ChunkedMailbox(spec);
    }

    /**
     * @param message the message
     * @param receiver the receiving process (BLOCK_SENDER must not wait when it sends to itself)
     * @return ACCEPTED, DROPPED_OLDEST (the displaced message went to the mailbox's listener), DROPPED_NEWEST,
     *     MAILBOX_FULL, or NO_SUCH_PROCESS when the sender waited for room (BLOCK_SENDER) and the receiver ended
     *     meanwhile (the message was not queued)
     */
    public abstract SendResult offer(Object message, MailboxOwner receiver);

    /**
     * @return the oldest message, or null if none can be taken now (consumer only). Null does not prove the mailbox
     *     empty: a message whose sender is still storing it is not returned yet; {@link #isEmpty()} is exact.
     */
    public abstract Object poll();

    /** @return whether no message is queued */
    public abstract boolean isEmpty();

    /**
     * A cheap check for spinning consumers: whether the next message can be taken now, reading (where the
     * mailbox allows) only memory the consumer reads anyway rather than the senders' hot fields. It may miss a
     * message whose sender is still storing it; only {@link #isEmpty()} is exact (consumer only).
     *
     * @return whether a message is ready
     */
    public boolean hasReadyMessage() {
        return !isEmpty();
    }

    /**
     * As {@link #hasReadyMessage()}, for the message after the next one: whether messages arrive faster than the
     * consumer takes them (consumer only).
     *
     * @return whether at least two messages are ready
     */
    public boolean hasTwoReadyMessages() {
        return size() >= 2;
    }

    /** @return messages queued now */
    public abstract int size();

    /**
     * Empties the mailbox (consumer only).
     *
     * @return the number of messages discarded
     */
    public abstract int discardAll();

    /** Releases buffers an idle mailbox does not need (consumer only). */
    public void trim() {
    }

    /**
     * Counts one message handed to the process's code (consumer only). Kept here, on the consumer's cache line,
     * rather than in the process record that every sender reads.
     */
    public abstract void delivered();

    /** @return messages handed to the process's code so far (any thread; a momentary figure) */
    public abstract long deliveredCount();

    /** @return the overflow policy (meaningless when unbounded) */
    public abstract io.foundation.beam.mailbox.OverflowPolicy policy();

    /** @return the capacity, or {@link MailboxSpec#UNBOUNDED} */
    public abstract int capacity();

    /** @return estimated bytes of the mailbox structure itself, excluding queued messages' nodes */
    public abstract long footprintBytes();

    /** @return estimated bytes per queued message of the queue structure (not the message) */
    public abstract long bytesPerMessage();
}
