/**
 * Auto-configuration of the cluster ({@code foundation.beam.cluster.*}): the runtime's membership of a cluster of
 * runtimes in other JVMs, with the {@code foundation-beam-cluster} module.
 */
package io.foundation.beam.boot.autoconfigure.cluster;
