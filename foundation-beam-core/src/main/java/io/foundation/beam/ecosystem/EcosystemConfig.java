package io.foundation.beam.ecosystem;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.supervision.RestartBackoff;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An ecosystem's configuration (the seed's {@code ecosystem_config}): a coordinator and N workers with their
 * topology, memory, GC and fault-tolerance strategies, mailbox, dispatch and restart settings. Immutable; build it
 * with {@link #builder(String)}, which validates every field and names the field and the accepted values when one is
 * wrong.
 *
 * @param name the ecosystem's name: letters, digits, '.', '-' and '_'
 * @param workerCount workers, at least 1
 * @param workerFactory makes each worker's logic (a fresh instance per process and per restart)
 * @param coordinatorFactory makes custom coordinator logic, or null for the default dispatching coordinator
 * @param topology TREE (default), MESH or RING
 * @param memoryStrategy ISOLATED_HEAPS (default) or SHARED_HEAP
 * @param gcStrategy STANDARD (default) or FREQUENT_MINOR
 * @param hibernateAfter idle time after which processes hibernate under FREQUENT_MINOR (default 1 s)
 * @param faultTolerance STANDARD (default, as the seed) or SELF_HEALING
 * @param mailbox the members' mailbox (default unbounded)
 * @param dispatch how the default coordinator picks workers (default ROUND_ROBIN)
 * @param restartIntensity restarts tolerated under SELF_HEALING (default 10 in 5 s: an ecosystem has many children)
 * @param restartBackoff delay before restarts, or null for none
 * @param maxAttempts attempts for one piece of work across crashed workers before it fails (default 3)
 * @param workTimeout how long submitted work may take before its future fails (default 30 s)
 * @param shutdownTimeout how long each member gets to stop before it is killed (default 5 s)
 * @param backlogThreshold queued messages across members above which health is DEGRADED (default 10 000)
 * @param maxPendingWork the most submitted pieces of work not yet finished; a submission beyond it fails at once
 *     with {@link EcosystemOverloadedException} (backpressure, default 10 000), so submitting faster than the
 *     workers can process never grows the ecosystem without bound
 * @param messageAnalytics whether the coordinator and the workers keep message analytics (counts, estimated sizes,
 *     queue wait: {@link Ecosystem#messageStats()}); off by default, as they cost each message two clock reads and a
 *     size estimate
 */
public record EcosystemConfig(String name, int workerCount, Supplier<? extends Worker> workerFactory,
        Supplier<? extends Coordinator> coordinatorFactory, Topology topology, MemoryStrategy memoryStrategy,
        GcStrategy gcStrategy, Duration hibernateAfter, FaultTolerance faultTolerance, MailboxSpec mailbox,
        DispatchStrategy dispatch, RestartIntensity restartIntensity, RestartBackoff restartBackoff, int maxAttempts,
        Duration workTimeout, Duration shutdownTimeout, int backlogThreshold, int maxPendingWork,
        boolean messageAnalytics) {

    /** The default restart intensity of an ecosystem's supervisor. */
    public static final RestartIntensity DEFAULT_INTENSITY = new RestartIntensity(10, Duration.ofSeconds(5));

    /** Validates; see {@link Builder#build()}. */
    public EcosystemConfig {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new EcosystemConfigException("name",
                    "must be letters, digits, '.', '-' or '_', got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (workerCount < 1) {
            throw new EcosystemConfigException("workerCount", "must be at least 1, got " + workerCount);
        }
        if (workerCount > 1_000_000) {
            throw new EcosystemConfigException("workerCount", "must be at most 1000000, got " + workerCount);
        }
        if (workerFactory == null) {
            throw new EcosystemConfigException("workers", "a worker factory is required");
        }
        require("topology", topology, Topology.values());
        require("memoryStrategy", memoryStrategy, MemoryStrategy.values());
        require("gcStrategy", gcStrategy, GcStrategy.values());
        require("faultTolerance", faultTolerance, FaultTolerance.values());
        require("dispatch", dispatch, DispatchStrategy.values());
        if (mailbox == null) {
            throw new EcosystemConfigException("mailbox", "must not be null (use MailboxSpec.unbounded())");
        }
        if (restartIntensity == null) {
            throw new EcosystemConfigException("restartIntensity", "must not be null");
        }
        positive("hibernateAfter", hibernateAfter);
        positive("workTimeout", workTimeout);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new EcosystemConfigException("shutdownTimeout", "must be zero or positive, got " + shutdownTimeout);
        }
        if (maxAttempts < 1) {
            throw new EcosystemConfigException("maxAttempts", "must be at least 1, got " + maxAttempts);
        }
        if (maxPendingWork < 1) {
            throw new EcosystemConfigException("maxPendingWork", "must be at least 1, got " + maxPendingWork);
        }
        if (backlogThreshold < 1) {
            throw new EcosystemConfigException("backlogThreshold", "must be at least 1, got " + backlogThreshold);
        }
    }

    private static void require(String field, Enum<?> value, Enum<?>[] accepted) {
        if (value == null) {
            throw new EcosystemConfigException(field, "must be one of " + names(accepted) + ", got null");
        }
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new EcosystemConfigException(field, "must be a positive duration, got " + d);
        }
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /**
     * Parses an enum option the way the seed spells it ({@code :self_healing}, {@code "ring"}, {@code ONE-FOR-ONE}...).
     *
     * @param field the field, for the error message
     * @param type the enum type
     * @param value the text
     * @param <E> the enum type
     * @return the value
     * @throws EcosystemConfigException naming the field and the accepted values
     */
    public static <E extends Enum<E>> E parse(String field, Class<E> type, String value) {
        if (value != null) {
            String normalized = value.trim().replaceFirst("^:", "").replace('-', '_').toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(normalized)) {
                    return e;
                }
            }
        }
        throw new EcosystemConfigException(field, "must be one of " + names(type.getEnumConstants()) + ", got "
                + (value == null ? "null" : "'" + value + "'"));
    }

    /** @return the custom coordinator factory, if any */
    public Optional<Supplier<? extends Coordinator>> coordinator() {
        return Optional.ofNullable(coordinatorFactory);
    }

    /**
     * @param name the ecosystem's name
     * @return a builder with the defaults
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.workerCount = workerCount;
        b.workerFactory = workerFactory;
        b.coordinatorFactory = coordinatorFactory;
        b.topology = topology;
        b.memoryStrategy = memoryStrategy;
        b.gcStrategy = gcStrategy;
        b.hibernateAfter = hibernateAfter;
        b.faultTolerance = faultTolerance;
        b.mailbox = mailbox;
        b.dispatch = dispatch;
        b.restartIntensity = restartIntensity;
        b.restartBackoff = restartBackoff;
        b.maxAttempts = maxAttempts;
        b.workTimeout = workTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.backlogThreshold = backlogThreshold;
        b.maxPendingWork = maxPendingWork;
        b.messageAnalytics = messageAnalytics;
        return b;
    }

    /** Builds an {@link EcosystemConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private int workerCount = 1;
        private Supplier<? extends Worker> workerFactory;
        private Supplier<? extends Coordinator> coordinatorFactory;
        private Topology topology = Topology.TREE;
        private MemoryStrategy memoryStrategy = MemoryStrategy.ISOLATED_HEAPS;
        private GcStrategy gcStrategy = GcStrategy.STANDARD;
        private Duration hibernateAfter = Duration.ofSeconds(1);
        private FaultTolerance faultTolerance = FaultTolerance.STANDARD;
        private MailboxSpec mailbox = MailboxSpec.unbounded();
        private DispatchStrategy dispatch = DispatchStrategy.ROUND_ROBIN;
        private RestartIntensity restartIntensity = DEFAULT_INTENSITY;
        private RestartBackoff restartBackoff;
        private int maxAttempts = 3;
        private Duration workTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private int backlogThreshold = 10_000;
        private int maxPendingWork = 10_000;
        private boolean messageAnalytics;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param count how many workers
         * @param factory makes each worker's logic
         * @return this builder
         */
        public Builder workers(int count, Supplier<? extends Worker> factory) {
            this.workerCount = count;
            this.workerFactory = Objects.requireNonNull(factory, "worker factory");
            return this;
        }

        /**
         * @param factory makes the custom coordinator's logic
         * @return this builder
         */
        public Builder coordinator(Supplier<? extends Coordinator> factory) {
            this.coordinatorFactory = Objects.requireNonNull(factory, "coordinator factory");
            return this;
        }

        /** @param value the topology @return this builder */
        public Builder topology(Topology value) {
            this.topology = value;
            return this;
        }

        /** @param value the topology, as the seed spells it ("tree", "mesh", "ring") @return this builder */
        public Builder topology(String value) {
            return topology(parse("topology", Topology.class, value));
        }

        /** @param value the memory strategy @return this builder */
        public Builder memoryStrategy(MemoryStrategy value) {
            this.memoryStrategy = value;
            return this;
        }

        /** @param value "isolated_heaps" or "shared_heap" @return this builder */
        public Builder memoryStrategy(String value) {
            return memoryStrategy(parse("memoryStrategy", MemoryStrategy.class, value));
        }

        /** @param value the GC strategy @return this builder */
        public Builder gcStrategy(GcStrategy value) {
            this.gcStrategy = value;
            return this;
        }

        /** @param value "frequent_minor" or "standard" @return this builder */
        public Builder gcStrategy(String value) {
            return gcStrategy(parse("gcStrategy", GcStrategy.class, value));
        }

        /** @param idle idle time before hibernation under FREQUENT_MINOR @return this builder */
        public Builder hibernateAfter(Duration idle) {
            this.hibernateAfter = idle;
            return this;
        }

        /** @param value the fault tolerance @return this builder */
        public Builder faultTolerance(FaultTolerance value) {
            this.faultTolerance = value;
            return this;
        }

        /** @param value "standard" or "self_healing" @return this builder */
        public Builder faultTolerance(String value) {
            return faultTolerance(parse("faultTolerance", FaultTolerance.class, value));
        }

        /** @param spec the members' mailbox @return this builder */
        public Builder mailbox(MailboxSpec spec) {
            this.mailbox = spec;
            return this;
        }

        /** @param value the dispatch strategy @return this builder */
        public Builder dispatch(DispatchStrategy value) {
            this.dispatch = value;
            return this;
        }

        /** @param intensity the restart intensity @return this builder */
        public Builder restartIntensity(RestartIntensity intensity) {
            this.restartIntensity = intensity;
            return this;
        }

        /** @param backoff the restart backoff @return this builder */
        public Builder restartBackoff(RestartBackoff backoff) {
            this.restartBackoff = backoff;
            return this;
        }

        /** @param attempts attempts per piece of work @return this builder */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** @param timeout how long submitted work may take @return this builder */
        public Builder workTimeout(Duration timeout) {
            this.workTimeout = timeout;
            return this;
        }

        /** @param timeout per-member stop timeout @return this builder */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** @param messages backlog above which health is DEGRADED @return this builder */
        public Builder backlogThreshold(int messages) {
            this.backlogThreshold = messages;
            return this;
        }

        /** @param pieces unfinished submitted work above which submissions are refused @return this builder */
        public Builder maxPendingWork(int pieces) {
            this.maxPendingWork = pieces;
            return this;
        }

        /**
         * @param enabled whether the coordinator and the workers keep message analytics
         *     ({@link Ecosystem#messageStats()})
         * @return this builder
         */
        public Builder messageAnalytics(boolean enabled) {
            this.messageAnalytics = enabled;
            return this;
        }

        /**
         * @return the configuration
         * @throws EcosystemConfigException naming the first invalid field, its value and what is accepted
         */
        public EcosystemConfig build() {
            return new EcosystemConfig(name, workerCount, workerFactory, coordinatorFactory, topology, memoryStrategy,
                    gcStrategy, hibernateAfter, faultTolerance, mailbox, dispatch, restartIntensity, restartBackoff,
                    maxAttempts, workTimeout, shutdownTimeout, backlogThreshold, maxPendingWork, messageAnalytics);
        }
    }
}
