package io.foundation.beam.boot.health;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one ecosystem, from {@link Ecosystem#health()}: the status given by an
 * {@link EcosystemHealthStatusMapper} (by default DOWN only when the ecosystem is critical) and these details:
 * {@code state} (HEALTHY, DEGRADED or CRITICAL), {@code reasons} (why it is not HEALTHY), {@code coordinator}
 * (ALIVE, RESTARTING or DEAD), {@code workersAlive}, {@code workersDead}, {@code workersExpected},
 * {@code restarts} (of the current workers' and coordinator's slots since the ecosystem started), {@code backlog}
 * (messages queued plus work not yet dispatched), {@code workInFlight}, {@code memoryPressure},
 * {@code heapUsedRatio}, {@code topology} and {@code faultTolerance}. Before the ecosystem has started (during the
 * context's refresh) the status is UNKNOWN, with {@code state} NOT_STARTED.
 *
 * <p>Thread-safe: each call reads the ecosystem's live state.
 */
public final class EcosystemHealthIndicator implements HealthIndicator {

    private final Ecosystem ecosystem;
    private final EcosystemHealthStatusMapper mapper;

    /**
     * @param ecosystem the ecosystem
     * @param mapper maps its health to a status
     */
    public EcosystemHealthIndicator(Ecosystem ecosystem, EcosystemHealthStatusMapper mapper) {
        this.ecosystem = Objects.requireNonNull(ecosystem, "ecosystem");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Health health() {
        EcosystemInfo info;
        EcosystemHealth health;
        try {
            info = ecosystem.info();
            health = ecosystem.health();
        } catch (EcosystemStoppedException notStarted) {
            // A starter handle throws EcosystemStoppedException until the context's refresh has finished.
            return Health.unknown().withDetail("state", "NOT_STARTED").withDetail("reasons",
                    List.of(String.valueOf(notStarted.getMessage()))).build();
        }
        int restarts = info.coordinator().restarts();
        for (MemberInfo worker : info.workers()) {
            restarts += worker.restarts();
        }
        return Health.status(mapper.map(health))
                .withDetail("state", health.status().name())
                .withDetail("reasons", health.reasons())
                .withDetail("coordinator", health.coordinator().name())
                .withDetail("workersAlive", health.workersAlive())
                .withDetail("workersDead", health.workersDead())
                .withDetail("workersExpected", health.workersTotal())
                .withDetail("restarts", restarts)
                .withDetail("backlog", health.backlog())
                .withDetail("workInFlight", info.workInFlight())
                .withDetail("memoryPressure", health.memoryPressure().name())
                .withDetail("heapUsedRatio", Math.round(health.heapUsedRatio() * 1000) / 1000.0)
                .withDetail("topology", info.topology().name().toLowerCase(Locale.ROOT))
                .withDetail("faultTolerance", info.faultTolerance().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .build();
    }
}
