package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runtimes in one JVM joined as nodes of one cluster over an {@link InMemoryNetwork}, with the real
 * {@link MessageCodec} and no application types allowed (only built-in values cross).
 */
final class TestCluster implements AutoCloseable {

    final InMemoryNetwork network = new InMemoryNetwork();
    private final Map<String, BeamRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, ClusterRouter> routers = new LinkedHashMap<>();

    private final List<BeamRuntime> left = new ArrayList<>();

    TestCluster(String... nodes) {
        for (String node : nodes) {
            start(node);
        }
        awaitEveryNodeUp();
    }

    private void start(String node) {
        BeamRuntime runtime = BeamRuntime.builder().name(node).build();
        runtimes.put(node, runtime);
        routers.put(node, new ClusterRouter(Kernel.of(runtime), network.join(node),
                pids -> new MessageCodec(TransferableTypes.none(), pids, TestCluster.class.getClassLoader())).start());
    }

    /** Waits until every router sees every other node up (the up events travel asynchronously). */
    private void awaitEveryNodeUp() {
        for (ClusterRouter router : routers.values()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> router.nodes().size() == routers.size() - 1);
        }
    }

    /**
     * Starts a node (a new runtime with a new incarnation), replacing the node of that name, which should have been
     * disconnected: its runtime is closed with the cluster.
     */
    void join(String node) {
        BeamRuntime old = runtimes.get(node);
        if (old != null) {
            left.add(old);
        }
        start(node);
        awaitEveryNodeUp();
    }

    BeamRuntime runtime(String node) {
        return runtimes.get(node);
    }

    ClusterRouter router(String node) {
        return routers.get(node);
    }

    /**
     * As if {@code process} of node {@code owner} had been sent to node {@code viewer} in a message: the owner
     * exports it, the viewer names it.
     *
     * @return how node {@code viewer} names {@code process}
     */
    ProcessRef pid(String viewer, String owner, ProcessRef process) {
        return router(viewer).fromWire(router(owner).toWire(process));
    }

    long deadLetters(String node) {
        return runtime(node).snapshot().deadLetters();
    }

    @Override
    public void close() {
        network.close();
        runtimes.values().forEach(BeamRuntime::close);
        left.forEach(BeamRuntime::close);
    }
}
