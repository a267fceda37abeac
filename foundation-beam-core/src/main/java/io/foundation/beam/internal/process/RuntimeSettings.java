package io.foundation.beam.internal.process;

import io.foundation.beam.Ticker;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.telemetry.BeamEventListener;
import java.time.Duration;
import java.util.List;

/**
 * What {@code BeamRuntime.Builder} collected, validated there.
 *
 * @param name runtime name
 * @param ticker clock
 * @param defaultMailbox mailbox of processes spawned without one
 * @param shutdownTimeout grace period of {@code close()}
 * @param orphanGracePeriod how long a killed process's thread may run on before it counts as orphaned
 * @param housekeepingInterval period of hibernation and orphan checks
 * @param messagesPerActivation messages a busy process handles before it lets others run
 * @param listeners initial telemetry listeners
 */
public record RuntimeSettings(String name, Ticker ticker, MailboxSpec defaultMailbox, Duration shutdownTimeout,
        Duration orphanGracePeriod, Duration housekeepingInterval, int messagesPerActivation,
        List<BeamEventListener> listeners) {

    /** Copies the listener list. */
    public RuntimeSettings {
        listeners = List.copyOf(listeners);
    }
}
