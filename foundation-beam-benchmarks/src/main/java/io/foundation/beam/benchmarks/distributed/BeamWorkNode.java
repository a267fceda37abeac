package io.foundation.beam.benchmarks.distributed;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.ecosystem.Distribution;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.Ecosystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Foundation BEAM node under test, with the library's defaults except what is said here: a runtime with an
 * ecosystem {@value #ECOSYSTEM} whose workers run {@link Work}.
 *
 * <ul>
 *   <li>{@link #distributed}: the runtime joins the run's cluster (127.0.0.1, the run's ports, every node a Raft
 *       voter, the Raft log in the run's temporary directory) and the ecosystem is
 *       {@link Distribution#clusterWide()} with {@code workersPerNode} workers on each node and the given
 *       {@link Distribution.Journal}: one coordinator in the cluster, on the Raft leader's node; with
 *       {@link Distribution.Journal#REPLICATED} every item an {@code Accept}, a {@code Complete} and a release
 *       committed to the replicated journal, with {@link Distribution.Journal#SUBMITTER_LOCAL} every item sent
 *       straight to the coordinator and its outcome straight back, no Raft entry per item (see
 *       docs/distributed-ecosystems.md).</li>
 *   <li>{@link #local}: no cluster; a local ecosystem with {@code workers} workers.</li>
 * </ul>
 * Both are ready once the ecosystem is healthy and one item has completed.
 */
final class BeamWorkNode implements WorkNode {

    /** The ecosystem's name. */
    static final String ECOSYSTEM = "dist-bench";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final BeamRuntime runtime;
    private final BeamCluster cluster;
    private final Ecosystem ecosystem;

    private BeamWorkNode(BeamRuntime runtime, BeamCluster cluster, Ecosystem ecosystem) {
        this.runtime = runtime;
        this.cluster = cluster;
        this.ecosystem = ecosystem;
    }

    /**
     * @param name this node's name (one of {@code nodes})
     * @param nodes every node's name, in the order of {@code ports}
     * @param ports every node's port on 127.0.0.1
     * @param clusterName the run's cluster name
     * @param raftDirectory the run's temporary directory (this node's log goes in a sub-directory of its name)
     * @param workersPerNode workers on each node
     * @param journal where accepted submissions are kept
     * @return the node, ready
     */
    static BeamWorkNode distributed(String name, List<String> nodes, List<Integer> ports, String clusterName,
            Path raftDirectory, int workersPerNode, Distribution.Journal journal) {
        BeamRuntime runtime = BeamRuntime.builder().name(name).build();
        try {
            BeamCluster cluster = BeamCluster.join(runtime, ClusterConfig.builder(name)
                    .clusterName(clusterName)
                    .bindAddress(NodeMain.HOST)
                    .bindPort(ports.get(nodes.indexOf(name)))
                    .initialMembers(ports.stream().map(p -> NodeMain.HOST + ":" + p).toList())
                    .raftMembers(nodes)
                    .raftLogDirectory(raftDirectory.resolve(name))
                    .build());
            awaitTrue(() -> cluster.nodes().size() == nodes.size() - 1, "the other nodes to join");
            Ecosystem ecosystem = Ecosystems.spawnEcosystem(runtime, config(workersPerNode * nodes.size())
                    .distribution(Distribution.clusterWide().withWorkersPerNode(workersPerNode).withJournal(journal))
                    .build());
            return ready(new BeamWorkNode(runtime, cluster, ecosystem));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * @param workers the ecosystem's workers
     * @return the node, ready
     */
    static BeamWorkNode local(int workers) {
        BeamRuntime runtime = BeamRuntime.builder().name("single").build();
        try {
            return ready(new BeamWorkNode(runtime, null, Ecosystems.spawnEcosystem(runtime, config(workers).build())));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private static EcosystemConfig.Builder config(int workers) {
        return EcosystemConfig.builder(ECOSYSTEM).workers(workers, () -> (work, context) -> Work.run((String) work));
    }

    private static BeamWorkNode ready(BeamWorkNode node) {
        awaitTrue(() -> node.ecosystem.health().status() == EcosystemHealth.Status.HEALTHY, "a healthy ecosystem");
        try {
            node.ecosystem.submit("ready").get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the first item did not complete", e);
        }
        return node;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + READY_TIMEOUT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public CompletionStage<?> submit(String item) {
        return ecosystem.submit(item);
    }

    @Override
    public void close() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            runtime.close();
        }
    }
}
