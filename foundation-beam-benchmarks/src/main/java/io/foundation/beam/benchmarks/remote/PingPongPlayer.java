package io.foundation.beam.benchmarks.remote;

import java.util.function.LongConsumer;

/**
 * The pinger's half of ping-pong, the same code on both systems: one ball in play; when it comes back, the round
 * trip (from just before the send to the return's arrival in the pinger's handler) goes to the {@link LatencyProbe}
 * and the next ball is served at once, until the driver says stop. The ponger returns each ball unchanged. Not
 * thread-safe: called by the one process or actor that pings.
 */
final class PingPongPlayer {

    private final LatencyProbe probe;
    private long seq;
    private long sentAt;

    /** @param probe where round trips are recorded, and whence the stop comes */
    PingPongPlayer(LatencyProbe probe) {
        this.probe = probe;
    }

    /**
     * The handshake is done: serves the first ball.
     *
     * @param send sends the ball of this number
     */
    void start(LongConsumer send) {
        probe.markStarted();
        serve(send);
    }

    /**
     * A ball came back.
     *
     * @param returned its number
     * @param send sends the ball of this number
     */
    void onBall(long returned, LongConsumer send) {
        long now = System.nanoTime();
        if (returned != seq) {
            probe.fail("ball " + returned + " came back while ball " + seq + " was in play");
            return;
        }
        probe.record(now - sentAt);
        if (!probe.stopped()) {
            serve(send);
        }
    }

    private void serve(LongConsumer send) {
        seq++;
        sentAt = System.nanoTime();
        send.accept(seq);
    }
}
