package io.foundation.beam.test;

import io.foundation.beam.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when the test advances it: give it to {@code BeamRuntime.builder().ticker(...)} and
 * time-based behaviour (restart intensity windows, hibernation after idle time, analytics waits) happens when the
 * test says, not after a sleep.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos;

    /** A ticker at one second (any start will do: only differences between readings mean anything). */
    public ManualTicker() {
        this(Duration.ofSeconds(1));
    }

    /**
     * @param start the first reading
     */
    public ManualTicker(Duration start) {
        this.nanos = new AtomicLong(Objects.requireNonNull(start, "start").toNanos());
    }

    @Override
    public long read() {
        return nanos.get();
    }

    /**
     * Moves time forward.
     *
     * @param by how far
     * @throws IllegalArgumentException if {@code by} is negative (a monotonic clock does not go back)
     */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("a ticker only moves forward; advance(" + by + ") would go back");
        }
        nanos.addAndGet(by.toNanos());
    }
}
