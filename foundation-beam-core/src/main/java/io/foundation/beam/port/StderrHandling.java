package io.foundation.beam.port;

/** What a port does with the program's standard error. */
public enum StderrHandling {
    /**
     * Keep only its last lines (at most {@link PortExitStatus#STDERR_TAIL_LINES}, each cut to the spec's maximum
     * frame size): they are part of the exit reason when the program exits with a non-zero status. The default.
     */
    TAIL,
    /** Forward each line to the receiver as a {@link PortMessage.PortStderr} (and keep the tail as with TAIL). */
    FORWARD
}
