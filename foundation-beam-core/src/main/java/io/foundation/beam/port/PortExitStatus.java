package io.foundation.beam.port;

import java.util.List;
import java.util.Objects;

/**
 * The term of a port's exit reason when its program exited with a non-zero status: the port ends with
 * {@code ExitReason.custom(new PortExitStatus(...))}, which is abnormal, so linked processes crash and supervisors
 * restart it. (A status of 0 ends the port with {@code normal}.)
 *
 * @param program the program (the command's first word)
 * @param status its exit status (128 + n when a signal n ended it)
 * @param stderrTail the last lines it wrote to stderr (at most {@link #STDERR_TAIL_LINES}), oldest first
 */
public record PortExitStatus(String program, int status, List<String> stderrTail) {

    /** How many stderr lines the reason keeps. */
    public static final int STDERR_TAIL_LINES = 10;

    /** @throws NullPointerException if an argument is null */
    public PortExitStatus {
        Objects.requireNonNull(program, "program");
        stderrTail = List.copyOf(stderrTail);
    }

    /** @return e.g. {@code {port_exit, sh, 3}}, with the stderr tail when there is one */
    @Override
    public String toString() {
        return "{port_exit, " + program + ", " + status + "}"
                + (stderrTail.isEmpty() ? "" : " stderr: " + String.join(" | ", stderrTail));
    }
}
