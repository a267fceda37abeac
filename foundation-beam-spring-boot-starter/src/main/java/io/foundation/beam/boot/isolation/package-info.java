/**
 * Memory-intensive work in its own heap, for Spring applications: {@link io.foundation.beam.boot.isolation.MemoryIsolation}
 * runs {@link io.foundation.beam.ecosystem.IsolatedTask}s with the options of {@code foundation.beam.isolation.*}.
 */
package io.foundation.beam.boot.isolation;
