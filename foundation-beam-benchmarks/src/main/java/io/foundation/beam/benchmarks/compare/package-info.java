/**
 * The head-to-head comparison with Apache Pekko typed (issue 6): workloads W1 to W6, each implemented on both systems
 * with the same message flow and selected by the JMH parameter {@code system} ({@code beam} or {@code pekko}), the
 * W2 footprint program, and {@link io.foundation.beam.benchmarks.compare.CompareReport}, which turns a run's JMH JSON
 * and W2 output into the Markdown table and SVG chart of {@code docs/benchmarks.md}. Run them all with
 * {@code foundation-beam-benchmarks/compare.sh}. Pekko is a dependency of this benchmark module only. Also
 * {@link io.foundation.beam.benchmarks.compare.AbReport}, the summary of an A/B run of the runtime's own benchmarks
 * at two commits ({@code foundation-beam-benchmarks/ab.sh}).
 */
package io.foundation.beam.benchmarks.compare;
