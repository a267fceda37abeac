/**
 * The {@code ecosystems} Actuator endpoint ({@link io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint}) and
 * its descriptors. Used only when Spring Boot Actuator is on the class path.
 */
package io.foundation.beam.boot.actuate.endpoint;
