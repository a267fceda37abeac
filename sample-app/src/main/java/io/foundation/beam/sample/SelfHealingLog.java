package io.foundation.beam.sample;

import io.foundation.beam.telemetry.BeamEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs the ecosystems' self-healing (the starter publishes every telemetry event as an application event), so the
 * console shows what a crash did. Listeners run on the process's thread: they only log.
 */
@Component
public class SelfHealingLog {

    private static final Logger log = LoggerFactory.getLogger(SelfHealingLog.class);

    /** @param event a worker was restarted */
    @EventListener
    public void on(BeamEvent.WorkerRestarted event) {
        log.warn("ecosystem '{}': worker {} restarted as {} ({} restart(s) at that index)", event.ecosystem(),
                event.index(), event.process(), event.restarts());
    }

    /** @param event a coordinator was restarted */
    @EventListener
    public void on(BeamEvent.CoordinatorRestarted event) {
        log.warn("ecosystem '{}': coordinator restarted as {} ({} restart(s))", event.ecosystem(), event.process(),
                event.restarts());
    }

    /** @param event work held by a dead worker was sent out again */
    @EventListener
    public void on(BeamEvent.WorkRedistributed event) {
        log.info("ecosystem '{}': work {} redistributed after {} failed attempt(s) (it was on {})", event.ecosystem(),
                event.workId(), event.failures(), event.process());
    }

    /** @param event a supervisor exceeded its restart intensity and stopped its ecosystem */
    @EventListener
    public void on(BeamEvent.SupervisorGaveUp event) {
        log.error("supervisor {} gave up: more than {} restarts in {} (last: {}); its ecosystem is stopped",
                event.process(), event.maxRestarts(), event.period(), event.lastChildId());
    }
}
