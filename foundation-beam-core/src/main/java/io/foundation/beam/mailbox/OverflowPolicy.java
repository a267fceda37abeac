package io.foundation.beam.mailbox;

/**
 * What a bounded mailbox does with a message that arrives when it is full. Every dropped or rejected message is
 * counted in the process's introspection and reported to telemetry listeners; none disappears silently.
 */
public enum OverflowPolicy {
    /** Refuse the new message: {@code send} throws {@link MailboxFullException}, {@code trySend} says {@link SendResult#MAILBOX_FULL}. */
    REJECT,
    /** Drop the new message and keep the queue as it is ({@link SendResult#DROPPED_NEWEST}). */
    DROP_NEWEST,
    /** Accept the new message and drop the oldest queued one to make room ({@link SendResult#DROPPED_OLDEST}). */
    DROP_OLDEST,
    /**
     * Make the sender wait, up to the mailbox's send timeout, for room; then behave as {@link #REJECT}. A process that
     * sends to itself is never blocked (it would wait for itself): it is rejected at once.
     */
    BLOCK_SENDER
}
