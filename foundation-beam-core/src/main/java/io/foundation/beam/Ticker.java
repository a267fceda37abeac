package io.foundation.beam;

/**
 * A monotonic time source, in nanoseconds, injected into a runtime so that tests can advance time by
 * hand instead of sleeping. Only differences between two readings are meaningful.
 */
@FunctionalInterface
public interface Ticker {

    /** @return the current reading in nanoseconds; only differences between readings are meaningful */
    long read();

    /** @return the ticker backed by {@link System#nanoTime()} */
    static Ticker system() {
        return System::nanoTime;
    }
}
