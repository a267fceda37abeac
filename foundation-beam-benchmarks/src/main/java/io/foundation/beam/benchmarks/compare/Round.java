package io.foundation.beam.benchmarks.compare;

import java.util.concurrent.CompletableFuture;

/**
 * Starts one benchmark round at a counting consumer (a process or an actor): the consumer resets its count and
 * completes {@code done} when it has received {@code expected} further messages. The same record is used by both
 * systems.
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
