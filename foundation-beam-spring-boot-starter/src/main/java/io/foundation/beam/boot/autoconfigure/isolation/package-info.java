/**
 * Auto-configuration of memory-intensive work in its own heap: the {@code MemoryIsolation} bean from
 * {@code foundation.beam.isolation.*}.
 */
package io.foundation.beam.boot.autoconfigure.isolation;
