package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;

/**
 * The entry into this package from {@link io.foundation.beam.internal.Internals}: starts an ecosystem. The running
 * ecosystem is an {@link EcosystemHandle}; the package's classes are listed there.
 */
public final class EcosystemLauncher {

    private EcosystemLauncher() {
    }

    /**
     * @param runtime the runtime (must be the default implementation)
     * @param config the configuration
     * @return the started ecosystem
     */
    public static Ecosystem spawn(BeamRuntime runtime, EcosystemConfig config) {
        return EcosystemHandle.spawn(runtime, config);
    }
}
