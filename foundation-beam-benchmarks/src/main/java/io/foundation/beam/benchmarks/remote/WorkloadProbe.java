package io.foundation.beam.benchmarks.remote;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the driver's main thread and a running workload (a process or an actor on node A) share, whatever the
 * workload: whether it has started, the first failure, and the driver's order to stop. {@link ThroughputProbe} and
 * {@link LatencyProbe} add the workload's figures.
 */
abstract class WorkloadProbe {

    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** The handshake is done: the workload starts. */
    final void markStarted() {
        started.countDown();
    }

    /** @return counted down when the workload starts */
    final CountDownLatch started() {
        return started;
    }

    /** @param why the first failure is kept */
    final void fail(String why) {
        failure.compareAndSet(null, why);
    }

    /** @return the failure, or null */
    final String failure() {
        return failure.get();
    }

    /** Tells the workload's active side to stop. */
    final void stop() {
        stopped = true;
    }

    /** @return whether the workload's active side must stop */
    final boolean stopped() {
        return stopped;
    }
}
