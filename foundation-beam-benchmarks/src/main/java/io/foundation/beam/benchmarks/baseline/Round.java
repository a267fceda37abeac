package io.foundation.beam.benchmarks.baseline;

import java.util.concurrent.CompletableFuture;

/**
 * Starts one benchmark round at a counting consumer: the consumer resets its count and completes {@code done} when it
 * has received {@code expected} further messages (as {@code io.foundation.beam.benchmarks.Round}).
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
