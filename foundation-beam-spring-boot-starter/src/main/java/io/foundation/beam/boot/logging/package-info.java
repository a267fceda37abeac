/**
 * Logging of the runtime's failures (crashes, restarts, supervisors that gave up, orphans):
 * {@link io.foundation.beam.boot.logging.BeamEventLogger}, a telemetry listener with rate-limited SLF4J loggers.
 */
package io.foundation.beam.boot.logging;
