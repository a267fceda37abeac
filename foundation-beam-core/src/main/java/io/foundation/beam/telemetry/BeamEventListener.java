package io.foundation.beam.telemetry;

import io.foundation.beam.process.ProcessRef;

/**
 * Receives runtime events (the telemetry SPI; no metrics library types). Listeners are called synchronously on the
 * thread where the event happened, often a process's own thread, so they must be quick and must not block. A
 * listener that throws is logged and counted ({@code RuntimeSnapshot.listenerFailures}); it never breaks a process.
 */
@FunctionalInterface
public interface BeamEventListener {

    /** @param event what happened */
    void onEvent(BeamEvent event);

    /**
     * Called for each message that a process keeping message analytics
     * ({@link io.foundation.beam.process.SpawnOptions#withAnalytics}, or an ecosystem with
     * {@link io.foundation.beam.ecosystem.EcosystemConfig#messageAnalytics()}) takes from its mailbox, on that
     * process's thread, after the process's own {@link io.foundation.beam.messages.MessageStats} counted it. This is
     * the per-message sample a metrics library needs for a distribution (a timer of queue waits, a summary of sizes);
     * it is not an event object, so that nothing is allocated per message. Does nothing unless overridden.
     *
     * @param process the process that took the message
     * @param estimatedBytes the message's {@linkplain io.foundation.beam.messages.MessageSizes estimated size}
     * @param queueWaitNanos how long it waited in the mailbox, from the sender's send to the take, in nanoseconds
     */
    default void onMessageTaken(ProcessRef process, long estimatedBytes, long queueWaitNanos) {
        // most listeners want events only
    }
}
