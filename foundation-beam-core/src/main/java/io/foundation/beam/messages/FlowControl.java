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
 * @param window credits: the most messages of this channel waiting in the receiver's mailbox (default 1000)
 * @param maxRetries retries of a blocking send without credit (default 5)
 * @param initialRetryDelay the first retry's wait, doubled for each next one (default 1 ms)
 * @param strategy what to do with a message for which no credit came (default {@link FlowStrategy#REJECT})
 * @param queueLimit for {@link FlowStrategy#QUEUE}: the most messages the channel holds (default 1000)
 * @param alternates for {@link FlowStrategy#REDIRECT}: the other receivers, tried in order, each with its own window
 */
public record FlowControl(int window, int maxRetries, Duration initialRetryDelay, FlowStrategy strategy,
        int queueLimit, List<ProcessRef> alternates) {

    /** The default window and queue limit, as the original design's queue limit. */
    public static final int DEFAULT_WINDOW = 1000;

    /**
     * @throws IllegalArgumentException if the window or queue limit is below 1, the retries negative, the delay
     *     negative, or REDIRECT has no alternates
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
    }

    /** @return window 1000, 5 retries from 1 ms doubling, REJECT */
    public static FlowControl defaults() {
        return new FlowControl(DEFAULT_WINDOW, 5, Duration.ofMillis(1), FlowStrategy.REJECT, DEFAULT_WINDOW,
                List.of());
    }

    /**
     * @param credits the window
     * @return a copy with it
     */
    public FlowControl withWindow(int credits) {
        return new FlowControl(credits, maxRetries, initialRetryDelay, strategy, queueLimit, alternates);
    }

    /**
     * @param retries retries of a blocking send
     * @param firstDelay the first retry's wait (doubled each time)
     * @return a copy with them
     */
    public FlowControl withRetries(int retries, Duration firstDelay) {
        return new FlowControl(window, retries, firstDelay, strategy, queueLimit, alternates);
    }

    /** @return a copy that drops messages without credit */
    public FlowControl dropping() {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.DROP, queueLimit, List.of());
    }

    /**
     * @param limit the most messages the channel holds
     * @return a copy that queues messages without credit in the channel
     */
    public FlowControl queueing(int limit) {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.QUEUE, limit, List.of());
    }

    /**
     * @param others receivers to try, in order, when the main one has no credit
     * @return a copy that redirects
     */
    public FlowControl redirectingTo(List<ProcessRef> others) {
        return new FlowControl(window, maxRetries, initialRetryDelay, FlowStrategy.REDIRECT, queueLimit, others);
    }
}
