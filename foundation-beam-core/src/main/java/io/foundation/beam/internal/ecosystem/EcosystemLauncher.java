package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.internal.process.Kernel;

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
        if (config != null && config.distribution().isDistributed()) {
            return Kernel.of(runtime).distributedEcosystems().orElseThrow(() -> new EcosystemConfigException(
                    EcosystemConfig.Field.DISTRIBUTION_POLICY.fieldName(), "ecosystem '" + config.name()
                    + "' is distributed (policy " + policyName(config) + "), but runtime '" + runtime.name()
                    + "' is in no cluster that runs distributed ecosystems: add the module foundation-beam-cluster "
                    + "and join a cluster with Raft voters (BeamCluster.join with ClusterConfig.Builder.raftMembers; "
                    + "Spring: foundation.beam.cluster.enabled=true and foundation.beam.cluster.raft.members), or "
                    + "make the ecosystem local-only")).spawn(config);
        }
        return EcosystemHandle.spawn(runtime, config);
    }

    private static String policyName(EcosystemConfig config) {
        return config.distribution().policy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
