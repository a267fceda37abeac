/**
 * Tail latency under load, Foundation BEAM against Apache Pekko typed (issue 24, item 4): request-reply through a
 * process and work submission through an ecosystem, open loop at 50 % and 90 % of each system's own maximum rate,
 * latency recorded from each request's intended send time (no coordinated omission) in HdrHistogram, with the GC
 * pauses of the measured window. {@link io.foundation.beam.benchmarks.latency.LatencyRun} is the program (one JVM
 * per system and workload), {@link io.foundation.beam.benchmarks.latency.LatencyReport} writes the page's table;
 * {@code foundation-beam-benchmarks/latency-compare.sh} runs both.
 */
package io.foundation.beam.benchmarks.latency;
