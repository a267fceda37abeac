package io.foundation.beam.supervision;

import io.foundation.beam.process.BeamException;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervisor refused a request: OTP's {@code {error, Reason}} answers of the {@code supervisor} API, with the reason
 * as a {@link Reason} (and, for {@link Reason#ALREADY_STARTED}, the running child's pid) so that callers need not parse
 * the message, which still says why in words.
 */
public final class SupervisorException extends BeamException {

    private static final long serialVersionUID = 2L;

    /** Why a request was refused: OTP's error reasons. */
    public enum Reason {
        /**
         * {@code startChild} with the id of a running child: OTP's {@code {already_started, Pid}}; the child's pid is
         * {@link #process()}.
         */
        ALREADY_STARTED,
        /**
         * {@code startChild} with the id of a child whose spec is kept but which is not running (terminated, or waiting
         * for a restart): OTP's {@code already_present}.
         */
        ALREADY_PRESENT,
        /** {@code terminateChild}, {@code restartChild} or {@code deleteChild} of an unknown id: OTP's {@code not_found}. */
        NOT_FOUND,
        /** {@code restartChild} or {@code deleteChild} of a running child: OTP's {@code running}. */
        RUNNING,
        /**
         * {@code restartChild} or {@code deleteChild} of a child whose restart is pending (a backoff delay, or a retry
         * after a failed restart): OTP's {@code restarting}.
         */
        RESTARTING,
        /** Any other refusal (made with {@link #SupervisorException(String)}); the message says why. */
        OTHER,
        /**
         * {@code DynamicSupervisor.startChild} when the supervisor holds its {@code maxChildren} children already:
         * Elixir's {@code {:error, :max_children}}.
         */
        MAX_CHILDREN
    }

    private final Reason reason;
    private final transient ProcessRef process;

    /**
     * A refusal with reason {@link Reason#OTHER}.
     *
     * @param message what was refused and why
     */
    public SupervisorException(String message) {
        this(Reason.OTHER, message, null);
    }

    /**
     * @param reason why it was refused
     * @param message what was refused and why, in words
     * @throws NullPointerException if {@code reason} is null
     */
    public SupervisorException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * @param reason why it was refused
     * @param message what was refused and why, in words
     * @param process the process involved (the running child, for {@link Reason#ALREADY_STARTED}), or null
     * @throws NullPointerException if {@code reason} is null
     */
    public SupervisorException(Reason reason, String message, ProcessRef process) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.process = process;
    }

    /** @return why the request was refused */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the process involved: the running child's pid for {@link Reason#ALREADY_STARTED}, empty otherwise (and
     *     after deserialization: a pid is local to its runtime)
     */
    public Optional<ProcessRef> process() {
        return Optional.ofNullable(process);
    }
}
