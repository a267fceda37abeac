package io.foundation.beam.telemetry;

/**
 * Receives runtime events (the telemetry SPI; no metrics library types). Listeners are called synchronously on the
 * thread where the event happened, often a process's own thread, so they must be quick and must not block. A
 * listener that throws is logged and counted ({@code RuntimeSnapshot.listenerFailures}); it never breaks a process.
 */
@FunctionalInterface
public interface BeamEventListener {

    /** @param event what happened */
    void onEvent(BeamEvent event);
}
