package io.foundation.beam.telemetry;

/**
 * How a piece of work submitted to an ecosystem ({@code Ecosystem.submit}) ended: each submission ends exactly once,
 * in one of these, reported by one {@link BeamEvent.WorkProcessed} event. A worker crash that sends the work to another
 * worker is not an end ({@link BeamEvent.WorkRedistributed}); the item's later end is.
 */
public enum WorkOutcome {

    /** A worker ran the work and returned normally: its future completed with the result. */
    SUCCEEDED,
    /**
     * The work failed for good: the worker running it crashed on each of its {@code maxAttempts} attempts (the work
     * threw, or the worker was killed holding it). The future failed with {@code WorkFailedException}.
     */
    FAILED,
    /** The worker refused the work by throwing {@code WorkRefusedException}; the worker went on. */
    REFUSED,
    /**
     * The ecosystem refused the submission with {@code EcosystemOverloadedException} (backpressure: {@code
     * maxPendingWork} reached, or the coordinator's bounded mailbox full); no worker saw it.
     */
    REJECTED,
    /**
     * The work could not be delivered to a worker: none alive under {@code STANDARD} fault tolerance (or a dead
     * coordinator that nothing restarts), a full worker mailbox, or a route to a worker that does not exist. The future
     * failed with {@code WorkFailedException}.
     */
    UNDELIVERABLE,
    /** The work did not complete within the ecosystem's {@code workTimeout}; the future failed. */
    TIMED_OUT,
    /**
     * The submitter completed or cancelled the future before a worker finished the work (reported when the ecosystem
     * notices: when the work reaches a worker or the coordinator, or at the latest when the ecosystem stops).
     */
    CANCELLED,
    /** The ecosystem stopped before the work completed: the future failed with {@code EcosystemStoppedException}. */
    ABANDONED
}
