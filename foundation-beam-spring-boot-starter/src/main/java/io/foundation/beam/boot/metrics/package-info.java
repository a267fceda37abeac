/**
 * Micrometer metrics for Foundation BEAM: {@link io.foundation.beam.boot.metrics.BeamMetrics} and the meter names in
 * {@link io.foundation.beam.boot.metrics.BeamMetricNames}. Used only when Micrometer is on the class path.
 */
package io.foundation.beam.boot.metrics;
