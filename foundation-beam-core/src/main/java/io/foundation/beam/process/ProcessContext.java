package io.foundation.beam.process;

import io.foundation.beam.BeamRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a process's code can do to itself and to the world. A context belongs to one process and must only be used
 * from that process's own thread (the one running its handler or body); other threads get an
 * {@link IllegalStateException}.
 *
 * <h2>Receiving</h2>
 * Receives look first at signals (exit signals and monitor notifications, which overtake queued messages), then at
 * messages in arrival order. Selective receives ({@link #receive(Class, Duration)},
 * {@link #receive(Predicate, Duration)}) leave messages that do not match queued, in order, for later receives and
 * for the handler. A negative timeout is an error; {@link Duration#ZERO} polls.
 *
 * <h2>Exit signals</h2>
 * A process that does not trap exits ends when it gets an exit signal with an abnormal reason (from a linked process
 * that ended, or from {@link #exit(ProcessRef, ExitReason)}); a {@code normal} signal is ignored. A process that
 * traps exits gets {@link Signal.Exit} messages instead, except for {@link #kill(ProcessRef)}, which always ends
 * it.
 */
public interface ProcessContext {

    /** The timeout of {@link #call(ProcessRef, Object)}, as in OTP. */
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    /** @return this process */
    ProcessRef self();

    /** @return the runtime that owns this process */
    BeamRuntime runtime();

    /**
     * Waits for the next message, without limit.
     *
     * @return the next signal or message
     */
    Object receive();

    /**
     * Waits for the next message.
     *
     * @param timeout the longest wait; zero polls
     * @return the next signal or message, or empty if none came in time
     */
    Optional<Object> receive(Duration timeout);

    /**
     * Waits, without limit, for the first queued message of a type; others stay queued in order.
     *
     * @param type the type to receive
     * @param <T> the type
     * @return the message
     */
    <T> T receive(Class<T> type);

    /**
     * Waits for the first queued message of a type; others stay queued in order.
     *
     * @param type the type to receive
     * @param timeout the longest wait; zero polls
     * @param <T> the type
     * @return the message, or empty if none came in time
     */
    <T> Optional<T> receive(Class<T> type, Duration timeout);

    /**
     * Waits for the first queued message that matches; others stay queued in order.
     *
     * @param matcher selects the message
     * @param timeout the longest wait; zero polls
     * @return the message, or empty if none came in time
     */
    Optional<Object> receive(Predicate<Object> matcher, Duration timeout);

    /**
     * Sends a request and waits for the answer, up to {@link #DEFAULT_CALL_TIMEOUT}.
     *
     * @param target the process to ask
     * @param request the request
     * @return the answer
     * @throws CallingSelfException if {@code target} is this process
     * @throws ProcessExitedException at once if the target has ended or ends before answering
     * @throws CallTimeoutException if no answer came in time
     * @throws CallFailedException if the target answered with an error
     */
    Object call(ProcessRef target, Object request);

    /**
     * Sends a request and waits for the answer.
     *
     * @param target the process to ask
     * @param request the request
     * @param timeout the longest wait
     * @return the answer
     * @throws CallingSelfException if {@code target} is this process
     * @throws ProcessExitedException at once if the target has ended or ends before answering
     * @throws CallTimeoutException if no answer came in time
     * @throws CallFailedException if the target answered with an error
     */
    Object call(ProcessRef target, Object request, Duration timeout);

    /**
     * @param handler the new process's handler
     * @return the new process
     */
    ProcessRef spawn(ProcessHandler handler);

    /**
     * @param handler the new process's handler
     * @param options spawn options
     * @return the new process
     */
    ProcessRef spawn(ProcessHandler handler, SpawnOptions options);

    /**
     * @param body the new process's body
     * @return the new process
     */
    ProcessRef spawn(ProcessBody body);

    /**
     * @param body the new process's body
     * @param options spawn options
     * @return the new process
     */
    ProcessRef spawn(ProcessBody body, SpawnOptions options);

    /**
     * Spawns a process linked to this one (atomically: the link exists before the new process runs).
     *
     * @param handler the new process's handler
     * @return the new process
     */
    ProcessRef spawnLink(ProcessHandler handler);

    /**
     * @param handler the new process's handler
     * @param options spawn options
     * @return the new process, linked to this one
     */
    ProcessRef spawnLink(ProcessHandler handler, SpawnOptions options);

    /**
     * @param body the new process's body
     * @return the new process, linked to this one
     */
    ProcessRef spawnLink(ProcessBody body);

    /**
     * @param body the new process's body
     * @param options spawn options
     * @return the new process, linked to this one
     */
    ProcessRef spawnLink(ProcessBody body, SpawnOptions options);

    /**
     * Spawns a process monitored by this one (atomically: the monitor exists before the new process runs).
     *
     * @param handler the new process's handler
     * @return the new process and its monitor
     */
    MonitoredProcess spawnMonitor(ProcessHandler handler);

    /**
     * @param handler the new process's handler
     * @param options spawn options
     * @return the new process and its monitor
     */
    MonitoredProcess spawnMonitor(ProcessHandler handler, SpawnOptions options);

    /**
     * @param body the new process's body
     * @return the new process and its monitor
     */
    MonitoredProcess spawnMonitor(ProcessBody body);

    /**
     * @param body the new process's body
     * @param options spawn options
     * @return the new process and its monitor
     */
    MonitoredProcess spawnMonitor(ProcessBody body, SpawnOptions options);

    /**
     * Opens a port linked to this process (Erlang's {@code open_port}, which links the port to its owner): see
     * {@link BeamRuntime#openPort}. Without a receiver in the spec, this process receives the port's output. The
     * port closes when its receiver ends, even normally; an abnormal end of the port (a non-zero exit status is one)
     * reaches this process through the link.
     *
     * @param spec the program and how to talk to it
     * @return the port, started and linked to this process
     * @throws IllegalArgumentException if the program is not found
     * @throws UnsupportedOperationException on an operating system without {@code /bin/sh} and {@code setsid}
     * @throws ProcessInitException if the program could not be started
     */
    default ProcessRef openPort(io.foundation.beam.port.PortSpec spec) {
        return io.foundation.beam.internal.Internals.openLinkedPort(this, spec);
    }

    /**
     * Links this process to another, in both directions: when either ends abnormally, the other gets an exit signal.
     * Linking twice is one link; linking to itself does nothing.
     *
     * <p>Linking to a process that has already ended makes no link and delivers {@link ExitReason#NOPROC}, as OTP's
     * {@code link/1} does: a process that traps exits gets a {@link Signal.Exit} from {@code other} with reason
     * {@code noproc}; one that does not trap exits ends at once with reason {@code noproc} (this call does not
     * return; OTP raises {@code noproc} from {@code link/1} in that case). The reason {@code other} ended with is
     * {@link ProcessRef#exitReason()}. A process that ends while the link is being made sends its exit signal with its
     * own reason, as if linked just before. For a process on another node, the router to that node reports its end.
     *
     * @param other the process to link to
     */
    void link(ProcessRef other);

    /**
     * Removes a link, in both directions; no exit signal from it arrives afterwards.
     *
     * @param other the linked process
     */
    void unlink(ProcessRef other);

    /**
     * Monitors a process: when it ends this process gets one {@link Signal.Down} with its reason. If it has already
     * ended (or never existed) the {@code Down} comes at once with reason {@link ExitReason#NOPROC}, as in OTP; the
     * reason it ended with is then {@link ProcessRef#exitReason()}. Monitoring twice makes two monitors.
     *
     * @param target the process to monitor
     * @return the new monitor
     */
    MonitorRef monitor(ProcessRef target);

    /**
     * Removes a monitor and any {@link Signal.Down} of it not yet received.
     *
     * @param monitor a monitor this process created
     * @return whether the monitor was still active
     */
    boolean demonitor(MonitorRef monitor);

    /**
     * Turns exit signals into {@link Signal.Exit} messages (true) or back into exits (false).
     *
     * @param trap whether to trap exits
     */
    void trapExits(boolean trap);

    /** @return whether this process traps exits */
    boolean isTrappingExits();

    /**
     * Ends this process with a reason, unwinding its code (Erlang's {@code exit/1}). Never returns normally.
     *
     * @param reason the exit reason
     */
    void exit(ExitReason reason);

    /**
     * Sends an exit signal to another process (Erlang's {@code exit/2}).
     *
     * @param target the process
     * @param reason the reason carried by the signal
     */
    void exit(ProcessRef target, ExitReason reason);

    /**
     * Kills a process: untrappable, reported at once with reason {@link ExitReason.Killed}.
     *
     * @param target the process
     */
    void kill(ProcessRef target);

    /**
     * Handler style: after the current message, trim buffers and hibernate until the next message. (A handler
     * process holds no thread between messages anyway; hibernation also drops its buffers.)
     */
    void hibernate();

    /**
     * Receive-loop style: when the current body returns, hold no thread and trim buffers until the next message
     * arrives, then run {@code next} (Erlang's {@code hibernate/3}).
     *
     * @param next the body to run when the next message arrives
     */
    void hibernate(ProcessBody next);

    /**
     * Registers this process under a name.
     *
     * @param name the name
     * @throws NameAlreadyRegisteredException if another live process holds the name
     */
    void register(String name);
}
