package io.foundation.beam.process;

import java.util.Objects;

/**
 * System notifications that a process receives as messages. They are delivered ahead of queued user messages
 * (signals first), so a process with a million-message backlog still sees them next.
 */
public sealed interface Signal {

    /**
     * An exit signal from a linked process (or from {@code exit(pid, reason)}) turned into a message because the
     * receiver traps exits.
     *
     * @param from the process whose exit caused the signal, or that sent it
     * @param reason the exit reason carried by the signal
     */
    record Exit(ProcessRef from, ExitReason reason) implements Signal {
        /** @throws NullPointerException if an argument is null */
        public Exit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A monitored process ended.
     *
     * @param monitor the monitor that fired (it is gone afterwards)
     * @param process the process that ended
     * @param reason why it ended
     */
    record Down(MonitorRef monitor, ProcessRef process, ExitReason reason) implements Signal {
        /** @throws NullPointerException if an argument is null */
        public Down {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
