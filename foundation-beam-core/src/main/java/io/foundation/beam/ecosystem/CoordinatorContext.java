package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Optional;

/** What a coordinator knows of and can do with its ecosystem. */
public interface CoordinatorContext {

    /** @return the ecosystem's name */
    String ecosystem();

    /** @return the workers by index; an entry is the current process for that index (alive or not) */
    List<ProcessRef> workers();

    /** @return the coordinator's own process context */
    ProcessContext process();

    /**
     * @param work the work
     * @param key its key
     * @return the index the configured dispatch strategy would choose
     * @throws IllegalStateException if no worker is alive
     */
    int defaultRoute(Object work, Optional<Object> key);

    /**
     * Saves state for a successor (kept by the ecosystem, outside the process).
     *
     * @param state the state (passed through the ecosystem's memory strategy: copied unless immutable)
     */
    void checkpoint(Object state);

    /** @return the state last checkpointed by a predecessor, if any */
    Optional<Object> restoredState();
}
