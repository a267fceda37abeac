package io.foundation.beam.ecosystem;

import java.util.List;

/**
 * A live view of an ecosystem (the seed's {@code ecosystem_info}): the current coordinator and workers, never the
 * processes they replaced.
 *
 * @param name the ecosystem
 * @param topology its topology
 * @param faultTolerance its fault tolerance
 * @param supervisor the supervisor process
 * @param coordinator the coordinator
 * @param workers the workers, by index
 * @param totalProcesses live coordinator and workers (a healthy 5-worker ecosystem shows 6; the supervisor is not
 *     counted, as in the seed)
 * @param totalMemory sum of the members' memory figures
 * @param totalBacklog messages queued across members
 * @param workInFlight submitted work not yet completed
 * @param running whether the ecosystem is running (not shut down, supervisor alive)
 */
public record EcosystemInfo(String name, Topology topology, FaultTolerance faultTolerance, MemberInfo supervisor,
        MemberInfo coordinator, List<MemberInfo> workers, int totalProcesses, long totalMemory, long totalBacklog,
        int workInFlight, boolean running) {
}
