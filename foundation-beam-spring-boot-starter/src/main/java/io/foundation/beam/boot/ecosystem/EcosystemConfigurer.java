package io.foundation.beam.boot.ecosystem;

import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.ecosystem.Coordinator;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Worker;
import java.util.function.Supplier;

/**
 * Makes the {@link EcosystemConfig} of each enabled ecosystem for the {@link DefaultEcosystemRegistry}, which
 * supplies the bean-backed worker and coordinator factories. The auto-configuration implements it from the
 * {@code @Worker} attributes (the defaults) and the {@code foundation.beam.ecosystems.<name>.*} properties (the
 * overrides): this package does not know the properties' binding, so it never depends on the auto-configuration.
 *
 * <p>Public because it is implemented in another package; applications have no need of it. Called once per ecosystem
 * during the context's refresh, on the refreshing thread.
 */
@FunctionalInterface
public interface EcosystemConfigurer {

    /**
     * @param declaration the ecosystem's declaration
     * @param workers makes each worker process's logic (a fresh bean instance per process start and restart)
     * @param coordinator makes the coordinator process's logic, or null for the default coordinator
     * @return the ecosystem's configuration
     * @throws BeamConfigurationException naming the invalid setting, where it came from, and what to change
     */
    EcosystemConfig configure(EcosystemDeclaration declaration, Supplier<? extends Worker> workers,
            Supplier<? extends Coordinator> coordinator);
}
