/** Auto-configuration of the {@code ecosystems} Actuator endpoint. */
package io.foundation.beam.boot.autoconfigure.endpoint;
