package io.foundation.beam.boot.metrics;

import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of each ecosystem as its {@link BeamMetricNames#ECOSYSTEM_STATE} gauge reads it, computed at most once per
 * ecosystem within {@link #TTL}.
 *
 * <p>Why: a scrape reads the gauge's five series of an ecosystem (one per state) one after the other, and each
 * would otherwise compute the ecosystem's state, which calls {@code Ecosystem.health()}, a walk over all its
 * members. Micrometer tells a gauge nothing about which scrape reads it, so the reuse is by time: the first read
 * computes the state and the reads within the next second reuse it. A scrape's five reads take far less than a second,
 * so a scrape computes an ecosystem's health once (and a scrape more often than once a second shares it with the
 * previous one); the state shown is at most one second old. {@link #invalidate} drops an ecosystem's entry when it
 * starts or stops, so those transitions show at the next read (a read that computed the earlier state concurrently
 * with the transition can still store it, for at most the TTL).
 *
 * <p>Time is the meter registry's {@link Clock#monotonicTime()}, injected, so a test drives it with a
 * {@code MockClock}. Thread-safety: reads and invalidations may run on any thread; two concurrent reads of an expired
 * entry may both compute the state, and the later one stays.
 */
final class EcosystemStateCache {

    /** How long a computed state is reused. */
    static final Duration TTL = Duration.ofSeconds(1);

    private record Entry(String state, long computedAtNanos) {
    }

    private final Clock clock;
    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    EcosystemStateCache(Clock clock) {
        this(clock, TTL);
    }

    EcosystemStateCache(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * @param ecosystem the ecosystem's name
     * @param compute computes its state now; called only if there is no entry younger than the TTL
     * @return the ecosystem's state, computed now or within the TTL
     */
    String state(String ecosystem, Supplier<String> compute) {
        long now = clock.monotonicTime();
        Entry entry = entries.get(ecosystem);
        if (entry != null && now - entry.computedAtNanos() < ttlNanos) {
            return entry.state();
        }
        String state = compute.get();
        entries.put(ecosystem, new Entry(state, now));
        return state;
    }

    /** Forgets the ecosystem's state: the next read computes it. */
    void invalidate(String ecosystem) {
        entries.remove(ecosystem);
    }
}
