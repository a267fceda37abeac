package io.foundation.beam.mailbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a process's mailbox is sized: unbounded (Erlang's default), or bounded with an {@link OverflowPolicy}.
 *
 * @param capacity the most messages queued at once, or {@link #UNBOUNDED}
 * @param overflowPolicy what to do with a message that finds the mailbox full (ignored when unbounded)
 * @param sendTimeout how long {@link OverflowPolicy#BLOCK_SENDER} makes a sender wait (zero for other policies)
 */
public record MailboxSpec(int capacity, OverflowPolicy overflowPolicy, Duration sendTimeout) {

    /** The capacity of an unbounded mailbox. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final MailboxSpec UNBOUNDED_SPEC = new MailboxSpec(UNBOUNDED, OverflowPolicy.REJECT, Duration.ZERO);

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException if {@code capacity} is below 1, or the timeout is negative
     * @throws NullPointerException if an argument is null
     */
    public MailboxSpec {
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (capacity < 1) {
            throw new IllegalArgumentException("mailbox capacity must be at least 1 (or UNBOUNDED), got " + capacity);
        }
        if (sendTimeout.isNegative()) {
            throw new IllegalArgumentException("mailbox send timeout must not be negative, got " + sendTimeout);
        }
    }

    /** @return an unbounded mailbox */
    public static MailboxSpec unbounded() {
        return UNBOUNDED_SPEC;
    }

    /**
     * @param capacity the most messages queued at once, at least 1
     * @param policy {@link OverflowPolicy#REJECT}, {@link OverflowPolicy#DROP_NEWEST} or {@link OverflowPolicy#DROP_OLDEST}
     * @return a bounded mailbox
     * @throws IllegalArgumentException if {@code capacity} is below 1, or {@code policy} is BLOCK_SENDER (use
     *     {@link #blocking(int, Duration)}, which needs a timeout)
     */
    public static MailboxSpec bounded(int capacity, OverflowPolicy policy) {
        if (policy == OverflowPolicy.BLOCK_SENDER) {
            throw new IllegalArgumentException("BLOCK_SENDER needs a send timeout: use MailboxSpec.blocking(capacity, timeout)");
        }
        return new MailboxSpec(capacity, policy, Duration.ZERO);
    }

    /**
     * @param capacity the most messages queued at once, at least 1
     * @param sendTimeout how long a sender waits for room before its message is rejected
     * @return a bounded mailbox whose senders wait for room
     * @throws IllegalArgumentException if {@code capacity} is below 1 or the timeout is negative
     */
    public static MailboxSpec blocking(int capacity, Duration sendTimeout) {
        return new MailboxSpec(capacity, OverflowPolicy.BLOCK_SENDER, sendTimeout);
    }

    /** @return whether the mailbox has a capacity limit */
    public boolean isBounded() {
        return capacity != UNBOUNDED;
    }
}
