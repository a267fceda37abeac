package io.foundation.beam.cluster.internal.ecosystem;

import java.util.concurrent.atomic.LongAdder;

/**
 * What this node's coordinator of a distributed ecosystem reports, for the handle's views: written by the coordinator
 * process (one at a time), read from any thread. Plain volatile counts: a reader may see a mix of two updates, which
 * views tolerate.
 */
final class CoordinatorStats {

    private volatile long runningEpoch;
    private volatile int waiting;
    private volatile int inFlight;
    private volatile int agents;
    private final LongAdder dispatched = new LongAdder();
    private final LongAdder redispatched = new LongAdder();

    void started(long epoch) {
        runningEpoch = epoch;
    }

    void stopped(long epoch) {
        if (runningEpoch == epoch) {
            runningEpoch = 0;
            waiting = 0;
            inFlight = 0;
            agents = 0;
        }
    }

    void update(int waiting, int inFlight, int agents) {
        this.waiting = waiting;
        this.inFlight = inFlight;
        this.agents = agents;
    }

    void dispatched() {
        dispatched.increment();
    }

    void redispatched() {
        redispatched.increment();
    }

    /** @return the epoch of the coordinator running on this node, or 0 if none runs here */
    long runningEpoch() {
        return runningEpoch;
    }

    int waiting() {
        return waiting;
    }

    int inFlight() {
        return inFlight;
    }

    int agents() {
        return agents;
    }

    long dispatchedCount() {
        return dispatched.sum();
    }

    long redispatchedCount() {
        return redispatched.sum();
    }
}
