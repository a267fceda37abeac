package io.foundation.beam.benchmarks.compare;

/**
 * One system's implementation of a comparison workload: built per JMH trial (processes or actors started), run once
 * per benchmark invocation, closed at the end of the trial. Each workload has a Foundation BEAM side and a Pekko side
 * with the same message flow; a fork only ever loads one of them, so the call through this interface stays
 * monomorphic.
 */
interface Side extends AutoCloseable {

    /**
     * Runs one round of the workload and waits until it has completely finished (every message consumed, every
     * result received).
     *
     * @return a figure from the round (a count or a checksum), for JMH to consume
     */
    long round();

    /** Stops the side's processes or actors (and fails if the Pekko side lost a message). */
    @Override
    void close();
}
