package io.foundation.beam;

import io.foundation.beam.internal.Internals;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.process.CallFailedException;
import io.foundation.beam.process.CallTimeoutException;
import io.foundation.beam.process.CallingSelfException;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.RuntimeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A process runtime: it owns processes, their mailboxes, links, monitors and registered names. Each runtime is
 * independent (there is no global state), and {@link #close()} stops every process it owns and leaves no thread
 * behind.
 *
 * <p>Processes run on virtual threads, so their code may block. A handler-style process holds no thread while it
 * waits for messages (except for at most a millisecond after it ran out of work while many virtual threads were
 * waiting for a carrier: it then keeps its thread parked, so that its next message does not wait behind all of
 * them); a receive-loop process holds a parked virtual thread while it waits in {@code receive}.
 *
 * <p>Methods here may be called from any thread. From inside a process, prefer its {@code ProcessContext}, which
 * also offers links, monitors and receive.
 */
public interface BeamRuntime extends AutoCloseable {

    /** @return a builder with the defaults */
    static Builder builder() {
        return new Builder();
    }

    /** @return a runtime with the defaults */
    static BeamRuntime create() {
        return builder().build();
    }

    /** @return the runtime's name, which prefixes its process ids */
    String name();

    /**
     * @param handler the process's handler
     * @return the new process
     * @throws io.foundation.beam.process.RuntimeClosedException if the runtime is closed
     */
    ProcessRef spawn(ProcessHandler handler);

    /**
     * @param handler the process's handler
     * @param options spawn options
     * @return the new process
     * @throws io.foundation.beam.process.RuntimeClosedException if the runtime is closed
     * @throws io.foundation.beam.process.ProcessInitException if {@code options} await init and init failed
     * @throws NameAlreadyRegisteredException if {@code options} name a name already taken
     */
    ProcessRef spawn(ProcessHandler handler, SpawnOptions options);

    /**
     * @param body the process's body
     * @return the new process
     * @throws io.foundation.beam.process.RuntimeClosedException if the runtime is closed
     */
    ProcessRef spawn(ProcessBody body);

    /**
     * @param body the process's body
     * @param options spawn options
     * @return the new process
     * @throws io.foundation.beam.process.RuntimeClosedException if the runtime is closed
     * @throws NameAlreadyRegisteredException if {@code options} name a name already taken
     */
    ProcessRef spawn(ProcessBody body, SpawnOptions options);

    /**
     * Opens a port (Erlang's {@code open_port}): starts an external program as a process of this runtime. Messages
     * sent to the returned process are written to the program's stdin; its output goes to the spec's receiver as
     * {@link io.foundation.beam.port.PortMessage}s; its exit ends the port (status 0: {@code normal}; otherwise
     * {@code custom(PortExitStatus)}), and the port's end, for any reason, ends the program and all it started. The
     * port closes when its receiver ends. See {@link io.foundation.beam.port.PortSpec}.
     *
     * @param spec the program and how to talk to it; it must name a receiver
     * @return the port, started (the program is running)
     * @throws IllegalArgumentException if the spec has no receiver, or the program is not found
     * @throws UnsupportedOperationException on an operating system without {@code /bin/sh} and {@code setsid}
     * @throws io.foundation.beam.process.ProcessInitException if the program could not be started
     * @throws io.foundation.beam.process.RuntimeClosedException if the runtime is closed
     */
    default ProcessRef openPort(io.foundation.beam.port.PortSpec spec) {
        return Internals.openPort(this, spec);
    }

    /**
     * Registers a live process under a name. The name is freed when the process ends. A process holds at most one
     * name.
     *
     * @param name the name
     * @param process the process
     * @throws NameAlreadyRegisteredException if a live process holds the name
     * @throws IllegalArgumentException if the process has ended or already has a name, or the name is blank
     */
    void register(String name, ProcessRef process);

    /**
     * @param name a name
     * @return the live process registered under it, if any
     */
    Optional<ProcessRef> whereis(String name);

    /**
     * @param name a name
     * @return whether the name was registered
     */
    boolean unregister(String name);

    /**
     * Opens a credit-based flow-controlled channel to a process: at most {@code control.window()} of its messages
     * wait in the receiver's mailbox at any time, however fast its senders are (see
     * {@link io.foundation.beam.messages.FlowControl}). The receiver needs no code for it.
     *
     * @param receiver the receiving process
     * @param control the window, retries and strategy
     * @return the channel (thread-safe)
     * @throws IllegalArgumentException if the receiver, or an alternate, is not a process of this runtime
     */
    io.foundation.beam.messages.FlowChannel openFlow(ProcessRef receiver,
            io.foundation.beam.messages.FlowControl control);

    /**
     * Message analytics of a process spawned with {@link SpawnOptions#withAnalytics(boolean) analytics on}: counts,
     * estimated sizes and time spent queued (see {@link io.foundation.beam.messages.MessageStats}); kept after the
     * process ends.
     *
     * @param process a process of this runtime
     * @return its analytics, or empty if it does not keep them
     * @throws IllegalArgumentException if the process belongs to another runtime
     */
    Optional<io.foundation.beam.messages.MessageStats> messageStats(ProcessRef process);

    /**
     * Adds a process to a named process group (as OTP's {@code pg}); it leaves every group when it ends. Joining
     * twice is the same as once.
     *
     * @param group the group's name
     * @param process a live process of this runtime
     * @throws io.foundation.beam.process.NoSuchProcessException if the process has ended
     */
    void join(String group, ProcessRef process);

    /**
     * @param group the group's name
     * @param process a process
     * @return whether it was a member
     */
    boolean leave(String group, ProcessRef process);

    /**
     * @param group the group's name
     * @return its live members now (empty for an unknown group)
     */
    List<ProcessRef> groupMembers(String group);

    /**
     * Sends a message to every member of a group. An immutable message is one shared object for all; a mutable one
     * is copied for each member with an isolated heap.
     *
     * @param group the group's name
     * @param message the message
     * @return which members it reached, and which were full or dead
     */
    io.foundation.beam.messages.BroadcastReport broadcast(String group, Object message);

    /** @return the names registered now */
    Set<String> registeredNames();

    /**
     * Sends to a registered name.
     *
     * @param name the name
     * @param message the message
     * @throws NoSuchProcessException if no live process is registered under the name
     */
    void send(String name, Object message);

    /**
     * Calls a process with the default timeout of 5 seconds.
     *
     * @param target the process
     * @param request the request
     * @return the answer
     * @throws CallingSelfException if called from the target's own thread
     * @throws ProcessExitedException at once if the target has ended or ends before answering
     * @throws CallTimeoutException if no answer came in time
     * @throws CallFailedException if the target answered with an error
     */
    Object call(ProcessRef target, Object request);

    /**
     * @param target the process
     * @param request the request
     * @param timeout the longest wait
     * @return the answer
     * @throws CallingSelfException if called from the target's own thread
     * @throws ProcessExitedException at once if the target has ended or ends before answering
     * @throws CallTimeoutException if no answer came in time
     * @throws CallFailedException if the target answered with an error
     */
    Object call(ProcessRef target, Object request, Duration timeout);

    /**
     * Calls without blocking the caller. The future fails with the exceptions {@link #call} throws.
     *
     * @param target the process
     * @param request the request
     * @param timeout the longest wait
     * @return the answer, later
     */
    CompletableFuture<Object> callAsync(ProcessRef target, Object request, Duration timeout);

    /**
     * Sends an exit signal (Erlang's {@code exit/2}).
     *
     * @param target the process
     * @param reason the reason the signal carries
     */
    void exit(ProcessRef target, ExitReason reason);

    /**
     * Kills a process (untrappable).
     *
     * @param target the process
     */
    void kill(ProcessRef target);

    /**
     * @param process a process
     * @return a future completed with the exit reason when the process ends (at once, with the reason it ended with,
     *     if it has ended: unlike a monitor, never {@link io.foundation.beam.process.ExitReason#NOPROC noproc} for a
     *     process of this runtime)
     */
    CompletableFuture<ExitReason> exitFuture(ProcessRef process);

    /**
     * @param process a process of this runtime
     * @return a snapshot of it, or empty if it has ended
     */
    Optional<ProcessInfo> info(ProcessRef process);

    /** @return the number of live processes */
    int processCount();

    /** @return a snapshot of the runtime and all its processes */
    RuntimeSnapshot snapshot();

    /** @param listener a listener to add */
    void addListener(BeamEventListener listener);

    /** @param listener a listener to remove */
    void removeListener(BeamEventListener listener);

    /**
     * Stops every process: a shutdown exit signal to each, a wait of up to {@code gracePeriod}, then a kill of
     * those left; afterwards the runtime accepts no new process. Calling it again reports nothing new.
     *
     * @param gracePeriod how long processes get to end after the shutdown signal
     * @return what happened
     */
    ShutdownReport shutdown(Duration gracePeriod);

    /** Shuts down with the builder's grace period (default 5 seconds). */
    @Override
    void close();

    /** @return whether shutdown has begun */
    boolean isClosed();

    /** Builds a {@link BeamRuntime}. Every setter validates at once and names the offending value. */
    final class Builder {
        private String name = "beam";
        private Ticker ticker = Ticker.system();
        private MailboxSpec defaultMailbox = MailboxSpec.unbounded();
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private Duration orphanGracePeriod = Duration.ofSeconds(1);
        private Duration housekeepingInterval = Duration.ofMillis(100);
        private int messagesPerActivation = 256;
        private final List<BeamEventListener> listeners = new ArrayList<>();

        Builder() {
        }

        /**
         * @param name the runtime's name, shown in process ids (letters, digits, '-', '_' and '.')
         * @return this builder
         * @throws IllegalArgumentException if the name is empty or has other characters
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(
                        "runtime name must be letters, digits, '.', '-' or '_', got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * @param ticker the monotonic clock (tests inject a manual one)
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @param mailbox the mailbox of processes spawned without one (default unbounded)
         * @return this builder
         */
        public Builder defaultMailbox(MailboxSpec mailbox) {
            this.defaultMailbox = Objects.requireNonNull(mailbox, "mailbox");
            return this;
        }

        /**
         * @param timeout the grace period of {@link BeamRuntime#close()} (default 5 s)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = requireNotNegative(timeout, "shutdownTimeout");
            return this;
        }

        /**
         * @param grace how long a killed process's thread may run on before it counts as an orphan (default 1 s)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder orphanGracePeriod(Duration grace) {
            this.orphanGracePeriod = requireNotNegative(grace, "orphanGracePeriod");
            return this;
        }

        /**
         * @param interval how often the runtime checks for idle processes to hibernate and for orphans (default 100 ms)
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder housekeepingInterval(Duration interval) {
            requireNotNegative(interval, "housekeepingInterval");
            if (interval.isZero()) {
                throw new IllegalArgumentException("housekeepingInterval must be positive, got " + interval);
            }
            this.housekeepingInterval = interval;
            return this;
        }

        /**
         * @param count how many messages a busy process (handler or receive loop) takes between two looks at the
         *     clock (default 256). Once it has run for 0.2 ms since its turn on the carrier began, it asks the JDK's
         *     scheduler whether virtual threads are waiting for a carrier; it lets them run if some are waiting and
         *     the other carriers are not taking them (the queue did not shrink during its slice and no other process
         *     began to run), and otherwise keeps its carrier for another slice, for at most 10 slices in a row while
         *     the queue grows. So cheap handlers are not interrupted every few microseconds, a busy process never
         *     yields for nothing, and no process keeps waiting long for a carrier that busy processes hold (on JDK
         *     21-23, whose scheduler does not report its queue, a busy process lets others run after every slice).
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder messagesPerActivation(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("messagesPerActivation must be at least 1, got " + count);
            }
            this.messagesPerActivation = count;
            return this;
        }

        /**
         * @param listener a telemetry listener
         * @return this builder
         */
        public Builder listener(BeamEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @return a new runtime */
        public BeamRuntime build() {
            return Internals.newRuntime(name, ticker, defaultMailbox, shutdownTimeout, orphanGracePeriod,
                    housekeepingInterval, messagesPerActivation, listeners);
        }

        private static Duration requireNotNegative(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
