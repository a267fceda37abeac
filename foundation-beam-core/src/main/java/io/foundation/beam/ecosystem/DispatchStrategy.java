package io.foundation.beam.ecosystem;

/** How the default coordinator picks a worker for submitted work. */
public enum DispatchStrategy {
    /** Each live worker in turn. */
    ROUND_ROBIN,
    /** The live worker with the fewest items in flight (queued or being handled). */
    LEAST_LOADED,
    /**
     * By the hash of the work's key: one key always goes to the same worker (index), so work with the same key is
     * handled in submission order. Work submitted without a key falls back to round-robin.
     */
    KEY_HASH
}
