package io.foundation.beam;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that only moves when a test advances it. */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** A ticker at one second. */
    public ManualTicker() {
    }

    @Override
    public long read() {
        return nanos.get();
    }

    /** @param d how far to move time forward */
    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
