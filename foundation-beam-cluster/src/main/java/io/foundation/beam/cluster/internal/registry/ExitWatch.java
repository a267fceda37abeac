package io.foundation.beam.cluster.internal.registry;

import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.function.Consumer;

/**
 * How the registry learns that a local process ended: the runtime's kernel ({@code Kernel.of(runtime)::watchExit}).
 */
@FunctionalInterface
public interface ExitWatch {

    /**
     * @param local a process of this node
     * @param onExit told once, with the reason, when it ends (at once if it has ended); must not block
     * @return cancels the watch
     */
    Runnable watchExit(ProcessRef local, Consumer<ExitReason> onExit);
}
