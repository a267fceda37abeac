package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/**
 * Backpressure from an ecosystem: a submission was refused at once because the ecosystem already holds
 * {@link EcosystemConfig#maxPendingWork()} unfinished pieces of work, or its coordinator's bounded mailbox is full.
 * Nothing was queued; the caller should slow down or retry later (the sample application answers HTTP 429).
 */
public final class EcosystemOverloadedException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String ecosystem;

    /**
     * @param ecosystem the ecosystem's name
     * @param message what was full, and what to change
     */
    public EcosystemOverloadedException(String ecosystem, String message) {
        super(message);
        this.ecosystem = ecosystem;
    }

    /** @return the ecosystem's name */
    public String ecosystem() {
        return ecosystem;
    }
}
