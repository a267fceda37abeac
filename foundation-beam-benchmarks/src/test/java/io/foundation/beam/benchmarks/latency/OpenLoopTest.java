package io.foundation.beam.benchmarks.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The open loop sees a stall as latency for every request due during it (no coordinated omission): a pause of 100 ms,
 * once, in the middle of a 1 s window at 5 000 requests/s, must delay about 500 requests by 0 to 100 ms, about 250 of
 * them by more than 50 ms; whether the server stalls or the producer itself is held up (as by a stop-the-world pause
 * or a blocking send). Measuring from the actual send time instead records a single slow request in the second case
 * (checked by hand: that variant fails the second test with "1 requests above 50 ms"). Load on the machine can only
 * add latency, so the assertions are lower bounds (plus the request count, which is exact).
 */
class OpenLoopTest {

    /** A server on one platform thread that answers at once, except for the armed stall. */
    private static final class StallingServer implements LatencyTarget {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Stall stall;

        StallingServer(Stall stall) {
            this.stall = stall;
        }

        @Override
        public void send(long intendedNanos, ReplySink sink) {
            thread.execute(() -> {
                stall.check(intendedNanos);
                sink.replied(intendedNanos);
            });
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    /**
     * A send that blocks the producer once (as a stop-the-world pause or a blocking mailbox would) and is answered on
     * the spot: only measuring from the intended time sees the requests due during the block as late.
     */
    private static final class BlockingSend implements LatencyTarget {
        private final Stall stall;

        BlockingSend(Stall stall) {
            this.stall = stall;
        }

        @Override
        public void send(long intendedNanos, ReplySink sink) {
            stall.check(intendedNanos);
            sink.replied(intendedNanos);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStalledServerDelaysEveryRequestDueDuringTheStall() {
        Stall stall = new Stall(100);
        try (GcPauses gc = new GcPauses(); StallingServer server = new StallingServer(stall)) {
            assertStallSeen(new OpenLoop(server, 5_000, Duration.ofMillis(200), Duration.ofSeconds(1)), gc, stall);
        }
    }

    @Test
    void aBlockedProducerCountsAsLatencyForTheRequestsItShouldHaveSent() {
        Stall stall = new Stall(100);
        try (GcPauses gc = new GcPauses(); BlockingSend target = new BlockingSend(stall)) {
            assertStallSeen(new OpenLoop(target, 5_000, Duration.ofMillis(200), Duration.ofSeconds(1)), gc, stall);
        }
    }

    private static void assertStallSeen(OpenLoop loop, GcPauses gc, Stall stall) {
        OpenLoop.Outcome o = loop.run(gc, stall);
        Histogram h = o.latency();
        assertTrue(stall.fired(), "the stall did not fire");
        assertEquals(5_000, o.count());
        assertEquals(5_000, h.getTotalCount());
        assertEquals(0, o.missing());
        assertTrue(h.getMaxValue() >= 95_000_000L, "max " + h.getMaxValue() + " ns, expected about 100 ms");
        long over50ms = h.getTotalCount() - h.getCountBetweenValues(0, 50_000_000L);
        assertTrue(over50ms >= 200, over50ms + " requests above 50 ms, expected about 250");
    }
}
