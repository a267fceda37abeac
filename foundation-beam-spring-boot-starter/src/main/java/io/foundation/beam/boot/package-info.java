/**
 * Spring Boot integration for Foundation BEAM: the application-facing API of the starter.
 * {@link io.foundation.beam.boot.EcosystemRegistry} finds the running ecosystems by name; the exceptions name what
 * is wrong and what to change. The annotations are in {@code io.foundation.beam.boot.annotation}, the programming
 * model that runs them in {@code io.foundation.beam.boot.ecosystem}, the auto-configuration and
 * {@code foundation.beam.*} properties in {@code io.foundation.beam.boot.autoconfigure}.
 */
package io.foundation.beam.boot;
