package io.foundation.beam.mailbox;

/**
 * Priority of a user message. System signals (exit signals, kills, monitor notifications) always come first; then
 * {@link #HIGH} messages, in the order they were sent; then the mailbox's {@link #NORMAL} messages.
 */
public enum Priority {
    /**
     * Overtakes every queued normal message (for control messages that must not wait behind a backlog). High
     * messages are not bounded by the mailbox capacity: keep them few.
     */
    HIGH,
    /** The mailbox's order and bounds. */
    NORMAL
}
