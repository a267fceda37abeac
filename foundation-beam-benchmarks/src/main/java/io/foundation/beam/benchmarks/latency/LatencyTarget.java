package io.foundation.beam.benchmarks.latency;

/**
 * One system's side of one workload: sends a request and arranges for its reply to reach the given sink. Built once
 * per JVM (the program measures one system and one workload per JVM), used by one producer thread, closed at the end.
 */
interface LatencyTarget extends AutoCloseable {

    /**
     * Sends one request; returns without waiting for the reply.
     *
     * @param intendedNanos the request's intended send time, carried to the reply
     * @param sink where the reply is reported
     */
    void send(long intendedNanos, ReplySink sink);

    /** Stops the processes or actors (and fails if the Pekko side lost a message). */
    @Override
    void close();
}
