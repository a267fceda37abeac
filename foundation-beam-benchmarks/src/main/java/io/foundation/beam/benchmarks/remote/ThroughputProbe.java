package io.foundation.beam.benchmarks.remote;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the driver's main thread sees of a running 1->1 stream: how many messages the receiver has acknowledged so
 * far, whether the stream has started, and a failure if there was one; and how it tells the sender to stop.
 *
 * <p>The sender (a process or an actor) is the only writer of {@link #acked}; the driver samples it at the start and
 * end of each iteration, so a rate is (acked at end - acked at start) / elapsed time, exact to one acknowledgement
 * batch.
 */
final class ThroughputProbe extends WorkloadProbe {

    private final AtomicLong acked = new AtomicLong();

    /** @return messages acknowledged by the receiver so far */
    long acked() {
        return acked.get();
    }

    /** @param received the receiver's latest count */
    void acked(long received) {
        acked.set(received);
    }
}
