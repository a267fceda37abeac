package io.foundation.beam.internal.process;

import io.foundation.beam.process.ExitReason;

/**
 * A signal queued for a process ahead of its messages (a node of the cell's signal stack). Signals are consumed on
 * the process's own thread, before the next message.
 */
abstract sealed class SystemSignal permits SystemSignal.ExitSignal, SystemSignal.DownSignal, SystemSignal.Wake,
        SystemSignal.Urgent {

    /** Next older signal in the stack (written before publication, read after). */
    SystemSignal next;

    /** An exit signal: from a linked process that ended ({@code viaLink}), or sent with exit/2. */
    static final class ExitSignal extends SystemSignal {
        final io.foundation.beam.process.ProcessRef from;
        final ExitReason reason;
        final boolean viaLink;

        ExitSignal(io.foundation.beam.process.ProcessRef from, ExitReason reason, boolean viaLink) {
            this.from = from;
            this.reason = reason;
            this.viaLink = viaLink;
        }
    }

    /** A monitor of this process fired. */
    static final class DownSignal extends SystemSignal {
        final Monitor monitor;
        final ExitReason reason;

        DownSignal(Monitor monitor, ExitReason reason) {
            this.monitor = monitor;
            this.reason = reason;
        }
    }

    /** Asks an idle process to hibernate (sent by the housekeeper). */
    static final class Wake extends SystemSignal {
        final boolean hibernate;

        Wake(boolean hibernate) {
            this.hibernate = hibernate;
        }
    }

    /** A high-priority user message: it joins the system messages, ahead of the mailbox. */
    static final class Urgent extends SystemSignal {
        final Object message;

        Urgent(Object message) {
            this.message = message;
        }
    }
}
