package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessHandler;

/**
 * Makes the handler of a process that another node asks this node to spawn ({@link BeamCluster#spawn}), from the
 * argument that came with the request. Registered under a name with {@link BeamCluster#registerBehaviour}: code does
 * not cross between nodes, only the behaviour's name and the argument (a value the codec carries) do.
 */
@FunctionalInterface
public interface BehaviourFactory {

    /**
     * Called on this node's spawner process, one request at a time: keep it short (build the handler; do slow work
     * in the handler's {@code init} or later).
     *
     * @param argument the argument the requester gave, as it arrived (may be null)
     * @return the new process's handler
     * @throws Exception to refuse: the requester's spawn fails with {@link RemoteSpawnException} carrying it
     */
    ProcessHandler create(Object argument) throws Exception;
}
