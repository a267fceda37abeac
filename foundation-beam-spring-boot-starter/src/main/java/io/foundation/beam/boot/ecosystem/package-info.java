/**
 * The starter's programming model: {@code @Worker} / {@code @Coordinator} beans become the workers and coordinators
 * of core ecosystems. Finds the declarations in the bean definitions, introspects and dispatches to
 * {@code @HandleMessage} methods, gives each process its own bean instance, and keeps the ecosystems in a
 * {@link io.foundation.beam.boot.EcosystemRegistry} whose handles are the {@code Ecosystem} beans, started and
 * stopped with the application context.
 *
 * <p>It is wired by the auto-configuration in {@code io.foundation.beam.boot.autoconfigure}, and never depends on it:
 * the {@code foundation.beam.*} properties are mapped onto each ecosystem's configuration there, through
 * {@link io.foundation.beam.boot.ecosystem.EcosystemConfigurer}. Its public types exist for that wiring;
 * applications use the annotations, {@code EcosystemRegistry} and the {@code Ecosystem} beans.
 */
package io.foundation.beam.boot.ecosystem;
