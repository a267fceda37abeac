package io.foundation.beam.ecosystem;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
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
 * <h2>Validation</h2>
 * This record and the value records it holds ({@link MailboxSpec}, {@link RestartIntensity}, {@link RestartBackoff})
 * are the one place where an ecosystem's settings are checked: the Spring Boot starter, for one, maps its properties
 * onto the {@link Builder} and reports what it rejects. A rejected value is an {@link EcosystemConfigException} that
 * names its {@link Field} ({@link EcosystemConfigException#fieldId()}), the value and what the field accepts, so that
 * a caller can tell its own users which of its settings to change without checking anything itself.
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
 * @param dedicatedThreads whether the workers run on platform threads the ecosystem owns (see
 *     {@link Builder#dedicatedThreads(boolean)}) rather than on virtual threads; off by default
 * @param distribution where the workers run: this node only (the default, {@link Distribution#localOnly()}), or
 *     spread over the nodes of a cluster ({@link Builder#distribution(Distribution)})
 */
public record EcosystemConfig(String name, int workerCount, Supplier<? extends Worker> workerFactory,
        Supplier<? extends Coordinator> coordinatorFactory, Topology topology, MemoryStrategy memoryStrategy,
        GcStrategy gcStrategy, Duration hibernateAfter, FaultTolerance faultTolerance, MailboxSpec mailbox,
        DispatchStrategy dispatch, RestartIntensity restartIntensity, RestartBackoff restartBackoff, int maxAttempts,
        Duration workTimeout, Duration shutdownTimeout, int backlogThreshold, int maxPendingWork,
        boolean messageAnalytics, boolean dedicatedThreads, Distribution distribution) {

    /** The default restart intensity of an ecosystem's supervisor. */
    public static final RestartIntensity DEFAULT_INTENSITY = new RestartIntensity(10, Duration.ofSeconds(5));

    /** The most workers an ecosystem is configured with. */
    private static final int MAX_WORKERS = 1_000_000;

    /**
     * A setting that validation can reject, as {@link EcosystemConfigException#fieldId()} identifies it: each
     * component of the record that has a rule, and each value of the mailbox, restart intensity and restart backoff
     * that the builder takes one by one ({@link Builder#boundedMailbox}, {@link Builder#blockingMailbox},
     * {@link Builder#restartIntensity(int, Duration)}, {@link Builder#restartBackoff(Duration, Duration, double)}).
     * The set may grow: a caller that maps every field (for example with a {@code switch}) learns of a new one when it
     * compiles.
     */
    public enum Field {
        /** {@link EcosystemConfig#name()}. */
        NAME("name", "letters, digits, '.', '-' or '_'"),
        /** {@link EcosystemConfig#workerCount()}. */
        WORKER_COUNT("workerCount", "a number of worker processes from 1 to " + MAX_WORKERS),
        /** {@link EcosystemConfig#workerFactory()}. */
        WORKER_FACTORY("workerFactory", "set, with workers(count, factory)"),
        /** {@link EcosystemConfig#topology()}. */
        TOPOLOGY("topology", Topology.values()),
        /** {@link EcosystemConfig#memoryStrategy()}. */
        MEMORY_STRATEGY("memoryStrategy", MemoryStrategy.values()),
        /** {@link EcosystemConfig#gcStrategy()}. */
        GC_STRATEGY("gcStrategy", GcStrategy.values()),
        /** {@link EcosystemConfig#hibernateAfter()}. */
        HIBERNATE_AFTER("hibernateAfter", "a positive duration such as 1s"),
        /** {@link EcosystemConfig#faultTolerance()}. */
        FAULT_TOLERANCE("faultTolerance", FaultTolerance.values()),
        /** {@link EcosystemConfig#mailbox()}. */
        MAILBOX("mailbox", "set (MailboxSpec.unbounded() for no bound)"),
        /** The capacity of a bounded mailbox, {@link MailboxSpec#capacity()}. */
        MAILBOX_CAPACITY("mailbox.capacity", "at least 1 (leave it out for an unbounded mailbox)"),
        /** The overflow policy of a bounded mailbox, {@link MailboxSpec#overflowPolicy()}. */
        MAILBOX_OVERFLOW_POLICY("mailbox.overflowPolicy",
                "set, and not BLOCK_SENDER unless a send timeout is given (blockingMailbox)"),
        /** How long a full blocking mailbox makes a sender wait, {@link MailboxSpec#sendTimeout()}. */
        MAILBOX_SEND_TIMEOUT("mailbox.sendTimeout", "zero or a positive duration such as 5s"),
        /** {@link EcosystemConfig#dispatch()}. */
        DISPATCH("dispatch", DispatchStrategy.values()),
        /** {@link EcosystemConfig#restartIntensity()}. */
        RESTART_INTENSITY("restartIntensity", "set"),
        /** Restarts tolerated within the period, {@link RestartIntensity#maxRestarts()}. */
        RESTART_MAX_RESTARTS("restartIntensity.maxRestarts", "zero or more"),
        /** The window restarts are counted in, {@link RestartIntensity#period()}. */
        RESTART_PERIOD("restartIntensity.period", "a positive duration such as 5s"),
        /** The first delay before a restart, {@link RestartBackoff#min()}. */
        BACKOFF_MIN("restartBackoff.min", "a positive duration such as 1s"),
        /** The largest delay before a restart, {@link RestartBackoff#max()}. */
        BACKOFF_MAX("restartBackoff.max", "at least restartBackoff.min"),
        /** The random extra delay, {@link RestartBackoff#jitter()}. */
        BACKOFF_JITTER("restartBackoff.jitter", "a fraction from 0 to 1, such as 0.2"),
        /** {@link EcosystemConfig#maxAttempts()}. */
        MAX_ATTEMPTS("maxAttempts", "at least 1"),
        /** {@link EcosystemConfig#workTimeout()}. */
        WORK_TIMEOUT("workTimeout", "a positive duration such as 30s"),
        /** {@link EcosystemConfig#shutdownTimeout()}. */
        SHUTDOWN_TIMEOUT("shutdownTimeout", "zero or a positive duration such as 5s"),
        /** {@link EcosystemConfig#backlogThreshold()}. */
        BACKLOG_THRESHOLD("backlogThreshold", "at least 1"),
        /** {@link EcosystemConfig#maxPendingWork()}. */
        MAX_PENDING_WORK("maxPendingWork", "at least 1"),
        /**
         * {@link EcosystemConfig#distribution()}: set, and {@code local-only} for an ecosystem with a custom
         * coordinator or a MESH or RING topology (a distributed ecosystem has the cluster's coordinator and TREE).
         */
        DISTRIBUTION("distribution", "set, and local-only unless the ecosystem has the default coordinator and "
                + "topology tree"),
        /** {@link Distribution#policy()}. */
        DISTRIBUTION_POLICY("distribution.policy", Distribution.Policy.values()),
        /** {@link Distribution#nodes()}. */
        DISTRIBUTION_NODES("distribution.nodes", "one or more distinct node names under policy explicit-nodes, "
                + "and none under the other policies"),
        /** {@link Distribution#placement()}. */
        DISTRIBUTION_PLACEMENT("distribution.placement", Distribution.Placement.values()),
        /** {@link Distribution#workersPerNode()}. */
        DISTRIBUTION_WORKERS_PER_NODE("distribution.workersPerNode", "0 (to split the worker count over the nodes) "
                + "or a number of workers per node from 1 to " + Distribution.MAX_WORKERS_PER_NODE),
        /** {@link Distribution#journal()}. */
        DISTRIBUTION_JOURNAL("distribution.journal", Distribution.Journal.values());

        private final String fieldName;
        private final String requirement;

        Field(String fieldName, String requirement) {
            this.fieldName = fieldName;
            this.requirement = requirement;
        }

        Field(String fieldName, Enum<?>[] accepted) {
            this(fieldName, "one of " + names(accepted));
        }

        /**
         * @return the field's name: the record component's ({@code workerCount}), or the value record's component
         *     after it ({@code restartIntensity.maxRestarts}); what {@link EcosystemConfigException#field()} returns
         */
        public String fieldName() {
            return fieldName;
        }

        /** @return what the field accepts, to follow "must be" */
        String requirement() {
            return requirement;
        }

        /** @return the field whose {@link #fieldName()} this is, if any */
        static Optional<Field> named(String fieldName) {
            return Arrays.stream(values()).filter(f -> f.fieldName.equals(fieldName)).findFirst();
        }

        EcosystemConfigException invalid(Object value) {
            return new EcosystemConfigException(this, value, null, requirement);
        }
    }

    /** Validates; see {@link Builder#build()}. */
    public EcosystemConfig {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw Field.NAME.invalid(name);
        }
        if (workerCount < 1 || workerCount > MAX_WORKERS) {
            throw Field.WORKER_COUNT.invalid(workerCount);
        }
        if (workerFactory == null) {
            throw Field.WORKER_FACTORY.invalid(null);
        }
        require(Field.TOPOLOGY, topology);
        require(Field.MEMORY_STRATEGY, memoryStrategy);
        require(Field.GC_STRATEGY, gcStrategy);
        require(Field.FAULT_TOLERANCE, faultTolerance);
        require(Field.DISPATCH, dispatch);
        require(Field.MAILBOX, mailbox);
        require(Field.RESTART_INTENSITY, restartIntensity);
        positive(Field.HIBERNATE_AFTER, hibernateAfter);
        positive(Field.WORK_TIMEOUT, workTimeout);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw Field.SHUTDOWN_TIMEOUT.invalid(shutdownTimeout);
        }
        if (maxAttempts < 1) {
            throw Field.MAX_ATTEMPTS.invalid(maxAttempts);
        }
        if (maxPendingWork < 1) {
            throw Field.MAX_PENDING_WORK.invalid(maxPendingWork);
        }
        if (backlogThreshold < 1) {
            throw Field.BACKLOG_THRESHOLD.invalid(backlogThreshold);
        }
        if (distribution == null || distribution.isDistributed()
                && (coordinatorFactory != null || topology != Topology.TREE)) {
            throw Field.DISTRIBUTION.invalid(distribution == null ? null : distribution.policy());
        }
    }

    private static void require(Field field, Object value) {
        if (value == null) {
            throw field.invalid(null);
        }
    }

    private static void positive(Field field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw field.invalid(d);
        }
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /**
     * Tries one argument of a value record ({@link MailboxSpec}, {@link RestartIntensity}, {@link RestartBackoff})
     * beside arguments the record accepts, and names the field if the record rejects it. The records hold their own
     * rules; trying each argument alone tells which one broke them, without restating the rules here.
     */
    private static void tryAlone(Field field, Object value, Supplier<?> alone) {
        try {
            alone.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EcosystemConfigException(field, value, e, field.requirement());
        }
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
        String requirement = "one of " + names(type.getEnumConstants());
        Optional<Field> known = Field.named(field);
        if (known.isPresent()) {
            throw new EcosystemConfigException(known.get(), value, null, requirement);
        }
        throw new EcosystemConfigException(field, "must be " + requirement + ", got "
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
        b.dedicatedThreads = dedicatedThreads;
        b.distribution = distribution;
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
        private boolean dedicatedThreads;
        private Distribution distribution = Distribution.localOnly();

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

        /**
         * A bounded mailbox for the members: {@link MailboxSpec#bounded(int, OverflowPolicy)}, with the rejected
         * value named.
         *
         * @param capacity the most messages queued in each member's mailbox, at least 1
         * @param policy what a full mailbox does with a new message: any policy but
         *     {@link OverflowPolicy#BLOCK_SENDER} (see {@link #blockingMailbox(int, Duration)})
         * @return this builder
         * @throws EcosystemConfigException naming {@link Field#MAILBOX_CAPACITY} or
         *     {@link Field#MAILBOX_OVERFLOW_POLICY} and the value
         */
        public Builder boundedMailbox(int capacity, OverflowPolicy policy) {
            tryAlone(Field.MAILBOX_CAPACITY, capacity, () -> MailboxSpec.bounded(capacity, OverflowPolicy.REJECT));
            tryAlone(Field.MAILBOX_OVERFLOW_POLICY, policy, () -> MailboxSpec.bounded(1, policy));
            return mailbox(MailboxSpec.bounded(capacity, policy));
        }

        /**
         * A bounded mailbox whose senders wait for room: {@link MailboxSpec#blocking(int, Duration)}, with the
         * rejected value named.
         *
         * @param capacity the most messages queued in each member's mailbox, at least 1
         * @param sendTimeout how long a sender waits for room before its message is rejected, zero or more
         * @return this builder
         * @throws EcosystemConfigException naming {@link Field#MAILBOX_CAPACITY} or {@link Field#MAILBOX_SEND_TIMEOUT}
         *     and the value
         */
        public Builder blockingMailbox(int capacity, Duration sendTimeout) {
            tryAlone(Field.MAILBOX_CAPACITY, capacity, () -> MailboxSpec.blocking(capacity, Duration.ZERO));
            tryAlone(Field.MAILBOX_SEND_TIMEOUT, sendTimeout, () -> MailboxSpec.blocking(1, sendTimeout));
            return mailbox(MailboxSpec.blocking(capacity, sendTimeout));
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

        /**
         * The restart intensity from its values: {@link RestartIntensity}, with the rejected value named.
         *
         * @param maxRestarts restarts tolerated within the period, zero or more
         * @param period the sliding window in which restarts are counted, positive
         * @return this builder
         * @throws EcosystemConfigException naming {@link Field#RESTART_MAX_RESTARTS} or {@link Field#RESTART_PERIOD}
         *     and the value
         */
        public Builder restartIntensity(int maxRestarts, Duration period) {
            tryAlone(Field.RESTART_MAX_RESTARTS, maxRestarts,
                    () -> new RestartIntensity(maxRestarts, DEFAULT_INTENSITY.period()));
            tryAlone(Field.RESTART_PERIOD, period, () -> new RestartIntensity(DEFAULT_INTENSITY.maxRestarts(), period));
            return restartIntensity(new RestartIntensity(maxRestarts, period));
        }

        /** @param backoff the restart backoff @return this builder */
        public Builder restartBackoff(RestartBackoff backoff) {
            this.restartBackoff = backoff;
            return this;
        }

        /**
         * The restart backoff from its values: {@link RestartBackoff}, with the rejected value named.
         *
         * @param min the first delay before a restart, positive
         * @param max the largest delay, at least {@code min}
         * @param jitter the random extra delay as a fraction of the delay, from 0 to 1
         * @return this builder
         * @throws EcosystemConfigException naming {@link Field#BACKOFF_MIN}, {@link Field#BACKOFF_MAX} or
         *     {@link Field#BACKOFF_JITTER} and the value
         */
        public Builder restartBackoff(Duration min, Duration max, double jitter) {
            tryAlone(Field.BACKOFF_MIN, min, () -> new RestartBackoff(min, min, 0.0));
            Duration anyDelay = Duration.ofSeconds(1);
            tryAlone(Field.BACKOFF_JITTER, jitter, () -> new RestartBackoff(anyDelay, anyDelay, jitter));
            RestartBackoff backoff;
            try {
                backoff = new RestartBackoff(min, max, jitter);
            } catch (IllegalArgumentException | NullPointerException e) {
                // min and jitter are each acceptable, so max is what the record rejects: compare it with min
                throw new EcosystemConfigException(Field.BACKOFF_MAX, max, e, "at least ", Field.BACKOFF_MIN,
                        " (", new EcosystemConfigException.Shown(min), ")");
            }
            return restartBackoff(backoff);
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
         * For CPU-bound workers (the BEAM's dirty schedulers): each worker runs its code on a platform thread of a
         * {@link io.foundation.beam.process.DedicatedThreads} set that the ecosystem creates when it starts (named
         * {@code beam-eco-<name>}) and closes when it stops, instead of on a virtual thread. The JVM cannot preempt a
         * virtual thread, so workers that compute for long without blocking would hold the carriers that every
         * other process of the runtime shares; the operating system preempts platform threads, so they leave the
         * carriers free and share the CPUs with the rest at its time slices. The coordinator and the supervisor stay
         * on virtual threads. It costs an operating-system thread per busy worker (one per worker at most, as each
         * worker runs one piece of work at a time), so use it for CPU-bound work, not for workers that mostly wait.
         *
         * @param enabled whether the workers run on dedicated platform threads (off by default)
         * @return this builder
         */
        public Builder dedicatedThreads(boolean enabled) {
            this.dedicatedThreads = enabled;
            return this;
        }

        /**
         * Spreads the ecosystem over the nodes of a cluster, or keeps it on this node (the default). A distributed
         * ecosystem ({@link Distribution#isDistributed()}) runs its share of workers on each selected node, as a local
         * ecosystem of the same name, and one coordinator in the whole cluster, on the Raft leader's node; its
         * submissions are accepted once a majority of the Raft voters has them in its journal. It needs the default
         * coordinator and topology TREE; {@link #workers(int, Supplier)} gives the total to split over the nodes
         * unless {@link Distribution#withWorkersPerNode} gives a number per node. See docs/distributed-ecosystems.md.
         *
         * @param value where the workers run
         * @return this builder
         */
        public Builder distribution(Distribution value) {
            this.distribution = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws EcosystemConfigException naming the first invalid field, its value and what is accepted
         */
        public EcosystemConfig build() {
            return new EcosystemConfig(name, workerCount, workerFactory, coordinatorFactory, topology, memoryStrategy,
                    gcStrategy, hibernateAfter, faultTolerance, mailbox, dispatch, restartIntensity, restartBackoff,
                    maxAttempts, workTimeout, shutdownTimeout, backlogThreshold, maxPendingWork, messageAnalytics,
                    dedicatedThreads, distribution);
        }
    }
}
