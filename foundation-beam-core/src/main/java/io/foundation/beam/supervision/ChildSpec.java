package io.foundation.beam.supervision;

import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.SpawnOptions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a supervisor starts, restarts and stops one child (OTP's child specification). A child is started with a
 * fresh behaviour from its factory every time, so a restarted child never sees its predecessor's state.
 *
 * @param id unique among its siblings
 * @param start what to run
 * @param restart when to restart it (default PERMANENT)
 * @param shutdown how to stop it (default 5 s for workers, infinity for supervisors)
 * @param backoff delay before restarts, or null for OTP's immediate restart
 * @param significant whether its ending by itself counts for its supervisor's {@link AutoShutdown} (OTP 24's
 *     {@code significant}; default false); only a {@code TRANSIENT} or {@code TEMPORARY} child may be significant
 */
public record ChildSpec(String id, Start start, RestartType restart, ShutdownPolicy shutdown, RestartBackoff backoff,
        boolean significant) {

    /** What a child runs. */
    public sealed interface Start {
    }

    /**
     * A handler-style worker.
     *
     * @param factory makes a fresh handler for each start
     * @param options spawn options (awaitInit is always on: children start synchronously, in order)
     */
    public record HandlerStart(Supplier<? extends ProcessHandler> factory, SpawnOptions options) implements Start {
        /** @throws NullPointerException if an argument is null */
        public HandlerStart {
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * A receive-loop worker.
     *
     * @param factory makes a fresh body for each start
     * @param options spawn options
     */
    public record BodyStart(Supplier<? extends ProcessBody> factory, SpawnOptions options) implements Start {
        /** @throws NullPointerException if an argument is null */
        public BodyStart {
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * A nested supervisor.
     *
     * @param spec its spec
     */
    public record SupervisorStart(SupervisorSpec spec) implements Start {
        /** @throws NullPointerException if the spec is null */
        public SupervisorStart {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * A nested dynamic supervisor (see {@link DynamicSupervisor#childSpec}); it starts with no children.
     *
     * @param spec its spec
     */
    public record DynamicSupervisorStart(DynamicSupervisorSpec spec) implements Start {
        /** @throws NullPointerException if the spec is null */
        public DynamicSupervisorStart {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * @throws IllegalArgumentException if the id is blank, or a {@code PERMANENT} child is significant (OTP's
     *     {@code bad_combination} of {@code permanent} and {@code significant})
     * @throws NullPointerException if a required argument is null
     */
    public ChildSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("child id must not be blank");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        if (significant && restart == RestartType.PERMANENT) {
            throw new IllegalArgumentException("child '" + id + "' is PERMANENT and significant: only a TRANSIENT or "
                    + "TEMPORARY child may be significant (a permanent child never ends by itself for good)");
        }
    }

    /**
     * A child that is not significant.
     *
     * @param id unique among its siblings
     * @param start what to run
     * @param restart when to restart it
     * @param shutdown how to stop it
     * @param backoff delay before restarts, or null
     * @throws IllegalArgumentException if the id is blank
     */
    public ChildSpec(String id, Start start, RestartType restart, ShutdownPolicy shutdown, RestartBackoff backoff) {
        this(id, start, restart, shutdown, backoff, false);
    }

    /**
     * @param id the child's id
     * @param factory makes a fresh handler for each start
     * @return a permanent worker with a 5 s shutdown
     */
    public static ChildSpec worker(String id, Supplier<? extends ProcessHandler> factory) {
        return new ChildSpec(id, new HandlerStart(factory, SpawnOptions.defaults()), RestartType.PERMANENT,
                ShutdownPolicy.WORKER_DEFAULT, null);
    }

    /**
     * @param id the child's id
     * @param factory makes a fresh body for each start
     * @return a permanent receive-loop worker with a 5 s shutdown
     */
    public static ChildSpec bodyWorker(String id, Supplier<? extends ProcessBody> factory) {
        return new ChildSpec(id, new BodyStart(factory, SpawnOptions.defaults()), RestartType.PERMANENT,
                ShutdownPolicy.WORKER_DEFAULT, null);
    }

    /**
     * @param id the child's id
     * @param spec the nested supervisor's spec
     * @return a permanent child supervisor with an unbounded shutdown (its children need their own time)
     */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        return new ChildSpec(id, new SupervisorStart(spec), RestartType.PERMANENT, ShutdownPolicy.infinity(), null);
    }

    /**
     * A port as a child: each start opens the port (starts the program) linked to the supervisor, so a program that
     * exits with a non-zero status, or cannot start, is restarted as any crashed child (add a
     * {@link #withBackoff(RestartBackoff) backoff} for a program that keeps failing). Its output goes to the spec's
     * receiver, which is required; the port closes when the receiver ends.
     *
     * @param id the child's id
     * @param spec the port's spec, with a receiver
     * @return a permanent worker with a 5 s shutdown (the program's kill grace period should be shorter)
     * @throws IllegalArgumentException if the spec has no receiver
     */
    public static ChildSpec port(String id, io.foundation.beam.port.PortSpec spec) {
        io.foundation.beam.internal.Internals.portHandler(spec); // validates the receiver now, not at the first start
        return new ChildSpec(id, new HandlerStart(() -> io.foundation.beam.internal.Internals.portHandler(spec),
                io.foundation.beam.internal.Internals.portOptions(spec)), RestartType.PERMANENT,
                ShutdownPolicy.WORKER_DEFAULT, null);
    }

    /** @return whether the child is a supervisor (a {@link Supervisor} or a {@link DynamicSupervisor}) */
    public boolean isSupervisor() {
        return start instanceof SupervisorStart || start instanceof DynamicSupervisorStart;
    }

    /**
     * @param type the restart type
     * @return a copy with it
     */
    public ChildSpec withRestart(RestartType type) {
        return new ChildSpec(id, start, type, shutdown, backoff, significant);
    }

    /**
     * @param policy the shutdown policy
     * @return a copy with it
     */
    public ChildSpec withShutdown(ShutdownPolicy policy) {
        return new ChildSpec(id, start, restart, policy, backoff, significant);
    }

    /**
     * @param restartBackoff the restart backoff
     * @return a copy with it
     */
    public ChildSpec withBackoff(RestartBackoff restartBackoff) {
        return new ChildSpec(id, start, restart, shutdown, Objects.requireNonNull(restartBackoff, "backoff"),
                significant);
    }

    /**
     * @param isSignificant whether the child is significant for its supervisor's {@link AutoShutdown} (OTP 24)
     * @return a copy with it
     * @throws IllegalArgumentException if the child is {@code PERMANENT} and {@code isSignificant} is true: set a
     *     {@code TRANSIENT} or {@code TEMPORARY} restart first
     */
    public ChildSpec withSignificant(boolean isSignificant) {
        return new ChildSpec(id, start, restart, shutdown, backoff, isSignificant);
    }

    /**
     * @param options spawn options for the child (mailbox, trap exits, hibernation)
     * @return a copy with them
     * @throws IllegalStateException for a supervisor child
     */
    public ChildSpec withOptions(SpawnOptions options) {
        return switch (start) {
            case HandlerStart h -> new ChildSpec(id, new HandlerStart(h.factory(), options), restart, shutdown, backoff,
                    significant);
            case BodyStart b -> new ChildSpec(id, new BodyStart(b.factory(), options), restart, shutdown, backoff,
                    significant);
            case SupervisorStart s -> throw new IllegalStateException(
                    "child '" + id + "' is a supervisor: its options come from its SupervisorSpec");
            case DynamicSupervisorStart d -> throw new IllegalStateException(
                    "child '" + id + "' is a dynamic supervisor: its options come from its DynamicSupervisorSpec");
        };
    }
}
