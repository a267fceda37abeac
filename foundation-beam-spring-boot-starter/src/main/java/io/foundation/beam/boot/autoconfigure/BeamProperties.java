package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.mailbox.OverflowPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of Foundation BEAM ({@code foundation.beam.*}).
 *
 * <p>The settings of an ecosystem come, by precedence, from {@code foundation.beam.ecosystems.<name>.*}, then from
 * the attributes of its {@code @Worker} annotation, then from the core defaults. That is why the per-ecosystem
 * fields have no initialiser: unset means "keep the annotation's value"; each field's Javadoc states the default
 * that applies when neither sets it.
 *
 * <p>Unknown keys under {@code foundation.beam} fail the startup (a misspelt key would otherwise be ignored).
 */
@ConfigurationProperties(prefix = "foundation.beam", ignoreUnknownFields = false)
public class BeamProperties {

    /** Whether to enable Foundation BEAM: the process runtime, the ecosystems of @Worker beans and their lifecycle. */
    private boolean enabled = true;

    /** Process runtime that runs every ecosystem of the application. */
    private final RuntimeProperties runtime = new RuntimeProperties();

    /** Ecosystems by name, overriding what their @Worker and @Coordinator beans declare. */
    private final Map<String, EcosystemProperties> ecosystems = new LinkedHashMap<>();

    /** Operations on ecosystems through the 'ecosystems' Actuator endpoint. */
    private final Management management = new Management();

    /** Runtime telemetry events republished as Spring application events. */
    private final Events events = new Events();

    /** Micrometer observations of message handling. */
    private final Observations observations = new Observations();

    /** Log lines for crashes, restarts, supervisors that gave up and orphaned threads. */
    private final Logging logging = new Logging();

    /** Shutdown of the ecosystems when the application context closes. */
    private final Shutdown shutdown = new Shutdown();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public RuntimeProperties getRuntime() {
        return this.runtime;
    }

    public Map<String, EcosystemProperties> getEcosystems() {
        return this.ecosystems;
    }

    public Management getManagement() {
        return this.management;
    }

    public Events getEvents() {
        return this.events;
    }

    public Observations getObservations() {
        return this.observations;
    }

    public Logging getLogging() {
        return this.logging;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    /**
     * Shutdown of the ecosystems when the context closes ({@code foundation.beam.shutdown.*}), named after Spring
     * Boot's {@code spring.task.execution.shutdown.*}.
     */
    public static class Shutdown {

        /**
         * Whether the ecosystems drain before they shut down: take no new work, and let the work they accepted
         * (queued or running) complete within 'await-termination-period'; what is left then fails with
         * EcosystemStoppedException. On by default: an accepted submission returned a future, a promise of its
         * result, and OTP too gives each child its shutdown time to finish. (Boot's task executors default to false
         * because their tasks are fire-and-forget.) When false, unfinished work fails at once.
         */
        private boolean awaitTermination = true;

        /**
         * Longest drain of each ecosystem when 'await-termination' is true, before its shutdown-timeout. The drain
         * and the shutdown-timeout together should fit spring.lifecycle.timeout-per-shutdown-phase (30s by default;
         * a startup warning says when they do not). A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration awaitTerminationPeriod = Duration.ofSeconds(10);

        public boolean isAwaitTermination() {
            return this.awaitTermination;
        }

        public void setAwaitTermination(boolean awaitTermination) {
            this.awaitTermination = awaitTermination;
        }

        public Duration getAwaitTerminationPeriod() {
            return this.awaitTerminationPeriod;
        }

        public void setAwaitTerminationPeriod(Duration awaitTerminationPeriod) {
            this.awaitTerminationPeriod = awaitTerminationPeriod;
        }
    }

    /** Logging of the runtime's failures ({@code foundation.beam.logging.*}). */
    public static class Logging {

        /**
         * Whether to log crashes (WARN, logger io.foundation.beam.crash), restarts (INFO, io.foundation.beam.restart),
         * supervisors that gave up (ERROR, io.foundation.beam.supervisor) and orphaned threads (WARN,
         * io.foundation.beam.orphan).
         */
        private boolean enabled = true;

        /** Rate limit of crash and restart lines, per ecosystem. */
        private final RateLimit rateLimit = new RateLimit();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public RateLimit getRateLimit() {
            return this.rateLimit;
        }
    }

    /** Rate limit of crash and restart lines ({@code foundation.beam.logging.rate-limit.*}). */
    public static class RateLimit {

        /**
         * Most crash lines, and most restart lines, logged per ecosystem in one interval; the rest are counted and
         * summarised in one line.
         */
        private int lines = 10;

        /** Window of the rate limit, opened by its first line. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration interval = Duration.ofMinutes(1);

        public int getLines() {
            return this.lines;
        }

        public void setLines(int lines) {
            this.lines = lines;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** Management through Actuator ({@code foundation.beam.management.*}). */
    public static class Management {

        /**
         * Whether the write operations of the 'ecosystems' endpoint (restart a worker, change the worker count) may
         * change running ecosystems. Deprecated: true means management.endpoint.ecosystems.access=unrestricted
         * when that property is not set; the endpoint is read-only by default.
         */
        private boolean writeEnabled = false;

        public boolean isWriteEnabled() {
            return this.writeEnabled;
        }

        public void setWriteEnabled(boolean writeEnabled) {
            this.writeEnabled = writeEnabled;
        }
    }

    /** Telemetry as Spring application events ({@code foundation.beam.events.*}). */
    public static class Events {

        /** Whether to publish every runtime telemetry event (a BeamEvent) as a Spring application event. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Micrometer observations ({@code foundation.beam.observations.*}). */
    public static class Observations {

        /**
         * Whether to observe each message handled by a @HandleMessage method of a worker or coordinator bean with a
         * Micrometer Observation named foundation.beam.message.
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The process runtime ({@code foundation.beam.runtime.*}). */
    public static class RuntimeProperties {

        /** Name of the runtime, shown as the prefix of process ids such as <beam.42>. */
        private String name = "beam";

        /**
         * How long processes still running when the runtime closes (after the ecosystems have stopped) get to end
         * before they are killed. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        /**
         * How long the thread of a killed process may run on before it is counted as an orphan. A bare number is in
         * seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration orphanGracePeriod = Duration.ofSeconds(1);

        /**
         * How often the runtime checks for idle processes to hibernate and for orphans. A bare number is in
         * milliseconds.
         */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration housekeepingInterval = Duration.ofMillis(100);

        /**
         * Messages a busy process takes between two looks at the clock; after 0.2 ms on its carrier it lets waiting
         * processes run if the other carriers are not taking them.
         */
        private int messagesPerActivation = 256;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getOrphanGracePeriod() {
            return this.orphanGracePeriod;
        }

        public void setOrphanGracePeriod(Duration orphanGracePeriod) {
            this.orphanGracePeriod = orphanGracePeriod;
        }

        public Duration getHousekeepingInterval() {
            return this.housekeepingInterval;
        }

        public void setHousekeepingInterval(Duration housekeepingInterval) {
            this.housekeepingInterval = housekeepingInterval;
        }

        public int getMessagesPerActivation() {
            return this.messagesPerActivation;
        }

        public void setMessagesPerActivation(int messagesPerActivation) {
            this.messagesPerActivation = messagesPerActivation;
        }
    }

    /**
     * One ecosystem ({@code foundation.beam.ecosystems.<name>.*}). Unset values keep what the ecosystem's
     * {@code @Worker} annotation declares.
     */
    public static class EcosystemProperties {

        /** Whether to start this ecosystem; a disabled ecosystem has no Ecosystem bean and cannot be injected. */
        private boolean enabled = true;

        /** Number of worker processes, at least 1. Defaults to @Worker(workers), which defaults to 1. */
        private Integer workers;

        /** Who may message whom: tree, mesh or ring. Defaults to @Worker(topology), which defaults to tree. */
        private Topology topology;

        /**
         * What happens when a member crashes: standard (reported, nothing restarts) or self-healing (restarted under
         * the restart intensity). Defaults to @Worker(faultTolerance), which defaults to standard.
         */
        private FaultTolerance faultTolerance;

        /**
         * How messages cross process boundaries: isolated-heaps (copied unless immutable) or shared-heap (passed by
         * reference). Defaults to @Worker(memoryStrategy), which defaults to isolated-heaps.
         */
        private MemoryStrategy memoryStrategy;

        /**
         * What idle members do: standard (keep their buffers) or frequent-minor (hibernate after hibernate-after).
         * Defaults to @Worker(gcStrategy), which defaults to standard.
         */
        private GcStrategy gcStrategy;

        /**
         * Idle time after which members hibernate under the frequent-minor GC strategy. Defaults to 1s. A bare number
         * is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration hibernateAfter;

        /**
         * How the default coordinator picks a worker for submitted work: round-robin, least-loaded or key-hash.
         * Defaults to @Worker(dispatch), which defaults to round-robin.
         */
        private DispatchStrategy dispatch;

        /** Attempts for one piece of work across crashed workers, at least 1. Defaults to @Worker(maxAttempts), 3. */
        private Integer maxAttempts;

        /**
         * How long submitted work may take before its future fails. Defaults to @Worker(workTimeout), else 30s. A bare
         * number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration workTimeout;

        /**
         * How long the ecosystem's processes get to stop, each and all together, before those left are killed.
         * Defaults to @Worker(shutdownTimeout), else 5s. A bare number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration shutdownTimeout;

        /** Messages queued across members above which the ecosystem's health is degraded. Defaults to 10000. */
        private Integer backlogThreshold;

        /**
         * Most submitted pieces of work not yet finished; a submission beyond it fails at once with
         * EcosystemOverloadedException (backpressure). Defaults to 10000.
         */
        private Integer maxPendingWork;

        /**
         * Whether the coordinator and the workers keep message analytics: counts, estimated sizes, queue waits and
         * throughput, shown by the ecosystems Actuator endpoint and recorded as the foundation.beam.message.size and
         * foundation.beam.message.queue.wait meters. Each message then costs two clock reads and a size estimate.
         */
        private boolean messageAnalytics = false;

        /**
         * Whether the workers run on platform threads the ecosystem owns (the BEAM's dirty schedulers) instead of
         * virtual threads: for CPU-bound workers, which the operating system then preempts, so that they cannot hold
         * the carriers the other processes need. One platform thread per worker that runs or waits at once.
         */
        private boolean dedicatedThreads = false;

        /** Mailbox of each member process. */
        private final Mailbox mailbox = new Mailbox();

        /** Restart intensity of the ecosystem's supervisor (self-healing fault tolerance). */
        private final Restart restart = new Restart();

        /** Delay before restarts; none unless backoff.min and backoff.max are set. */
        private final Backoff backoff = new Backoff();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getWorkers() {
            return this.workers;
        }

        public void setWorkers(Integer workers) {
            this.workers = workers;
        }

        public Topology getTopology() {
            return this.topology;
        }

        public void setTopology(Topology topology) {
            this.topology = topology;
        }

        public FaultTolerance getFaultTolerance() {
            return this.faultTolerance;
        }

        public void setFaultTolerance(FaultTolerance faultTolerance) {
            this.faultTolerance = faultTolerance;
        }

        public MemoryStrategy getMemoryStrategy() {
            return this.memoryStrategy;
        }

        public void setMemoryStrategy(MemoryStrategy memoryStrategy) {
            this.memoryStrategy = memoryStrategy;
        }

        public GcStrategy getGcStrategy() {
            return this.gcStrategy;
        }

        public void setGcStrategy(GcStrategy gcStrategy) {
            this.gcStrategy = gcStrategy;
        }

        public Duration getHibernateAfter() {
            return this.hibernateAfter;
        }

        public void setHibernateAfter(Duration hibernateAfter) {
            this.hibernateAfter = hibernateAfter;
        }

        public DispatchStrategy getDispatch() {
            return this.dispatch;
        }

        public void setDispatch(DispatchStrategy dispatch) {
            this.dispatch = dispatch;
        }

        public Integer getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getWorkTimeout() {
            return this.workTimeout;
        }

        public void setWorkTimeout(Duration workTimeout) {
            this.workTimeout = workTimeout;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Integer getBacklogThreshold() {
            return this.backlogThreshold;
        }

        public void setBacklogThreshold(Integer backlogThreshold) {
            this.backlogThreshold = backlogThreshold;
        }

        public Integer getMaxPendingWork() {
            return this.maxPendingWork;
        }

        public void setMaxPendingWork(Integer maxPendingWork) {
            this.maxPendingWork = maxPendingWork;
        }

        public boolean isDedicatedThreads() {
            return this.dedicatedThreads;
        }

        public void setDedicatedThreads(boolean dedicatedThreads) {
            this.dedicatedThreads = dedicatedThreads;
        }

        public boolean isMessageAnalytics() {
            return this.messageAnalytics;
        }

        public void setMessageAnalytics(boolean messageAnalytics) {
            this.messageAnalytics = messageAnalytics;
        }

        public Mailbox getMailbox() {
            return this.mailbox;
        }

        public Restart getRestart() {
            return this.restart;
        }

        public Backoff getBackoff() {
            return this.backoff;
        }
    }

    /** A member's mailbox ({@code foundation.beam.ecosystems.<name>.mailbox.*}). */
    public static class Mailbox {

        /** Most messages queued in each member's mailbox, at least 1. Unbounded unless set. */
        private Integer capacity;

        /**
         * What a full bounded mailbox does with a new message: reject, drop-newest, drop-oldest or block-sender.
         * Defaults to reject; needs mailbox.capacity.
         */
        private OverflowPolicy overflowPolicy;

        /**
         * How long block-sender makes a sender wait for room before the message is rejected. Defaults to 5s. A bare
         * number is in seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration sendTimeout;

        public Integer getCapacity() {
            return this.capacity;
        }

        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        public OverflowPolicy getOverflowPolicy() {
            return this.overflowPolicy;
        }

        public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
        }

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }
    }

    /** Restart intensity ({@code foundation.beam.ecosystems.<name>.restart.*}). */
    public static class Restart {

        /**
         * Restarts tolerated within the period before the supervisor gives up and stops the ecosystem. Defaults to
         * 10.
         */
        private Integer maxRestarts;

        /** Sliding window in which restarts are counted. Defaults to 5s. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration period;

        public Integer getMaxRestarts() {
            return this.maxRestarts;
        }

        public void setMaxRestarts(Integer maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getPeriod() {
            return this.period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }
    }

    /** Restart backoff ({@code foundation.beam.ecosystems.<name>.backoff.*}). */
    public static class Backoff {

        /**
         * First delay before a restart; doubles on each consecutive restart up to backoff.max. A bare number is in
         * seconds.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration min;

        /** Largest delay before a restart, at least backoff.min. A bare number is in seconds. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration max;

        /** Random extra delay, as a fraction of the delay, from 0 to 1. Defaults to 0. */
        private Double jitter;

        public Duration getMin() {
            return this.min;
        }

        public void setMin(Duration min) {
            this.min = min;
        }

        public Duration getMax() {
            return this.max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public Double getJitter() {
            return this.jitter;
        }

        public void setJitter(Double jitter) {
            this.jitter = jitter;
        }
    }
}
