/** JMH benchmarks for the Foundation BEAM runtime. */
package io.foundation.beam.benchmarks;
