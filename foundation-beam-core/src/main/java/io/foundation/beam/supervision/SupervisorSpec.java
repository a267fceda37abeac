package io.foundation.beam.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A supervisor's flags and its static children, started in list order and stopped in reverse.
 *
 * @param strategy what to restart when a child must be restarted (default ONE_FOR_ONE)
 * @param intensity restart intensity (default 1 restart in 5 s, as OTP)
 * @param children the children, ids unique
 * @param concurrentStart how many of the first children start at once (0 or 1: every child in order, as OTP). The
 *     supervisor spawns those children without waiting for each one's {@code init}, then waits for all of them; the
 *     others start one by one after them. For independent children only (an ecosystem's workers): if one fails to
 *     start, the ones already started are stopped in reverse order and the start fails, as with an ordered start.
 * @param name a name to register the supervisor's process under when it starts (OTP's {@code {local, Name}}), or
 *     null for none; a child supervisor with a name registers it again at each restart
 * @param autoShutdown whether it shuts down when significant children end (OTP 24's {@code auto_shutdown}; default
 *     {@link AutoShutdown#NEVER}); with {@code NEVER}, a significant child is refused when the supervisor starts or
 *     {@code startChild} is asked to add it (OTP's {@code bad_combination})
 */
public record SupervisorSpec(RestartStrategy strategy, RestartIntensity intensity, List<ChildSpec> children,
        int concurrentStart, String name, AutoShutdown autoShutdown) {

    /**
     * @throws IllegalArgumentException if the children fail {@link Supervisor#checkChildSpecs} (two share an id...)
     * @throws NullPointerException if an argument is null
     */
    public SupervisorSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        children = List.copyOf(children);
        if (concurrentStart < 0) {
            throw new IllegalArgumentException("concurrentStart must not be negative, got " + concurrentStart);
        }
        Supervisor.checkChildSpecs(children);
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("a supervisor's name must not be blank");
        }
    }

    /**
     * A spec without a name.
     *
     * @param strategy the restart strategy
     * @param intensity the restart intensity
     * @param children the children, ids unique
     * @param concurrentStart how many of the first children start at once
     * @throws IllegalArgumentException if the children fail {@link Supervisor#checkChildSpecs}
     */
    public SupervisorSpec(RestartStrategy strategy, RestartIntensity intensity, List<ChildSpec> children,
            int concurrentStart) {
        this(strategy, intensity, children, concurrentStart, null, AutoShutdown.NEVER);
    }

    /**
     * @param shutdown when the supervisor shuts itself down as its significant children end (see {@link AutoShutdown})
     * @return a copy with it
     * @throws NullPointerException if it is null
     */
    public SupervisorSpec withAutoShutdown(AutoShutdown shutdown) {
        return new SupervisorSpec(strategy, intensity, children, concurrentStart, name,
                Objects.requireNonNull(shutdown, "autoShutdown"));
    }

    /**
     * @param registeredName the name to register the supervisor under when it starts (see {@link #name()})
     * @return a copy with it
     * @throws IllegalArgumentException if the name is blank
     * @throws NullPointerException if the name is null
     */
    public SupervisorSpec withName(String registeredName) {
        return new SupervisorSpec(strategy, intensity, children, concurrentStart,
                Objects.requireNonNull(registeredName, "name"), autoShutdown);
    }

    /**
     * @param strategy the restart strategy
     * @return a spec with that strategy, the default intensity and no children
     */
    public static SupervisorSpec of(RestartStrategy strategy) {
        return new SupervisorSpec(strategy, RestartIntensity.DEFAULT, List.of(), 0);
    }

    /**
     * @param restartIntensity the intensity
     * @return a copy with it
     */
    public SupervisorSpec withIntensity(RestartIntensity restartIntensity) {
        return new SupervisorSpec(strategy, restartIntensity, children, concurrentStart, name, autoShutdown);
    }

    /**
     * @param maxRestarts restarts tolerated within the period
     * @param period the period
     * @return a copy with that intensity
     */
    public SupervisorSpec withIntensity(int maxRestarts, java.time.Duration period) {
        return withIntensity(new RestartIntensity(maxRestarts, period));
    }

    /**
     * @param child a child to add after the others
     * @return a copy with it
     */
    public SupervisorSpec withChild(ChildSpec child) {
        List<ChildSpec> all = new ArrayList<>(children);
        all.add(Objects.requireNonNull(child, "child"));
        return new SupervisorSpec(strategy, intensity, all, concurrentStart, name, autoShutdown);
    }

    /**
     * Adds many children at once (one copy and one uniqueness check, where repeated {@link #withChild} calls cost
     * time quadratic in the number of children).
     *
     * @param more children to add after the others, in order
     * @return a copy with them
     * @throws IllegalArgumentException if two children share an id
     */
    public SupervisorSpec withChildren(java.util.Collection<ChildSpec> more) {
        List<ChildSpec> all = new ArrayList<>(children.size() + more.size());
        all.addAll(children);
        all.addAll(more);
        return new SupervisorSpec(strategy, intensity, all, concurrentStart, name, autoShutdown);
    }

    /**
     * @param leadingChildren how many of the first children start at once (see {@link #concurrentStart()})
     * @return a copy with it
     */
    public SupervisorSpec withConcurrentStart(int leadingChildren) {
        return new SupervisorSpec(strategy, intensity, children, leadingChildren, name, autoShutdown);
    }
}
