package io.foundation.beam.supervision;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DynamicSupervisor}'s flags (Elixir's {@code DynamicSupervisor.init/1} options, OTP's
 * {@code simple_one_for_one} supervisor flags). It has no children: they are started on demand with
 * {@link DynamicSupervisor#startChild}, and the strategy is always one-for-one.
 *
 * @param intensity restart intensity, shared by all children (default {@link #DEFAULT_INTENSITY}: 3 restarts in 5 s,
 *     Elixir's {@code max_restarts}/{@code max_seconds})
 * @param maxChildren the most children it holds at once, running or waiting to be restarted (default
 *     {@link #UNLIMITED}, Elixir's {@code :infinity}); not negative
 * @param name a name to register the supervisor under while it runs, or empty (Elixir's {@code name:})
 */
public record DynamicSupervisorSpec(RestartIntensity intensity, int maxChildren, Optional<String> name) {

    /**
     * The default intensity: 3 restarts in 5 seconds, Elixir's {@code DynamicSupervisor} default, rather than OTP's
     * 1 in 5 s that {@link SupervisorSpec} uses. One intensity covers every child of a dynamic supervisor, which may
     * hold thousands of independent children (connections, sessions): with 1 in 5 s, two unrelated crashes within
     * 5 seconds would stop all of them.
     */
    public static final RestartIntensity DEFAULT_INTENSITY = new RestartIntensity(3, Duration.ofSeconds(5));

    /** No limit on the number of children (Elixir's {@code max_children: :infinity}). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * @throws IllegalArgumentException if {@code maxChildren} is negative or the name blank
     * @throws NullPointerException if an argument is null
     */
    public DynamicSupervisorSpec {
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(name, "name");
        if (maxChildren < 0) {
            throw new IllegalArgumentException("maxChildren must not be negative, got " + maxChildren);
        }
        if (name.isPresent() && name.get().isBlank()) {
            throw new IllegalArgumentException("a dynamic supervisor's name must not be blank, got '" + name.get() + "'");
        }
    }

    /** @return 3 restarts in 5 s, no limit on children, no name */
    public static DynamicSupervisorSpec defaults() {
        return new DynamicSupervisorSpec(DEFAULT_INTENSITY, UNLIMITED, Optional.empty());
    }

    /**
     * @param restartIntensity the intensity
     * @return a copy with it
     */
    public DynamicSupervisorSpec withIntensity(RestartIntensity restartIntensity) {
        return new DynamicSupervisorSpec(restartIntensity, maxChildren, name);
    }

    /**
     * @param maxRestarts restarts tolerated within the period
     * @param period the period
     * @return a copy with that intensity
     * @throws IllegalArgumentException if {@code maxRestarts} is negative or {@code period} not positive
     */
    public DynamicSupervisorSpec withIntensity(int maxRestarts, Duration period) {
        return withIntensity(new RestartIntensity(maxRestarts, period));
    }

    /**
     * @param limit the most children at once ({@link #UNLIMITED} for no limit)
     * @return a copy with it
     * @throws IllegalArgumentException if negative
     */
    public DynamicSupervisorSpec withMaxChildren(int limit) {
        return new DynamicSupervisorSpec(intensity, limit, name);
    }

    /**
     * @param registeredName the name to register the supervisor under
     * @return a copy with it
     * @throws IllegalArgumentException if blank
     */
    public DynamicSupervisorSpec withName(String registeredName) {
        return new DynamicSupervisorSpec(intensity, maxChildren, Optional.of(registeredName));
    }
}
