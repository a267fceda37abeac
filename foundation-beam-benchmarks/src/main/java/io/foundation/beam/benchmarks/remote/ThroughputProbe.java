package io.foundation.beam.benchmarks.remote;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the driver's main thread sees of a running 1->1 stream: how many messages the receiver has acknowledged so
 * far, whether the stream has started, and a failure if there was one; and how it tells the sender to stop.
 *
 * <p>The sender (a process or an actor) is the only writer of {@link #acked}; the driver samples it at the start and
 * end of each iteration, so a rate is (acked at end - acked at start) / elapsed time, exact to one acknowledgement
 * batch.
 */
final class ThroughputProbe {

    private final AtomicLong acked = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** @return messages acknowledged by the receiver so far */
    long acked() {
        return acked.get();
    }

    /** @param received the receiver's latest count */
    void acked(long received) {
        acked.set(received);
    }

    /** The handshake is done: the stream starts. */
    void markStarted() {
        started.countDown();
    }

    /** @return counted down when the stream starts */
    CountDownLatch started() {
        return started;
    }

    /** @param why the first failure is kept */
    void fail(String why) {
        failure.compareAndSet(null, why);
    }

    /** @return the failure, or null */
    String failure() {
        return failure.get();
    }

    /** Tells the sender to send no more. */
    void stop() {
        stopped = true;
    }

    /** @return whether the sender must stop */
    boolean stopped() {
        return stopped;
    }
}
