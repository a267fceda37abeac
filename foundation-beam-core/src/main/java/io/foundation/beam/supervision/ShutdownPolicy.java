package io.foundation.beam.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child: OTP's {@code shutdown} child flag. The supervisor sends the child a
 * {@code shutdown} exit signal and waits for it to end; {@link Timeout} then kills it, {@link Infinity} waits as long
 * as it takes (the default for child supervisors), and {@link BrutalKill} kills at once.
 */
public sealed interface ShutdownPolicy {

    /** The default for workers: 5 seconds, as in OTP. */
    ShutdownPolicy WORKER_DEFAULT = new Timeout(Duration.ofSeconds(5));

    /**
     * @param timeout how long the child gets to end after the shutdown signal
     * @return wait that long, then kill
     */
    static ShutdownPolicy timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /** @return kill at once */
    static ShutdownPolicy brutalKill() {
        return new BrutalKill();
    }

    /** @return wait without limit (for child supervisors, whose own children need time) */
    static ShutdownPolicy infinity() {
        return new Infinity();
    }

    /**
     * Send shutdown, wait up to {@code timeout}, then kill.
     *
     * @param timeout the wait, not negative
     */
    record Timeout(Duration timeout) implements ShutdownPolicy {
        /** @throws IllegalArgumentException if negative */
        public Timeout {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shutdown timeout must not be negative, got " + timeout);
            }
        }
    }

    /** Kill at once. */
    record BrutalKill() implements ShutdownPolicy {
    }

    /** Send shutdown and wait without limit. */
    record Infinity() implements ShutdownPolicy {
    }
}
