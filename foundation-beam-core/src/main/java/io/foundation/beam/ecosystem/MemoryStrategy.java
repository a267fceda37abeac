package io.foundation.beam.ecosystem;

/**
 * How messages cross process boundaries inside an ecosystem: the JVM translation of the BEAM's per-process heaps.
 */
public enum MemoryStrategy {
    /**
     * Share nothing, enforced (the default): a message sent to a member of the ecosystem is passed by reference only
     * if it is deeply immutable; otherwise it is deep-copied; a mutable message that cannot be copied is rejected
     * with a {@code MessageIsolationException}. A receiver can never see a sender's later mutation.
     */
    ISOLATED_HEAPS,
    /**
     * Messages are passed by reference: faster (no checks, no copies), at the documented risk that a sender mutating
     * a message after sending it is seen by the receiver.
     */
    SHARED_HEAP
}
