package io.foundation.beam.benchmarks.remote;

/**
 * Node A of one run, on one system: it starts the workload's active half (the sender or the pinger) against node B's
 * passive half, which {@link PeerMain} has started in the child JVM. The workload then runs on its own until the
 * probe says stop.
 */
interface DriverSide extends AutoCloseable {

    /**
     * Starts a sender that streams {@link RemoteMessages.Data} to node B's receiver.
     *
     * @param probe where acknowledgements are published
     */
    void startThroughput(ThroughputProbe probe);

    /**
     * Starts a pinger that plays ping-pong with node B's ponger.
     *
     * @param probe where round trips are recorded
     */
    void startPingPong(LatencyProbe probe);

    /** Leaves the cluster or terminates the actor system; bounded. */
    @Override
    void close();
}
