package io.foundation.beam.cluster.internal;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.NodeEvent;
import io.foundation.beam.cluster.NodeMonitor;
import io.foundation.beam.cluster.internal.codec.MessageCodec;
import io.foundation.beam.cluster.internal.codec.TransferableTypes;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The node: wires the transport (JGroups), the codec and the router into a runtime, and takes them down in order.
 *
 * <p>Model: built once by {@link #join}; {@code closed} goes false to true once. Closing leaves the cluster first
 * (the other nodes see this one down), then tells the router that every other node is lost, so that every link,
 * monitor and call to them fires with {@code noconnection} here too. The router stays installed in the runtime (a
 * runtime's router is never replaced): after close it finds no node up, so remote pids are unreachable.
 */
public final class DefaultBeamCluster implements BeamCluster {

    private final BeamRuntime runtime;
    private final JGroupsTransport transport;
    private final ClusterRouter router;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DefaultBeamCluster(BeamRuntime runtime, JGroupsTransport transport, ClusterRouter router) {
        this.runtime = runtime;
        this.transport = transport;
        this.router = router;
    }

    /**
     * See {@link BeamCluster#join}.
     *
     * @param runtime the runtime
     * @param config the configuration
     * @return the node
     */
    public static DefaultBeamCluster join(BeamRuntime runtime, ClusterConfig config) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(config, "config");
        if (!runtime.name().equals(config.nodeName())) {
            throw new IllegalArgumentException("the cluster node name '" + config.nodeName()
                    + "' must be the runtime's name '" + runtime.name() + "' (pids print with the runtime's name): "
                    + "build the runtime with name(\"" + config.nodeName() + "\") or the config with builder(\""
                    + runtime.name() + "\")");
        }
        Kernel kernel = Kernel.of(runtime);
        TransferableTypes types = TransferableTypes.of(config.allowedMessageTypes());
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : DefaultBeamCluster.class.getClassLoader();
        JGroupsTransport transport = JGroupsTransport.start(config);
        try {
            ClusterRouter router = new ClusterRouter(kernel, transport, pids -> new MessageCodec(types, pids, loader));
            router.start();
            return new DefaultBeamCluster(runtime, transport, router);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** @return the router (for this module's other parts and its tests) */
    public ClusterRouter router() {
        return router;
    }

    /** @return the transport (for this module's other parts and its tests) */
    public JGroupsTransport transport() {
        return transport;
    }

    @Override
    public Node self() {
        return router.self();
    }

    @Override
    public Set<Node> nodes() {
        return router.nodes();
    }

    @Override
    public NodeMonitor monitorNode(ProcessRef watcher, String node) {
        return new NodeMonitor(node, router.monitorNode(watcher, node));
    }

    @Override
    public boolean demonitorNode(NodeMonitor monitor) {
        return router.demonitorNode(monitor.node(), monitor.number());
    }

    @Override
    public void addNodeListener(Consumer<? super NodeEvent> listener) {
        router.addNodeListener(listener);
    }

    @Override
    public void removeNodeListener(Consumer<? super NodeEvent> listener) {
        router.removeNodeListener(listener);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        for (Node node : router.nodes()) {
            router.onNodeDown(node);
        }
    }

    @Override
    public String toString() {
        return "BeamCluster[node=" + router.self() + ", runtime=" + runtime.name() + ", nodes=" + router.nodes()
                + (closed.get() ? ", closed" : "") + "]";
    }
}
