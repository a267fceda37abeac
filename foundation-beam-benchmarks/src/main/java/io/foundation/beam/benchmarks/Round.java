package io.foundation.beam.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * Starts one benchmark round at a {@link CountingConsumer}: the consumer resets its count and completes
 * {@code done} when it has received {@code expected} further messages.
 *
 * @param expected the number of messages that make up the round
 * @param done completed by the consumer with the count once the last message has been handled
 */
record Round(long expected, CompletableFuture<Long> done) {

    /**
     * @param expected the number of messages that make up the round
     * @return a fresh round
     */
    static Round of(long expected) {
        return new Round(expected, new CompletableFuture<>());
    }
}
