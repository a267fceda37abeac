package io.foundation.beam.messages;

import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a credit-based {@link FlowChannel}.
 *
 * <p>A channel starts with {@code window} credits. Each message sent through it takes one; the receiver gives it back
 * when it takes the message from its mailbox (handing it to its handler or to {@code receive}). So a channel never
 * has more than {@code window} messages waiting in the receiver's mailbox, however fast its sender is. Without
 * credit, a blocking send retries {@code maxRetries} times, waiting {@code initialRetryDelay} and doubling the wait
 * each time (it is woken early when a credit returns), and then applies the {@code strategy}.
 *
 * <p>The receiver returns credits in batches of up to {@code max(1, window / 8)} while it works through a backlog,
 * and all of them as soon as its mailbox is empty: a busy receiver may hold back up to that many credits of messages
 * it has already taken, never more.
 *
 * <p><b>Adaptive limit.</b> With a {@code targetQueueWait} ({@link #adaptive(Duration)}), the channel measures how long
 * its messages wait in the receiver's mailbox and adapts the credits it lets out (its {@link FlowChannel#limit()},
 * between 1 and the window): a quarter fewer after a period whose mean wait was above the target, an eighth more
 * after one at or below half of it. A period is half the current limit, between 1 and 64 messages. The rate a sender
 * gets then follows the receiver's pace (about {@code limit / wait} messages per second, by Little's law) and a slow
 * receiver's messages wait about the target rather than as long as a full window takes to drain. The wait is read
 * from the runtime's {@link io.foundation.beam.Ticker} on both sides.
 *
 * @param window credits: the most messages of this channel waiting in the receiver's mailbox (default 1000)
 * @param maxRetries retries of a blocking send without credit (default 5)
 * @param initialRetryDelay the first retry's wait, doubled for each next one (default 1 ms)
 * @param strategy what to do with a message for which no credit came (default {@link FlowStrategy#REJECT})
 * @param queueLimit for {@link FlowStrategy#QUEUE}: the most messages the channel holds (default 1000)
 * @param alternates for {@link FlowStrategy#REDIRECT}: the other receivers, tried in order, each with its own window
 * @param targetQueueWait the mailbox wait the adaptive limit aims at, or null for a fixed window (the default)
 */
public record FlowControl(int window, int maxRetries, Duration initialRetryDelay, FlowStrategy strategy,
        int queueLimit, List<ProcessRef> alternates, Duration targetQueueWait) {

    /** The default window and queue limit, as the original design's queue limit. */
    public static final int DEFAULT_WINDOW = 1000;

    /**
     * @throws IllegalArgumentException if the window or queue limit is below 1, the retries negative, the delay
     *     negative, REDIRECT has no alternates, or the target wait is zero or negative
     */
    public FlowControl {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 credit, got " + window);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        Objects.requireNonNull(initialRetryDelay, "initialRetryDelay");
        if (initialRetryDelay.isNegative()) {
            throw new IllegalArgumentException("initialRetryDelay must not be negative, got " + initialRetryDelay);
        }
        Objects.requireNonNull(strategy, "strategy");
        if (queueLimit < 1) {
            throw new IllegalArgumentException("queueLimit must be at least 1, got " + queueLimit);
        }
        alternates = List.copyOf(alternates);
        if (strategy == FlowStrategy.REDIRECT && alternates.isEmpty()) {
            throw new IllegalArgumentException("strategy REDIRECT needs at least one alternate receiver");
        }
        if (targetQueueWait != null && (targetQueueWait.isNegative() || targetQueueWait.isZero())) {
            throw new IllegalArgumentException("targetQueueWait must be positive, got " + targetQueueWait);
        }
    }

    /** @return window 1000, 5 retries from 1 ms doubling, REJECT */
    public static FlowControl defaults() {
        return new FlowControl(DEFAULT_WINDOW, 5, Duration.ofMillis(1), FlowStrategy.REJECT, DEFAULT_WINDOW,
                List.of(), null);
    }

    /**
     * @param credits the window
     * @return a copy with it
     */
    public FlowControl withWindow(int credits) {
        return new FlowControl(credits, maxRetries, initialRetryDelay, strategy, queueLimit, alternates, targetQueueWait);
    }

    /**
     * @param retries retries of a blocking send
     * @param firstDelay the first retry's wait (doubled each time)
     * @return a copy with them
     */
    public FlowControl withRetries(int retries, Duration firstDelay) {
        return new FlowControl(window, retries, firstDelay, strategy, queueLimit, alternates, targetQueueWait);
    }

    /** @return a copy that drops messages without credit */
    public FlowControl dropping() {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.DROP, queueLimit, List.of(),
                targetQueueWait);
    }

    /**
     * @param limit the most messages the channel holds
     * @return a copy that queues messages without credit in the channel
     */
    public FlowControl queueing(int limit) {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.QUEUE, limit, List.of(),
                targetQueueWait);
    }

    /**
     * @param others receivers to try, in order, when the main one has no credit
     * @return a copy that redirects
     */
    public FlowControl redirectingTo(List<ProcessRef> others) {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.REDIRECT, queueLimit, others,
                targetQueueWait);
    }

    /**
     * @param target the mailbox wait to aim at: the channel lets out fewer credits while its messages wait longer,
     *     more while they wait less than half of it (never more than the window)
     * @return a copy with an adaptive limit
     * @throws IllegalArgumentException if the target is null, zero or negative
     */
    public FlowControl adaptive(Duration target) {
        Objects.requireNonNull(target, "target");
        return new FlowControl(window, maxRetries, initialRetryDelay, strategy, queueLimit, alternates, target);
    }
}
