package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.BeamRuntime;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the ecosystems running in each runtime: an ecosystem's name is claimed before any of its processes
 * starts and released when the ecosystem ends (shut down, its supervisor gave up, or its start failed), so that two
 * ecosystems of one name never run in one runtime at once (their telemetry and meters, keyed by the name, would merge).
 *
 * <h2>Model</h2>
 * Per runtime (held weakly: a runtime that is no longer used is not kept alive by this table), a map from name to a
 * token of the ecosystem holding it. The token is the ecosystem's {@link EcosystemLifecycle}, which refers to nothing
 * else, so that no value refers back to its runtime key (which would keep the key alive).
 *
 * <h2>Why not a registered name</h2>
 * OTP would register the ecosystem's supervisor under a name, but a supervisor here starts its children before it
 * returns and cannot be spawned under a name: a registration after the start would let the losing spawn run its
 * workers' {@code init} first. The claim here comes before anything starts, and leaves the runtime's
 * {@code registeredNames()} to the application.
 *
 * <h2>Threading</h2>
 * Any thread. {@link #claim} is a {@code putIfAbsent} on a concurrent map: of concurrent spawns of one name exactly one
 * wins. The per-runtime map is found under the outer map's lock (a weak map is not thread-safe); claims and releases
 * then run on the concurrent map without it.
 */
final class RunningEcosystems {

    private static final Map<BeamRuntime, ConcurrentHashMap<String, EcosystemLifecycle>> BY_RUNTIME =
            new WeakHashMap<>();

    private RunningEcosystems() {
    }

    private static ConcurrentHashMap<String, EcosystemLifecycle> of(BeamRuntime runtime) {
        synchronized (BY_RUNTIME) {
            return BY_RUNTIME.computeIfAbsent(runtime, r -> new ConcurrentHashMap<>());
        }
    }

    /**
     * Claims a name for an ecosystem about to start.
     *
     * @param runtime the runtime
     * @param name the ecosystem's name
     * @param token the ecosystem's lifecycle, which {@link #release} must be given
     * @throws IllegalStateException naming the ecosystem and the runtime if an ecosystem of that name runs there
     */
    static void claim(BeamRuntime runtime, String name, EcosystemLifecycle token) {
        if (of(runtime).putIfAbsent(name, token) != null) {
            throw new IllegalStateException("an ecosystem named '" + name + "' is already running in runtime '"
                    + runtime.name() + "': shut it down first, or give the new one another name");
        }
    }

    /** Releases the name if {@code token}'s ecosystem holds it (idempotent). */
    static void release(BeamRuntime runtime, String name, EcosystemLifecycle token) {
        of(runtime).remove(name, token);
    }
}
