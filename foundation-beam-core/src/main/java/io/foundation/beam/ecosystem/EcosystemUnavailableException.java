package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/**
 * A distributed ecosystem cannot take work on this node now: the node sees no majority of the cluster's Raft voters
 * (it is on the minority side of a partition, or the cluster has lost too many nodes), so a submission could not be
 * committed to the replicated journal. Nothing was accepted (see the message for the one ambiguous case, a commit that
 * timed out); retry later or on another node. The message names the ecosystem, this node, the voters it sees and how
 * many make a majority. The Spring Boot starter reports such an ecosystem as not ready.
 */
public final class EcosystemUnavailableException extends BeamException {

    private static final long serialVersionUID = 1L;

    private final String ecosystem;

    /**
     * @param ecosystem the ecosystem's name
     * @param message why it is unavailable, and what happens next
     * @param cause the cluster's own exception (no quorum, a commit timeout), or null
     */
    public EcosystemUnavailableException(String ecosystem, String message, Throwable cause) {
        super(message, cause);
        this.ecosystem = ecosystem;
    }

    /** @return the ecosystem's name */
    public String ecosystem() {
        return ecosystem;
    }
}
