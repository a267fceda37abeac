package io.foundation.beam.port;

/** How a port cuts the program's output (and writes messages to its input) into messages. */
public enum PortFraming {
    /**
     * Lines of UTF-8 text: each line of output (without its {@code '\n'}) arrives as a {@link PortMessage.PortData};
     * a {@code String} sent to the port is written followed by {@code '\n'}. A line longer than the spec's maximum
     * ends the port with a {@link PortFramingException} (never cut silently); a last line without {@code '\n'} at the
     * end of the output is delivered as it is.
     */
    LINE,
    /**
     * Binary frames, each a 4-byte big-endian length followed by that many bytes, both ways: each output frame
     * arrives as a {@link PortMessage.PortBytes}, and each {@code String}, {@code byte[]} or
     * {@link io.foundation.beam.messages.Binary} sent to the port is written as one frame. A frame longer than the
     * spec's maximum, a negative length, or output that ends inside a frame ends the port with a
     * {@link PortFramingException}.
     */
    LENGTH_PREFIXED
}
