/** Auto-configuration of Foundation BEAM's Micrometer meters. */
package io.foundation.beam.boot.autoconfigure.metrics;
