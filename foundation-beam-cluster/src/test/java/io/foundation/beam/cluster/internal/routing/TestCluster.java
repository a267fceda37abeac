package io.foundation.beam.cluster.internal.routing;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runtimes in one JVM joined as nodes of one cluster over an {@link InMemoryNetwork}, with the {@link TestCodec}. */
final class TestCluster implements AutoCloseable {

    final InMemoryNetwork network = new InMemoryNetwork();
    private final Map<String, BeamRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, ClusterRouter> routers = new LinkedHashMap<>();

    TestCluster(String... nodes) {
        for (String node : nodes) {
            BeamRuntime runtime = BeamRuntime.builder().name(node).build();
            runtimes.put(node, runtime);
            routers.put(node, new ClusterRouter(Kernel.of(runtime), network.join(node), TestCodec::new).start());
        }
        for (ClusterRouter router : routers.values()) { // the up events travel asynchronously
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> router.nodes().size() == nodes.length - 1);
        }
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
    }
}
