package io.foundation.beam.ecosystem;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.Internals;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The seed's {@code Foundation.BEAM.Processes}, by its names.
 *
 * <table>
 *   <caption>Seed functions and their Java forms</caption>
 *   <tr><th>seed</th><th>Java</th></tr>
 *   <tr><td>{@code spawn_ecosystem/1}</td><td>{@link #spawnEcosystem(BeamRuntime, EcosystemConfig)}</td></tr>
 *   <tr><td>{@code ecosystem_info/1}</td><td>{@link #ecosystemInfo(Ecosystem)}</td></tr>
 *   <tr><td>{@code ecosystem_health/1}</td><td>{@link #ecosystemHealth(Ecosystem)}</td></tr>
 *   <tr><td>{@code shutdown_ecosystem/1}</td><td>{@link #shutdownEcosystem(Ecosystem, Duration)}</td></tr>
 *   <tr><td>{@code isolate_memory_intensive_work/2}</td>
 *       <td>{@link #isolateMemoryIntensiveWork(BeamRuntime, Callable, Duration)}</td></tr>
 * </table>
 */
public final class Ecosystems {

    private Ecosystems() {
    }

    /**
     * Starts an ecosystem: its supervisor, N workers (started in index order) and the coordinator.
     *
     * @param runtime the runtime
     * @param config the configuration
     * @return the running ecosystem
     * @throws io.foundation.beam.supervision.ChildStartException if a worker or the coordinator failed to start
     * @throws IllegalStateException if an ecosystem of the same name is running in the runtime (one that was shut
     *     down, or whose supervisor gave up, no longer counts); nothing of the new ecosystem was started then
     */
    public static Ecosystem spawnEcosystem(BeamRuntime runtime, EcosystemConfig config) {
        return Internals.spawnEcosystem(runtime, config);
    }

    /**
     * @param ecosystem the ecosystem
     * @return a live view of it
     */
    public static EcosystemInfo ecosystemInfo(Ecosystem ecosystem) {
        return ecosystem.info();
    }

    /**
     * @param ecosystem the ecosystem
     * @return its health
     */
    public static EcosystemHealth ecosystemHealth(Ecosystem ecosystem) {
        return ecosystem.health();
    }

    /**
     * @param ecosystem the ecosystem
     * @param timeout the longest wait
     * @return what was done
     */
    public static EcosystemShutdownReport shutdownEcosystem(Ecosystem ecosystem, Duration timeout) {
        return ecosystem.shutdown(timeout);
    }

    /**
     * Runs memory-hungry work in its own short-lived process and returns its result to the caller. The process is
     * gone afterwards and holds no reference to the result, so whatever the work allocated is garbage as soon as the
     * caller drops the result. On timeout the process is killed. The JVM has one heap: this isolates the work's
     * lifetime and failures, not its heap (a separate-JVM option can be added behind this same call).
     *
     * @param runtime the runtime
     * @param work the work
     * @param timeout the longest wait
     * @param <T> the result type
     * @return the work's result
     * @throws IsolatedWorkException with the work's exception as cause if it threw, or if it timed out or was
     *     cancelled (the message says which)
     */
    public static <T> T isolateMemoryIntensiveWork(BeamRuntime runtime, Callable<T> work, Duration timeout) {
        return Internals.isolateMemoryIntensiveWork(runtime, work, timeout);
    }
}
