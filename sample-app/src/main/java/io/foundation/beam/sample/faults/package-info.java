/**
 * The fault-injection API, which exists only with {@code sample.faults.enabled=true} (the {@code chaos} profile sets
 * it); without it, {@code /api/faults/**} is 404.
 */
package io.foundation.beam.sample.faults;
