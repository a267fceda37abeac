package io.foundation.beam.port;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.process.ProcessRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a port runs and how it talks to it. Immutable; start from {@link #of(String, String...)} and use the
 * {@code with*} methods.
 *
 * @param command the program and its arguments (run directly, not through a shell; the program is looked up on
 *     {@code PATH} unless it contains a {@code '/'})
 * @param workingDirectory the program's working directory, or null for the JVM's
 * @param environment variables added to (or replacing in) the JVM's environment for the program
 * @param framing how output (and input) is cut into messages (default {@link PortFraming#LINE})
 * @param maxFrameBytes the longest line (in UTF-8 bytes, without {@code '\n'}) or frame accepted from the program
 *     (default 65 536); longer output ends the port with a {@link PortFramingException}
 * @param receiver the process that receives the output and {@link PortMessage.PortExited}, or null: then the
 *     process that opens the port from its {@code ProcessContext}; opening from outside a process, or as a
 *     supervised child, needs one
 * @param stderr what to do with the program's stderr (default {@link StderrHandling#TAIL})
 * @param stdinBuffer the port process's mailbox, which is the buffer of messages waiting to be written to the
 *     program's stdin, with its overflow policy (default 1 024 messages, senders blocked up to 5 s)
 * @param exitStatusMessage whether the receiver also gets a {@link PortMessage.PortExited} (Erlang's
 *     {@code exit_status} option; default true)
 * @param killGracePeriod how long the program (and its descendants) get between SIGTERM and SIGKILL when the port
 *     ends (default 2 s)
 */
public record PortSpec(List<String> command, Path workingDirectory, Map<String, String> environment,
        PortFraming framing, int maxFrameBytes, ProcessRef receiver, StderrHandling stderr, MailboxSpec stdinBuffer,
        boolean exitStatusMessage, Duration killGracePeriod) {

    /** The default maximum line or frame size. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 65_536;

    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException if the command is empty or has a blank program, {@code maxFrameBytes} is
     *     below 1, or the grace period is negative
     * @throws NullPointerException if a required argument is null
     */
    public PortSpec {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("a port's command needs a program, got " + command);
        }
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(stdinBuffer, "stdinBuffer");
        Objects.requireNonNull(killGracePeriod, "killGracePeriod");
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("port '" + command.get(0) + "': maxFrameBytes must be at least 1, got "
                    + maxFrameBytes);
        }
        if (killGracePeriod.isNegative()) {
            throw new IllegalArgumentException("port '" + command.get(0) + "': killGracePeriod must not be negative, got "
                    + killGracePeriod);
        }
    }

    /**
     * @param program the program (looked up on {@code PATH} unless it contains a {@code '/'})
     * @param args its arguments
     * @return a spec with the defaults: line framing, stderr tail kept, no receiver yet
     */
    public static PortSpec of(String program, String... args) {
        Objects.requireNonNull(program, "program");
        List<String> command = new java.util.ArrayList<>(args.length + 1);
        command.add(program);
        for (String a : args) {
            command.add(Objects.requireNonNull(a, "argument"));
        }
        return new PortSpec(command, null, Map.of(), PortFraming.LINE, DEFAULT_MAX_FRAME_BYTES, null,
                StderrHandling.TAIL, MailboxSpec.blocking(1024, Duration.ofSeconds(5)), true, Duration.ofSeconds(2));
    }

    /** @return the program (the command's first word), as reasons and errors name it */
    public String program() {
        return command.get(0);
    }

    /**
     * @param directory the program's working directory
     * @return a copy with it
     */
    public PortSpec withWorkingDirectory(Path directory) {
        return new PortSpec(command, Objects.requireNonNull(directory, "directory"), environment, framing,
                maxFrameBytes, receiver, stderr, stdinBuffer, exitStatusMessage, killGracePeriod);
    }

    /**
     * @param name a variable's name
     * @param value its value for the program
     * @return a copy with the variable added (or replaced)
     */
    public PortSpec withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new PortSpec(command, workingDirectory, env, framing, maxFrameBytes, receiver, stderr, stdinBuffer,
                exitStatusMessage, killGracePeriod);
    }

    /**
     * @param maxLineBytes the longest line accepted, in UTF-8 bytes without the {@code '\n'}
     * @return a copy with {@link PortFraming#LINE} framing
     */
    public PortSpec withLineFraming(int maxLineBytes) {
        return new PortSpec(command, workingDirectory, environment, PortFraming.LINE, maxLineBytes, receiver, stderr,
                stdinBuffer, exitStatusMessage, killGracePeriod);
    }

    /**
     * @param maxFrameSize the longest frame accepted, in bytes without the 4-byte length
     * @return a copy with {@link PortFraming#LENGTH_PREFIXED} framing
     */
    public PortSpec withLengthPrefixedFraming(int maxFrameSize) {
        return new PortSpec(command, workingDirectory, environment, PortFraming.LENGTH_PREFIXED, maxFrameSize, receiver,
                stderr, stdinBuffer, exitStatusMessage, killGracePeriod);
    }

    /**
     * @param process the process that receives the port's output and exit status (the port closes when it ends)
     * @return a copy with it
     */
    public PortSpec withReceiver(ProcessRef process) {
        return new PortSpec(command, workingDirectory, environment, framing, maxFrameBytes,
                Objects.requireNonNull(process, "process"), stderr, stdinBuffer, exitStatusMessage, killGracePeriod);
    }

    /**
     * @param handling what to do with the program's stderr
     * @return a copy with it
     */
    public PortSpec withStderr(StderrHandling handling) {
        return new PortSpec(command, workingDirectory, environment, framing, maxFrameBytes, receiver,
                Objects.requireNonNull(handling, "handling"), stdinBuffer, exitStatusMessage, killGracePeriod);
    }

    /**
     * @param buffer the port's mailbox: how many messages may wait to be written to stdin, and what a send does
     *     when they fill it (the mailbox policies' semantics: {@code REJECT} refuses, {@code BLOCK_SENDER} waits,
     *     {@code DROP_*} drops, each counted and reported)
     * @return a copy with it
     */
    public PortSpec withStdinBuffer(MailboxSpec buffer) {
        return new PortSpec(command, workingDirectory, environment, framing, maxFrameBytes, receiver, stderr,
                Objects.requireNonNull(buffer, "buffer"), exitStatusMessage, killGracePeriod);
    }

    /**
     * @param send whether the receiver gets a {@link PortMessage.PortExited} when the program exits
     * @return a copy with the flag
     */
    public PortSpec withExitStatusMessage(boolean send) {
        return new PortSpec(command, workingDirectory, environment, framing, maxFrameBytes, receiver, stderr,
                stdinBuffer, send, killGracePeriod);
    }

    /**
     * @param grace how long the program and its descendants get between SIGTERM and SIGKILL when the port ends
     * @return a copy with it
     */
    public PortSpec withKillGracePeriod(Duration grace) {
        return new PortSpec(command, workingDirectory, environment, framing, maxFrameBytes, receiver, stderr,
                stdinBuffer, exitStatusMessage, Objects.requireNonNull(grace, "grace"));
    }
}
