package io.foundation.beam.boot.autoconfigure.cluster;

import io.foundation.beam.cluster.BeamCluster;
import io.foundation.beam.cluster.NodeEvent;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Republishes every {@code NodeUp} and {@code NodeDown} of the cluster as a Spring application event (a payload
 * event: listen with {@code @EventListener void on(NodeDown event)}). Publishing is synchronous, on the cluster's
 * network thread: listeners must be quick (or {@code @Async}), as a slow one delays the cluster's messages. Events
 * that happen while the context is not active are dropped. {@link #close()} stops listening.
 */
final class NodeEventPublishingListener implements Consumer<NodeEvent>, AutoCloseable {

    private static final Log logger = LogFactory.getLog(NodeEventPublishingListener.class);

    private final BeamCluster cluster;
    private final ApplicationEventPublisher publisher;

    private NodeEventPublishingListener(BeamCluster cluster, ApplicationEventPublisher publisher) {
        this.cluster = cluster;
        this.publisher = publisher;
    }

    static NodeEventPublishingListener attach(BeamCluster cluster, ApplicationEventPublisher publisher) {
        NodeEventPublishingListener listener = new NodeEventPublishingListener(cluster, publisher);
        cluster.addNodeListener(listener);
        return listener;
    }

    @Override
    public void accept(NodeEvent event) {
        if (publisher instanceof ConfigurableApplicationContext context && !context.isActive()) {
            if (logger.isTraceEnabled()) {
                logger.trace("Not published (the context is not active): " + event);
            }
            return;
        }
        publisher.publishEvent(event);
    }

    @Override
    public void close() {
        cluster.removeNodeListener(this);
    }
}
