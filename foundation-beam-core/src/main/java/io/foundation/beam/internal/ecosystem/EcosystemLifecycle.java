package io.foundation.beam.internal.ecosystem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Where an ecosystem is in its life: RUNNING → DRAINING (a graceful {@code shutdown(drain, timeout)} was called: no
 * new work, accepted work goes on) → STOPPING ({@code shutdown} was called, or the drain ended) → STOPPED (its
 * supervisor ended); DRAINING is skipped by a plain {@code shutdown}; STOPPED straight from RUNNING when the supervisor gave up (its restart intensity was exceeded) or the
 * ecosystem failed to start. The state only moves forward.
 *
 * <p>Threading: any thread. The state is a volatile field changed atomically (a {@link VarHandle}, so that the check
 * on each submission reads one field of this object): {@link #beginShutdown} lets one caller run the shutdown;
 * {@link #end} is called by the supervisor's end and by {@code shutdown}, serialised by the handle's end lock.
 */
final class EcosystemLifecycle {

    /** The states, in order. */
    enum State {
        RUNNING, DRAINING, STOPPING, STOPPED;

        /** @return the name, lower case, for messages */
        String describe() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EcosystemLifecycle.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile State state = State.RUNNING;
    private volatile boolean gaveUp;

    /** @return the state now */
    State state() {
        return state;
    }

    /**
     * @return whether the ecosystem's members still run its work: RUNNING or DRAINING (not stopping or stopped)
     */
    boolean running() {
        State s = state;
        return s == State.RUNNING || s == State.DRAINING;
    }

    /** @return whether the ecosystem takes new work: RUNNING only */
    boolean acceptsWork() {
        return state == State.RUNNING;
    }

    /**
     * RUNNING → DRAINING.
     *
     * @return whether this call moved it (false: the ecosystem was already draining, stopping or stopped)
     */
    boolean beginDrain() {
        return STATE.compareAndSet(this, State.RUNNING, State.DRAINING);
    }

    /** @return the state, lower case, for messages */
    String describe() {
        return state.describe();
    }

    /**
     * RUNNING or DRAINING → STOPPING.
     *
     * @return whether this call moved it (false: the ecosystem was already stopping or stopped)
     */
    boolean beginShutdown() {
        return STATE.compareAndSet(this, State.RUNNING, State.STOPPING)
                || STATE.compareAndSet(this, State.DRAINING, State.STOPPING);
    }

    /** The ecosystem could not start: STOPPED. */
    void failedToStart() {
        state = State.STOPPED;
    }

    /**
     * The supervisor ended: STOPPED. If nobody asked it to stop (the state was RUNNING), the supervisor gave up.
     *
     * @return the state before
     */
    State end() {
        State previous = (State) STATE.getAndSet(this, State.STOPPED);
        if (previous == State.RUNNING || previous == State.DRAINING) {
            gaveUp = true; // nobody asked it to stop: the supervisor exceeded its restart intensity
        }
        return previous;
    }

    /** @return whether the ecosystem stopped because its supervisor gave up */
    boolean gaveUp() {
        return gaveUp;
    }

    @Override
    public String toString() {
        return state.name();
    }
}
