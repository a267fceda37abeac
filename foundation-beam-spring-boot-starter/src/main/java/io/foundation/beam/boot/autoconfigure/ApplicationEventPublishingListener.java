package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Republishes every telemetry event as a Spring application event (a payload event: listen with
 * {@code @EventListener void on(BeamEvent.WorkerRestarted event)}). Publishing is synchronous, on the thread where
 * the event happened (often a process's own thread): listeners must be quick, or be {@code @Async}. Events that
 * happen while the context is not able to publish (after it has closed) are dropped. The cluster's
 * {@link BeamEvent.NodeUp} and {@link BeamEvent.NodeDown} are left out: the cluster auto-configuration publishes each
 * node change once, as the cluster module's {@code NodeUp} or {@code NodeDown} (which carries the whole {@code Node}).
 */
final class ApplicationEventPublishingListener implements BeamEventListener {

    private static final Log logger = LogFactory.getLog(ApplicationEventPublishingListener.class);

    private final ApplicationEventPublisher publisher;

    ApplicationEventPublishingListener(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onEvent(BeamEvent event) {
        if (event instanceof BeamEvent.NodeUp || event instanceof BeamEvent.NodeDown) {
            return;
        }
        if (publisher instanceof ConfigurableApplicationContext context && !context.isActive()) {
            if (logger.isTraceEnabled()) {
                logger.trace("Not published (the context is closed): " + event);
            }
            return;
        }
        publisher.publishEvent(event);
    }
}
