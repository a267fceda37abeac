package io.foundation.beam.benchmarks;

import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;

/**
 * A handler-style consumer for the throughput benchmarks: a {@link Round} message starts a round, every other
 * message counts, and the round's future completes when the count reaches the round's size. It does nothing else
 * with the messages, so what is measured is the cost of moving them.
 *
 * <p>The fields are only touched by the process's own activations, which the runtime runs one at a time with a
 * happens-before edge between them (the scheduling-state CAS), so they need no synchronisation.
 */
final class CountingConsumer implements ProcessHandler {

    private Round round;
    private long count;

    @Override
    public Object handle(Object message, ProcessContext context) {
        if (message instanceof Round r) {
            round = r;
            count = 0;
            return null;
        }
        if (++count == round.expected()) {
            round.done().complete(count);
        }
        return null;
    }
}
