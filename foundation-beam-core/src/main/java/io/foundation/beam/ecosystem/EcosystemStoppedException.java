package io.foundation.beam.ecosystem;

import io.foundation.beam.process.BeamException;

/** The ecosystem is stopped (or its supervisor gave up), so it takes no work, or dropped work it had accepted. */
public final class EcosystemStoppedException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** @param message names the ecosystem and its state */
    public EcosystemStoppedException(String message) {
        super(message);
    }
}
