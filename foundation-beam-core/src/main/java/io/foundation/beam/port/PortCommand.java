package io.foundation.beam.port;

/**
 * Commands a port accepts besides data ({@code String}, {@code byte[]}, {@link io.foundation.beam.messages.Binary}).
 * They are handled in order with the data sent before them.
 */
public sealed interface PortCommand {

    /** @return the command that closes the program's stdin (it then reads end-of-file, as {@code cat} needs to end) */
    static PortCommand closeStdin() {
        return CloseStdin.INSTANCE;
    }

    /** Closes the program's stdin; data sent afterwards is refused by ending the port with a crash. */
    enum CloseStdin implements PortCommand {
        /** The one instance. */
        INSTANCE
    }
}
