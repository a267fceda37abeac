package io.foundation.beam.internal.port;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.messages.Binary;
import io.foundation.beam.port.PortCommand;
import io.foundation.beam.port.PortExitStatus;
import io.foundation.beam.port.PortFraming;
import io.foundation.beam.port.PortFramingException;
import io.foundation.beam.port.PortMessage;
import io.foundation.beam.port.PortSpec;
import io.foundation.beam.port.StderrHandling;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.MonitorRef;
import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A port: the handler of the process that stands for an external program (Erlang's port).
 *
 * <h2>Model</h2>
 * The port is an ordinary handler-style process, so links, monitors, names, supervision and telemetry work as for
 * any other. Its {@code init} traps exits, monitors the receiver and starts the program ({@link OsProgram}) with
 * three virtual threads: a reader for stdout and one for stderr ({@link OutputReader}), which send the receiver its
 * output through {@link Delivery} (blocking, never dropping, while its mailbox is full), and a waiter, which after
 * the program's exit waits for the readers to reach end-of-file (at most the grace period: a background child may
 * hold the pipe), sends the receiver {@link PortMessage.PortExited}, then tells the port with a high-priority
 * {@link ProgramExited}. The port's own thread writes stdin: one message at a time, in mailbox order, so the
 * port's mailbox (the spec's stdin buffer, with its overflow policy) is the bounded buffer in front of the pipe, and
 * a program that does not read makes it fill.
 *
 * <h2>States</h2>
 * running (program alive) -> exiting (the port ends: {@link ProgramExited}, an exit signal, the receiver's
 * {@code Down}, a framing error, a crash, a kill, the runtime's shutdown) -> ended (program and its process group
 * ended). The port ends with {@code normal} for status 0, {@code custom(PortExitStatus)} for any other status,
 * {@code crashed(PortFramingException)} for broken framing, the exit signal's reason for an exit signal (a
 * {@code normal} one only from the receiver, whose end always closes the port, as an Erlang port closes when its
 * connected process ends), the receiver's reason when the receiver ends.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>The program is ended whenever the port ends: {@code terminate} ends it before the port is reported dead;
 *       a kill skips {@code terminate}, so the port's exit future also ends it (on a thread of its own); ending is
 *       idempotent ({@link OsProgram#end}).</li>
 *   <li>The receiver gets every frame the readers read, in order, and {@code PortExited} after them, unless it
 *       ended or the port closed first; the closing flag stops the readers' retries once the port ends.</li>
 *   <li>Messages from the port's own threads ({@link PortSignal}) are package-private types sent with high
 *       priority: no other sender can forge them, and a full stdin buffer never refuses them.</li>
 * </ul>
 * While a write blocks (the program does not read its stdin), the port handles nothing else; a kill still ends
 * it, and ending the program unblocks the write.
 */
public final class PortProcess implements ProcessHandler {

    /** Messages from the port's own threads to the port. */
    sealed interface PortSignal {
    }

    /** The program exited and its output was read. */
    record ProgramExited(int status) implements PortSignal {
    }

    /** Its output broke the framing. */
    record OutputFailed(PortFramingException error) implements PortSignal {
    }

    private final PortSpec spec;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final StderrTail stderrTail = new StderrTail();
    private ProcessRef self;
    private MonitorRef receiverMonitor;
    private OsProgram program;
    private String name;
    private boolean stdinClosed;

    private PortProcess(PortSpec spec) {
        this.spec = spec;
    }

    /**
     * @param spec a spec with a receiver
     * @return the handler of a port process for it
     * @throws IllegalArgumentException if the spec has no receiver
     */
    public static ProcessHandler handler(PortSpec spec) {
        requireReceiver(spec, "a supervised port");
        return new PortProcess(spec);
    }

    /**
     * @param spec the port's spec
     * @return the options a port process is spawned with: its stdin buffer as mailbox, spawn waiting for init
     */
    public static SpawnOptions options(PortSpec spec) {
        return SpawnOptions.defaults().withMailbox(spec.stdinBuffer()).withAwaitInit(true);
    }

    /**
     * @param runtime the runtime
     * @param spec a spec with a receiver
     * @return the port
     */
    public static ProcessRef open(BeamRuntime runtime, PortSpec spec) {
        requireReceiver(spec, "a port opened from outside a process");
        OsProgram.checkRunnable(spec);
        return runtime.spawn(new PortProcess(spec), options(spec));
    }

    /**
     * @param context the opening process
     * @param spec the spec; without a receiver, the opening process receives the output
     * @return the port, linked to the opening process
     */
    public static ProcessRef openLinked(ProcessContext context, PortSpec spec) {
        PortSpec withReceiver = spec.receiver() == null ? spec.withReceiver(context.self()) : spec;
        OsProgram.checkRunnable(withReceiver);
        return context.spawnLink(new PortProcess(withReceiver), options(withReceiver));
    }

    private static void requireReceiver(PortSpec spec, String which) {
        Objects.requireNonNull(spec, "spec");
        if (spec.receiver() == null) {
            throw new IllegalArgumentException("port '" + spec.program() + "' has no receiver: " + which
                    + " sends its output to PortSpec.withReceiver(process) (only ProcessContext.openPort defaults it "
                    + "to the opening process)");
        }
    }

    @Override
    public void init(ProcessContext ctx) {
        ctx.trapExits(true);
        self = ctx.self();
        name = "port " + self + " (" + spec.program() + ")";
        receiverMonitor = ctx.monitor(spec.receiver());
        program = OsProgram.start(spec, name);
        ctx.runtime().exitFuture(self).whenComplete((reason, error) -> {
            closing.set(true);
            Thread.ofVirtual().name(name + " end").start(() -> program.end(spec.killGracePeriod()));
        });
        Delivery delivery = new Delivery(spec.receiver(), closing);
        boolean lines = spec.framing() == PortFraming.LINE;
        Thread stdout = Thread.ofVirtual().name(name + " stdout").start(new OutputReader(
                program.process().getInputStream(), lines, spec.maxFrameBytes(), false, name + " stdout",
                frame -> delivery.deliver(OutputReader.stdoutMessage(self, frame)), this::failed));
        boolean forward = spec.stderr() == StderrHandling.FORWARD;
        Thread stderr = Thread.ofVirtual().name(name + " stderr").start(new OutputReader(
                program.process().getErrorStream(), true, spec.maxFrameBytes(), !forward, name + " stderr",
                line -> {
                    stderrTail.add((String) line);
                    return !forward || delivery.deliver(new PortMessage.PortStderr(self, (String) line));
                }, this::failed));
        Thread.ofVirtual().name(name + " exit").start(() -> awaitExit(delivery, stdout, stderr));
    }

    private void awaitExit(Delivery delivery, Thread stdout, Thread stderr) {
        int status;
        try {
            status = program.process().waitFor();
            long readersGrace = Math.max(spec.killGracePeriod().toMillis(), 1000);
            stdout.join(readersGrace);
            stderr.join(readersGrace);
        } catch (InterruptedException e) {
            return;
        }
        if (closing.get()) {
            return;
        }
        if (spec.exitStatusMessage()) {
            delivery.deliver(new PortMessage.PortExited(self, status));
        }
        if (!closing.get()) {
            self.trySend(new ProgramExited(status), Priority.HIGH);
        }
    }

    private void failed(PortFramingException error) {
        if (!closing.get()) {
            self.trySend(new OutputFailed(error), Priority.HIGH);
        }
    }

    @Override
    public Object handle(Object message, ProcessContext ctx) throws Exception {
        switch (message) {
            case String s -> write(s.getBytes(StandardCharsets.UTF_8), true);
            case byte[] bytes -> write(bytes, false);
            case Binary binary -> write(binary.toByteArray(), false);
            case PortCommand.CloseStdin close -> closeStdin();
            case ProgramExited exited -> ctx.exit(exited.status() == 0 ? ExitReason.NORMAL
                    : ExitReason.custom(new PortExitStatus(spec.program(), exited.status(), stderrTail.lines())));
            case OutputFailed failed -> throw failed.error();
            case Signal.Down down when down.monitor().equals(receiverMonitor) -> ctx.exit(down.reason());
            case Signal.Exit exit -> {
                if (!(exit.reason() instanceof ExitReason.Normal) || exit.from().equals(spec.receiver())) {
                    ctx.exit(exit.reason());
                }
            }
            case Signal.Down down -> {
                // a monitor the port did not make: impossible, ignored
            }
            default -> throw new IllegalArgumentException(name + " accepts String, byte[], Binary and PortCommand, "
                    + "got " + message.getClass().getName() + ": " + message);
        }
        return null;
    }

    private void write(byte[] bytes, boolean isText) {
        if (stdinClosed) {
            throw new IllegalStateException(name + ": got data after PortCommand.closeStdin() closed the "
                    + "program's stdin; open a new port to write again");
        }
        OutputStream out = program.stdin();
        try {
            if (spec.framing() == PortFraming.LENGTH_PREFIXED) {
                int n = bytes.length;
                out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
                out.write(bytes);
            } else {
                out.write(bytes);
                if (isText) {
                    out.write('\n');
                }
            }
            out.flush();
        } catch (IOException e) {
            if (program.process().isAlive()) {
                throw new UncheckedIOException(name + ": cannot write to the program's stdin", e);
            }
            // the program has exited: its exit status is on its way and ends the port
        }
    }

    private void closeStdin() throws IOException {
        if (!stdinClosed) {
            stdinClosed = true;
            try {
                program.stdin().close();
            } catch (IOException e) {
                if (program.process().isAlive()) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void terminate(ExitReason reason, ProcessContext ctx) {
        closing.set(true);
        if (program != null) {
            program.end(spec.killGracePeriod());
        }
    }

    /** @return e.g. {@code port <beam.7> (cat)} */
    @Override
    public String toString() {
        return name == null ? "port (" + spec.program() + ")" : name;
    }
}
