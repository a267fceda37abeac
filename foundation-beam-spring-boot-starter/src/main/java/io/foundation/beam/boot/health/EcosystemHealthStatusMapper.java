package io.foundation.beam.boot.health;

import io.foundation.beam.ecosystem.EcosystemHealth;
import org.springframework.boot.health.contributor.Status;

/**
 * Maps an ecosystem's health to a Spring Boot health {@link Status}. The {@linkplain #DEFAULT default mapping}:
 * <table>
 *   <caption>Default mapping</caption>
 *   <tr><th>{@link EcosystemHealth.Status}</th><th>{@link Status}</th><th>why</th></tr>
 *   <tr><td>{@code HEALTHY}</td><td>{@code UP}</td><td></td></tr>
 *   <tr><td>{@code DEGRADED}</td><td>{@code UP}</td><td>the ecosystem works with reduced capacity (workers
 *       restarting, a backlog, heap pressure): taking the application out of service, or having it restarted by a
 *       probe, would only make that worse. The reasons are in the details.</td></tr>
 *   <tr><td>{@code CRITICAL}</td><td>{@code DOWN}</td><td>the ecosystem cannot work: its supervisor gave up
 *       (restart intensity exceeded), it was stopped, its coordinator is dead for good, or no worker is
 *       alive.</td></tr>
 * </table>
 * Declare a bean of this type to change it, for example to map {@code DEGRADED} to a custom status that
 * {@code management.endpoint.health.status.order} places where you want it.
 */
@FunctionalInterface
public interface EcosystemHealthStatusMapper {

    /** The default mapping: CRITICAL is DOWN, anything else UP. */
    EcosystemHealthStatusMapper DEFAULT = health -> health.status() == EcosystemHealth.Status.CRITICAL ? Status.DOWN
            : Status.UP;

    /**
     * @param health an ecosystem's health
     * @return the status to report for it
     */
    Status map(EcosystemHealth health);
}
