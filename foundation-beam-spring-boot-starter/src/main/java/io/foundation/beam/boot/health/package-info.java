/**
 * Spring Boot health for ecosystems: {@link io.foundation.beam.boot.health.EcosystemHealthIndicator} (one per
 * ecosystem, under the {@code ecosystems} contributor) and the
 * {@link io.foundation.beam.boot.health.EcosystemHealthStatusMapper} that decides its status. Used only when
 * {@code spring-boot-health} is on the class path.
 */
package io.foundation.beam.boot.health;
