/**
 * The cross-node comparison (issue 20): two JVMs on loopback, Foundation BEAM's cluster
 * ({@code foundation-beam-cluster}) against Apache Pekko's remoting (Artery over TCP), plain and with TLS.
 *
 * <p>One run of {@link io.foundation.beam.benchmarks.remote.RemoteBenchmark} measures one combination (a system, a
 * workload, plain or TLS): it is node A, starts node B as a child JVM ({@link
 * io.foundation.beam.benchmarks.remote.PeerJvm}, main class {@link io.foundation.beam.benchmarks.remote.PeerMain}),
 * runs the workload between them and appends one line per measured iteration to a TSV file.
 * {@link io.foundation.beam.benchmarks.remote.RemoteReport} turns the TSV of a whole run into the table of
 * {@code docs/benchmarks.md}. Run everything with {@code foundation-beam-benchmarks/remote-compare.sh}.
 *
 * <p>Both systems run the same protocols, whose logic is shared code: {@link
 * io.foundation.beam.benchmarks.remote.WindowedSender} and {@link io.foundation.beam.benchmarks.remote.AckingReceiver}
 * (1-&gt;1 throughput with a window of outstanding messages) and {@link
 * io.foundation.beam.benchmarks.remote.PingPongPlayer} (one ball, round trips timed into a {@link
 * io.foundation.beam.benchmarks.remote.LatencyProbe}). Only the wrappers differ: handler processes on Foundation
 * BEAM, classic actors on Pekko. The messages are the records of {@link
 * io.foundation.beam.benchmarks.remote.RemoteMessages}.
 */
package io.foundation.beam.benchmarks.remote;
