package io.foundation.beam.internal.process;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;

/**
 * Starts the ecosystems whose workers run on several nodes ({@link io.foundation.beam.ecosystem.Distribution} other
 * than local-only). The cluster module installs one with {@link Kernel#useDistributedEcosystems} when the runtime
 * joins a cluster that can run them; without one, {@code Ecosystems.spawnEcosystem} refuses a distributed
 * configuration with an {@link io.foundation.beam.ecosystem.EcosystemConfigException} that says what to add. The
 * core never looks further: placement, the coordinator, the journal are the provider's (docs/distributed-ecosystems.md).
 */
public interface DistributedEcosystems {

    /**
     * Starts this node's part of a distributed ecosystem and returns its handle on this node.
     *
     * @param config a configuration whose distribution is not local-only
     * @return the ecosystem, as seen from this node (submissions from here complete here)
     * @throws io.foundation.beam.ecosystem.EcosystemConfigException if this cluster cannot run that configuration
     *     (the message says why)
     * @throws IllegalStateException if an ecosystem of that name runs on this node already
     */
    Ecosystem spawn(EcosystemConfig config);
}
