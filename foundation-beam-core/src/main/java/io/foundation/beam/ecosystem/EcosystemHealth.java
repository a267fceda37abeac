package io.foundation.beam.ecosystem;

import java.util.List;

/**
 * An ecosystem's health (the seed's {@code ecosystem_health}), by these rules:
 * <ul>
 *   <li>{@link Status#CRITICAL}: the supervisor gave up or the ecosystem is stopped, the coordinator is dead and will
 *       not be restarted (STANDARD fault tolerance), or no worker is alive.</li>
 *   <li>{@link Status#DEGRADED}: not critical, but some workers are dead or restarting, the coordinator is
 *       restarting, the backlog is above the configured threshold, or memory pressure is HIGH.</li>
 *   <li>{@link Status#HEALTHY}: otherwise.</li>
 * </ul>
 * Memory pressure comes from the JVM heap (the JVM has no per-process heap): used / max heap below 70 % is LOW,
 * below 85 % MEDIUM, else HIGH.
 *
 * @param status the overall status
 * @param coordinator the coordinator's state
 * @param workersAlive live workers
 * @param workersDead dead workers (restarting or not)
 * @param workersTotal the current worker count (the configured one, unless {@link Ecosystem#resize} changed it)
 * @param memoryPressure the heap's pressure
 * @param heapUsedRatio used / max heap, 0 to 1
 * @param backlog messages queued across members plus work not yet dispatched
 * @param reasons why the status is not HEALTHY (empty when it is)
 */
public record EcosystemHealth(Status status, CoordinatorState coordinator, int workersAlive, int workersDead,
        int workersTotal, MemoryPressure memoryPressure, double heapUsedRatio, long backlog, List<String> reasons) {

    /** Overall status. */
    public enum Status {
        /** All is well. */
        HEALTHY,
        /** Working, with reduced capacity or a backlog. */
        DEGRADED,
        /** Not able to work (or stopped). */
        CRITICAL
    }

    /** The coordinator's state. */
    public enum CoordinatorState {
        /** Alive. */
        ALIVE,
        /** Dead, and its supervisor is restarting it. */
        RESTARTING,
        /** Dead for good. */
        DEAD
    }

    /** Heap pressure. */
    public enum MemoryPressure {
        /** Below 70 % of the maximum heap used. */
        LOW,
        /** 70 % to 85 %. */
        MEDIUM,
        /** Above 85 %. */
        HIGH
    }
}
