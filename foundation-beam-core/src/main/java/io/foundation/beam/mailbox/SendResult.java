package io.foundation.beam.mailbox;

/** The outcome of {@code ProcessRef.trySend}. */
public enum SendResult {
    /** The message was queued. */
    ACCEPTED,
    /** The message was queued and, the mailbox being full, its oldest message was dropped (policy DROP_OLDEST). */
    DROPPED_OLDEST,
    /** The mailbox was full and the message was dropped (policy DROP_NEWEST). */
    DROPPED_NEWEST,
    /** The mailbox was full and refused the message (policy REJECT, or BLOCK_SENDER after its timeout). */
    MAILBOX_FULL,
    /** The process has ended (the message was counted as a dead letter). */
    NO_SUCH_PROCESS;

    /** @return whether the message itself was queued */
    public boolean isAccepted() {
        return this == ACCEPTED || this == DROPPED_OLDEST;
    }
}
