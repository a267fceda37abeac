package io.foundation.beam.port;

import io.foundation.beam.messages.Binary;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;

/**
 * What a port's receiver gets from the port. Output messages arrive in the order the program wrote them (stdout and
 * stderr each in order; the two are independent streams). {@link PortExited} comes after all output the port read.
 * The port's own exit is an exit signal (or a {@code Signal.Down} for a monitor), which, being a signal, overtakes
 * queued messages: a monitor may see the port's {@code Down} before its last output messages.
 */
public sealed interface PortMessage {

    /** @return the port that sent it */
    ProcessRef port();

    /**
     * A line of the program's stdout ({@link PortFraming#LINE}), without its {@code '\n'}.
     *
     * @param port the port
     * @param line the line, decoded as UTF-8
     */
    record PortData(ProcessRef port, String line) implements PortMessage {
        /** @throws NullPointerException if an argument is null */
        public PortData {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * A frame of the program's stdout ({@link PortFraming#LENGTH_PREFIXED}), without its length prefix.
     *
     * @param port the port
     * @param frame the frame's bytes (immutable, shared without copying)
     */
    record PortBytes(ProcessRef port, Binary frame) implements PortMessage {
        /** @throws NullPointerException if an argument is null */
        public PortBytes {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(frame, "frame");
        }
    }

    /**
     * A line of the program's stderr, with {@link StderrHandling#FORWARD}.
     *
     * @param port the port
     * @param line the line, decoded as UTF-8
     */
    record PortStderr(ProcessRef port, String line) implements PortMessage {
        /** @throws NullPointerException if an argument is null */
        public PortStderr {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * The program exited (Erlang's {@code {Port, {exit_status, Status}}}), sent unless the spec turned it off.
     *
     * @param port the port
     * @param status the program's exit status (128 + n when a signal n ended it)
     */
    record PortExited(ProcessRef port, int status) implements PortMessage {
        /** @throws NullPointerException if {@code port} is null */
        public PortExited {
            Objects.requireNonNull(port, "port");
        }
    }
}
