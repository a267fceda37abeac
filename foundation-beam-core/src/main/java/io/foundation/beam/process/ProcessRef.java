package io.foundation.beam.process;

import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.mailbox.SendResult;
import java.util.Optional;

/**
 * A process identifier (pid): a lightweight handle to a process that stays valid, and comparable, after the
 * process has ended. Its {@link #toString()} is unique and printable, e.g. {@code <beam.42>}.
 *
 * <p>Thread-safety: every method may be called from any thread, inside or outside a process.
 */
public interface ProcessRef {

    /** @return the number that identifies this process within its runtime (never reused) */
    long id();

    /**
     * Sends a message asynchronously. Messages from one sender to one receiver arrive in the order they were sent.
     * Sending to a process that has ended is not an error (it may end at any moment anyway): the message is counted
     * as a dead letter and reported to telemetry listeners.
     *
     * <p>On a bounded mailbox that is full the overflow policy applies: {@code DROP_NEWEST} and {@code DROP_OLDEST}
     * drop a message (counted and reported), {@code REJECT} throws, {@code BLOCK_SENDER} waits up to the mailbox's
     * timeout and then throws.
     *
     * @param message the message, never null
     * @throws NullPointerException if {@code message} is null
     * @throws MailboxFullException if the mailbox rejected the message
     */
    void send(Object message);

    /**
     * Sends a message and says what became of it, never throwing for a full mailbox or a dead process.
     * {@code BLOCK_SENDER} mailboxes wait up to their timeout, as with {@link #send(Object)}.
     *
     * @param message the message, never null
     * @return the outcome
     * @throws NullPointerException if {@code message} is null
     */
    SendResult trySend(Object message);

    /**
     * Sends a message with a priority: a {@link io.foundation.beam.mailbox.Priority#HIGH} message is handled after
     * any pending system signals and before every queued normal message, even behind a backlog of millions; high
     * messages keep their order among themselves. A normal one is the same as {@link #trySend(Object)}.
     *
     * @param message the message, never null
     * @param priority its priority
     * @return the outcome (a high message is never refused for a full mailbox)
     * @throws NullPointerException if an argument is null
     */
    SendResult trySend(Object message, io.foundation.beam.mailbox.Priority priority);

    /** @return whether the process is still alive (a momentary answer) */
    boolean isAlive();

    /** @return why the process ended, or empty while it is alive */
    Optional<ExitReason> exitReason();
}
