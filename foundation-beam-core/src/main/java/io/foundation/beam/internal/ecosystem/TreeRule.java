package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.internal.process.Kernel;

/**
 * TREE, the default topology: the coordinator at the root, the workers as leaves. A worker talks only to the
 * coordinator (no peer, no successor); {@code Ecosystem.broadcast} is sent to each worker. No mutable state.
 */
final class TreeRule extends TopologyRule {

    TreeRule(EcosystemConfig config, Kernel kernel, WorkerTable workers) {
        super(config, kernel, workers);
    }

    @Override
    Topology topology() {
        return Topology.TREE;
    }

    @Override
    String refusalNote() {
        return " (workers talk only to the coordinator)";
    }
}
