/**
 * Auto-configuration of Foundation BEAM: the runtime
 * ({@link io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration}), the ecosystems of {@code @Worker} /
 * {@code @Coordinator} beans ({@link io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration}) and
 * observations, the {@code foundation.beam.*} properties
 * ({@link io.foundation.beam.boot.autoconfigure.BeamProperties}), and the failure analyzers. Only what wires beans
 * lives here, with its package-private helpers (the mapping of the properties onto each ecosystem's configuration,
 * the adapters to Spring events and Micrometer observations); the programming model they wire is in
 * {@code io.foundation.beam.boot.ecosystem}, which never depends on this package.
 */
package io.foundation.beam.boot.autoconfigure;
