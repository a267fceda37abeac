/**
 * Distributed work, issue 21's benchmark: work submission throughput and latency on three JVMs on 127.0.0.1 (a
 * distributed ecosystem, cluster-wide, once with the replicated journal and once with the submitter-local one),
 * against the same workload on one node (a local ecosystem with the same workers), and against Apache Pekko's typed cluster (a {@code ClusterSingleton} coordinator dispatching to worker
 * actors on every node). {@code foundation-beam-benchmarks/distributed-compare.sh} runs it: one
 * {@link io.foundation.beam.benchmarks.distributed.DistributedBenchmark} per system and round (the driver, which
 * starts the nodes as child JVMs, {@link io.foundation.beam.benchmarks.distributed.NodeMain}, and tells them what to
 * run over their standard input), then {@link io.foundation.beam.benchmarks.distributed.DistributedReport}, which
 * writes the section of docs/benchmarks.md.
 */
package io.foundation.beam.benchmarks.distributed;
