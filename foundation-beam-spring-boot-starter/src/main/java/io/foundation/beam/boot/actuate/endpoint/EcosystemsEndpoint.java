package io.foundation.beam.boot.actuate.endpoint;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * The {@code ecosystems} Actuator endpoint: what runs, and one ecosystem's live tree.
 * <ul>
 *   <li>{@code GET /actuator/ecosystems}: every ecosystem with its health state, topology, fault tolerance,
 *       worker counts, live processes, backlog and work in flight, and, with message analytics, its message count
 *       and mean queue wait; with the cluster ({@code foundation.beam.cluster.enabled}), the {@code cluster}
 *       section: this node and the members up as it sees them ({@link ClusterDescriptor}).</li>
 *   <li>{@code GET /actuator/ecosystems/{name}}: the live tree: the supervisor, the coordinator and each worker
 *       (current process, status, mailbox length, messages processed, restarts, memory figure), with the health
 *       and its reasons; with message analytics ({@code foundation.beam.ecosystems.<name>.message-analytics}), the
 *       {@code messages} section ({@link MessagesDescriptor}). 404 for an unknown name.</li>
 *   <li>{@code POST /actuator/ecosystems/{name}/{worker}}: restarts worker {@code worker} of the ecosystem
 *       ({@link Ecosystem#restartWorker(int)}) and answers with the new process. 404 for an unknown
 *       ecosystem, 400 for a bad
 *       index, 409 if the ecosystem is not running.</li>
 *   <li>{@code POST /actuator/ecosystems/{name}} with {@code {"workers": n}}: changes the ecosystem's worker count
 *       to {@code n} ({@link Ecosystem#resize(int)}: new workers start; retired ones finish the work they hold,
 *       within the shutdown timeout, and stop; no accepted work is lost) and answers with the previous and the new
 *       count. 404 for an unknown ecosystem, 400 for a count outside 1 to
 *       {@code max(}{@value Ecosystem#MAX_RESIZE_WORKERS}{@code , configured workers)} (or a missing one), 409 if
 *       the ecosystem is not running.</li>
 * </ul>
 * Access is Boot's ({@code management.endpoint.ecosystems.access}): read-only by default, so the two write operations
 * are not mapped (a POST is 405 where a read operation has the same path, 404 elsewhere) unless the access is
 * {@code unrestricted}. The deprecated {@code foundation.beam.management.write-enabled=true} still means
 * {@code unrestricted} when the access property is not set ({@link EcosystemsAccessEnvironmentPostProcessor}).
 * The write operations answer their errors as problem details ({@link Refusal}, {@code application/problem+json}).
 * The {@code workers} figure of the read operations is the current worker count, which a resize changes; before the
 * ecosystem starts it is the configured one.
 * The memory figure is the runtime's bookkeeping for each process (see {@code ProcessInfo}), not its share of the
 * heap, which the JVM cannot tell.
 * <p>
 * Message analytics: {@code messageAnalytics} says whether the ecosystem keeps them; when it does not (or before it
 * starts) {@code messages} is null, which Actuator's JSON leaves out, never zeros. Durations in the {@code messages}
 * section are in nanoseconds and sizes in estimated bytes; histogram buckets give their inclusive upper bound
 * ({@code upTo}), null (so absent from the JSON) for the last, unbounded one.
 */
@Endpoint(id = "ecosystems", defaultAccess = Access.READ_ONLY)
public class EcosystemsEndpoint {

    /**
     * The deprecated property that once enabled the write operations; {@code true} still does, by meaning
     * {@value #ACCESS_PROPERTY}{@code =unrestricted} when that property is not set.
     *
     * @deprecated since 0.2.0, for removal: use {@value #ACCESS_PROPERTY}
     */
    @Deprecated(since = "0.2.0", forRemoval = true)
    public static final String WRITE_PROPERTY = "foundation.beam.management.write-enabled";

    /** Boot's access property of this endpoint: {@code unrestricted} enables the write operations. */
    public static final String ACCESS_PROPERTY = "management.endpoint.ecosystems.access";

    private static final int STATUS_CONFLICT = 409;

    /** The media type of a refusal: a problem detail (RFC 9457). */
    private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

    private final EcosystemRegistry registry;
    private final Supplier<ClusterDescriptor> cluster;

    /**
     * An endpoint without a cluster section. The endpoint's access is Boot's: read-only by default
     * ({@link Endpoint#defaultAccess()}), so the write operations exist only with
     * {@value #ACCESS_PROPERTY}{@code =unrestricted} (or {@code management.endpoints.access.default=unrestricted}).
     *
     * @param registry the application's ecosystems
     */
    public EcosystemsEndpoint(EcosystemRegistry registry) {
        this(registry, () -> null);
    }

    /**
     * An endpoint whose list shows the cluster as {@code cluster} reads it at each request.
     *
     * @param registry the application's ecosystems
     * @param cluster this node's view of the cluster, read at each request; it gives null when this runtime is in no
     *     cluster
     */
    public EcosystemsEndpoint(EcosystemRegistry registry, Supplier<ClusterDescriptor> cluster) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** @return every ecosystem, in declaration order, and the cluster if this runtime is in one */
    @ReadOperation
    public EcosystemsDescriptor ecosystems() {
        List<EcosystemSummary> list = new ArrayList<>();
        for (Ecosystem ecosystem : registry.ecosystems()) {
            list.add(summary(ecosystem));
        }
        return new EcosystemsDescriptor(List.copyOf(list), cluster.get());
    }

    /**
     * @param name an ecosystem's name
     * @return its live tree, or null (404) if there is no such ecosystem
     */
    @ReadOperation
    public EcosystemDescriptor ecosystem(@Selector String name) {
        Optional<Ecosystem> found = registry.find(name);
        if (found.isEmpty()) {
            return null;
        }
        Ecosystem ecosystem = found.get();
        EcosystemInfo info;
        EcosystemHealth health;
        try {
            info = ecosystem.info();
            health = ecosystem.health();
        } catch (EcosystemStoppedException notStarted) {
            return new EcosystemDescriptor(name, "NOT_STARTED", List.of(String.valueOf(notStarted.getMessage())),
                    false, lower(ecosystem.config().topology()), lower(ecosystem.config().faultTolerance()),
                    ecosystem.config().workerCount(), 0, 0, 0, 0, 0, null, null, List.of(),
                    ecosystem.config().messageAnalytics(), null);
        }
        // the current count (a resize changes it), not the configured one
        List<MemberDescriptor> workers = info.workers().stream().map(EcosystemsEndpoint::member).toList();
        MessagesDescriptor messages = ecosystem.messageStats().map(EcosystemsEndpoint::messages).orElse(null);
        return new EcosystemDescriptor(name, health.status().name(), health.reasons(), info.running(),
                lower(info.topology()), lower(info.faultTolerance()), health.workersTotal(),
                health.workersAlive(), info.totalProcesses(), info.totalBacklog(), info.workInFlight(),
                info.totalMemory(), member(info.supervisor()), member(info.coordinator()), workers,
                ecosystem.config().messageAnalytics(), messages);
    }

    /**
     * Restarts one worker (a write operation: only with unrestricted access).
     *
     * @param name the ecosystem
     * @param worker the worker's index
     * @return the outcome: 200 with the new process, or 404, 400 or 409 with a problem detail ({@link Refusal})
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> restartWorker(@Selector String name, @Selector int worker) {
        Optional<Ecosystem> found = registry.find(name);
        if (found.isEmpty()) {
            return refusal(WebEndpointResponse.STATUS_NOT_FOUND, "No ecosystem named '" + name + "'. Known "
                    + "ecosystems: " + registry.names() + ".");
        }
        Ecosystem ecosystem = found.get();
        ProcessRef previous;
        ProcessRef replacement;
        try {
            List<ProcessRef> workers = ecosystem.workers(); // the current count, which a resize changes
            if (worker < 0 || worker >= workers.size()) {
                return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' has no worker "
                        + worker + ": its workers are 0 to " + (workers.size() - 1) + ".");
            }
            previous = workers.get(worker);
            replacement = ecosystem.restartWorker(worker);
        } catch (IndexOutOfBoundsException shrunkMeanwhile) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' has no worker "
                    + worker + " any more: " + shrunkMeanwhile.getMessage());
        } catch (EcosystemStoppedException e) {
            return refusal(STATUS_CONFLICT, "Ecosystem '" + name + "' is not running: " + e.getMessage());
        }
        return new WebEndpointResponse<>(new WorkerRestarted(name, worker, Objects.toString(previous, null),
                replacement.toString()));
    }

    /**
     * Changes an ecosystem's worker count (a write operation: only with unrestricted access). Blocks while retired
     * workers finish the work they hold (up to the ecosystem's shutdown timeout).
     *
     * @param name the ecosystem
     * @param workers the new worker count
     * @return the outcome: 200 with the previous and new counts, or 404, 400 or 409 with a problem detail
     *     ({@link Refusal})
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> resize(@Selector String name, int workers) {
        Optional<Ecosystem> found = registry.find(name);
        if (found.isEmpty()) {
            return refusal(WebEndpointResponse.STATUS_NOT_FOUND, "No ecosystem named '" + name + "'. Known "
                    + "ecosystems: " + registry.names() + ".");
        }
        Ecosystem ecosystem = found.get();
        int max = Math.max(Ecosystem.MAX_RESIZE_WORKERS, ecosystem.config().workerCount());
        if (workers < 1 || workers > max) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, "Ecosystem '" + name + "' cannot have " + workers
                    + " workers: the count must be 1 to " + max + ".");
        }
        int previous;
        try {
            previous = ecosystem.resize(workers);
        } catch (EcosystemStoppedException e) {
            return refusal(STATUS_CONFLICT, "Ecosystem '" + name + "' is not running: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return refusal(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
        }
        return new WebEndpointResponse<>(new WorkersResized(name, previous, workers));
    }

    private static WebEndpointResponse<OperationResponseBody> refusal(int status, String message) {
        return new WebEndpointResponse<>(Refusal.of(status, message), status, PROBLEM_JSON);
    }

    private static EcosystemSummary summary(Ecosystem ecosystem) {
        try {
            EcosystemInfo info = ecosystem.info();
            EcosystemHealth health = ecosystem.health();
            MessageSummary messages = ecosystem.messageStats().map(EcosystemMessageStats::total)
                    .map(t -> new MessageSummary(t.messages(), t.meanQueueWait().toNanos())).orElse(null);
            return new EcosystemSummary(ecosystem.name(), health.status().name(), info.running(),
                    lower(info.topology()), lower(info.faultTolerance()), health.workersTotal(),
                    health.workersAlive(), info.totalProcesses(), info.totalBacklog(), info.workInFlight(),
                    ecosystem.config().messageAnalytics(), messages);
        } catch (EcosystemStoppedException notStarted) {
            return new EcosystemSummary(ecosystem.name(), "NOT_STARTED", false, lower(ecosystem.config().topology()),
                    lower(ecosystem.config().faultTolerance()), ecosystem.config().workerCount(), 0, 0, 0, 0,
                    ecosystem.config().messageAnalytics(), null);
        }
    }

    private static MessagesDescriptor messages(EcosystemMessageStats stats) {
        List<WorkerMessages> workers = new ArrayList<>(stats.currentWorkers().size());
        for (int i = 0; i < stats.currentWorkers().size(); i++) {
            MessageStats w = stats.currentWorkers().get(i);
            workers.add(new WorkerMessages(i, w.messages(), w.meanQueueWait().toNanos(), w.maxQueueWait().toNanos(),
                    w.messagesPerSecond()));
        }
        return new MessagesDescriptor(role(stats.coordinator()), role(stats.workers()), List.copyOf(workers));
    }

    private static RoleMessages role(MessageStats stats) {
        return new RoleMessages(stats.messages(), stats.estimatedBytes(), stats.meanBytes(),
                buckets(MessageStats.SIZE_BOUNDS, stats.sizeHistogram()), stats.meanQueueWait().toNanos(),
                stats.maxQueueWait().toNanos(), buckets(MessageStats.WAIT_BOUNDS, stats.waitHistogram()),
                stats.messagesPerSecond());
    }

    private static List<Bucket> buckets(List<Long> bounds, List<Long> counts) {
        List<Bucket> buckets = new ArrayList<>(bounds.size());
        for (int i = 0; i < bounds.size(); i++) {
            long bound = bounds.get(i);
            buckets.add(new Bucket(bound == Long.MAX_VALUE ? null : bound, counts.get(i)));
        }
        return List.copyOf(buckets);
    }

    private static MemberDescriptor member(MemberInfo m) {
        return new MemberDescriptor(m.role(), m.index() < 0 ? null : m.index(), Objects.toString(m.process(), null),
                m.status().name(), m.mailboxLength(), m.messagesProcessed(), m.restarts(), m.memoryBytes());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Every ecosystem, and the cluster.
     *
     * @param ecosystems their summaries, in declaration order
     * @param cluster this node's view of its cluster, or null (absent from the JSON) when the runtime is in none
     */
    public record EcosystemsDescriptor(List<EcosystemSummary> ecosystems, ClusterDescriptor cluster)
            implements OperationResponseBody {
    }

    /**
     * This node's view of its cluster (module {@code foundation-beam-cluster}).
     *
     * @param node this node's name (the runtime's)
     * @param closed whether this node has left the cluster (it is then alone in {@code members})
     * @param members the nodes up as this node sees them, this one included, by name
     * @param ecosystems the distributed ecosystems started on this node, by name (empty when there are none)
     */
    public record ClusterDescriptor(String node, boolean closed, List<NodeDescriptor> members,
            List<DistributedEcosystemDescriptor> ecosystems) {
    }

    /**
     * A distributed ecosystem (its distribution is not local-only) as this node sees it.
     *
     * @param name the ecosystem's name
     * @param policy cluster-wide or explicit-nodes
     * @param coordinatorNode the node its coordinator runs on, as this node's replica of the journal has it (null
     *     until one has started)
     * @param coordinatorIncarnation that node's incarnation (0 until a coordinator has started)
     * @param epoch the coordinator's epoch: the Raft term it started in (0 until one has started)
     * @param workersByNode the workers each node runs (the nodes up that run the ecosystem, by name)
     * @param pendingItems accepted items not yet completed
     * @param available whether this node can submit (it sees a majority of the Raft voters)
     */
    public record DistributedEcosystemDescriptor(String name, String policy, String coordinatorNode,
            long coordinatorIncarnation, long epoch, Map<String, Integer> workersByNode, int pendingItems,
            boolean available) {
    }

    /**
     * A node of the cluster.
     *
     * @param name its name, which its pids show ({@code <name.42>})
     * @param incarnation which life of the node this is: a node that restarts under the same name has a new one
     */
    public record NodeDescriptor(String name, long incarnation) {
    }

    /**
     * One ecosystem in the list.
     *
     * @param name its name
     * @param status HEALTHY, DEGRADED, CRITICAL, or NOT_STARTED during the context's refresh
     * @param running whether it runs (not stopped, supervisor alive)
     * @param topology tree, mesh or ring
     * @param faultTolerance standard or self-healing
     * @param workers the current worker count (the configured one until it starts; a resize changes it)
     * @param workersAlive live workers
     * @param processes live coordinator and workers
     * @param backlog messages queued across members
     * @param workInFlight submitted work not yet completed
     * @param messageAnalytics whether the ecosystem keeps message analytics
     * @param messages its coordinator's and workers' messages since it started, or null without message analytics
     *     (or before it starts)
     */
    public record EcosystemSummary(String name, String status, boolean running, String topology,
            String faultTolerance, int workers, int workersAlive, int processes, long backlog, int workInFlight,
            boolean messageAnalytics, MessageSummary messages) {
    }

    /**
     * An ecosystem's messages in one line: its coordinator's and workers' together, since it started.
     *
     * @param messages messages taken from their mailboxes
     * @param meanQueueWaitNanos how long they waited there on average, in nanoseconds
     */
    public record MessageSummary(long messages, long meanQueueWaitNanos) {
    }

    /**
     * One ecosystem's live tree.
     *
     * @param name its name
     * @param status HEALTHY, DEGRADED, CRITICAL, or NOT_STARTED
     * @param reasons why it is not HEALTHY
     * @param running whether it runs
     * @param topology tree, mesh or ring
     * @param faultTolerance standard or self-healing
     * @param workers the current worker count (the configured one until it starts; a resize changes it)
     * @param workersAlive live workers
     * @param processes live coordinator and workers
     * @param backlog messages queued across members
     * @param workInFlight submitted work not yet completed
     * @param memoryBytes sum of the members' memory figures
     * @param supervisor the supervisor
     * @param coordinator the coordinator
     * @param workerProcesses the workers, by index
     * @param messageAnalytics whether the ecosystem keeps message analytics
     *     ({@code foundation.beam.ecosystems.<name>.message-analytics})
     * @param messages its message analytics, or null without them (or before it starts)
     */
    public record EcosystemDescriptor(String name, String status, List<String> reasons, boolean running,
            String topology, String faultTolerance, int workers, int workersAlive, int processes, long backlog,
            int workInFlight, long memoryBytes, MemberDescriptor supervisor, MemberDescriptor coordinator,
            List<MemberDescriptor> workerProcesses, boolean messageAnalytics, MessagesDescriptor messages)
            implements OperationResponseBody {
    }

    /**
     * An ecosystem's message analytics ({@code Ecosystem.messageStats()}), read in one consistent step: the role
     * totals are cumulative since the ecosystem started, including processes since restarted or retired by a
     * resize; the supervisor's messages are not counted.
     *
     * @param coordinator every coordinator process's messages
     * @param workers every worker process's messages
     * @param workerProcesses the current worker process at each index, since that process started (a restart starts
     *     it again from zero); its process id is in the tree's {@code workerProcesses} at the same index
     */
    public record MessagesDescriptor(RoleMessages coordinator, RoleMessages workers,
            List<WorkerMessages> workerProcesses) {
    }

    /**
     * The messages of one role (see {@code MessageStats}).
     *
     * @param messages messages taken from the mailboxes (exact)
     * @param estimatedBytes the sum of their estimated sizes
     * @param meanBytes the mean estimated size, 0 without messages
     * @param sizeHistogram message counts by estimated size in bytes
     * @param meanQueueWaitNanos how long a message waited in a mailbox on average, from the send to the moment the
     *     process took it, in nanoseconds
     * @param maxQueueWaitNanos the longest wait, in nanoseconds
     * @param queueWaitHistogram message counts by queue wait in nanoseconds
     * @param messagesPerSecond messages taken per second between the first and the last one (0 with fewer than two)
     */
    public record RoleMessages(long messages, long estimatedBytes, double meanBytes, List<Bucket> sizeHistogram,
            long meanQueueWaitNanos, long maxQueueWaitNanos, List<Bucket> queueWaitHistogram,
            double messagesPerSecond) {
    }

    /**
     * The messages of one current worker process.
     *
     * @param index the worker's index
     * @param messages messages it took since it started
     * @param meanQueueWaitNanos their mean queue wait, in nanoseconds
     * @param maxQueueWaitNanos the longest, in nanoseconds
     * @param messagesPerSecond messages it took per second between its first and last one
     */
    public record WorkerMessages(int index, long messages, long meanQueueWaitNanos, long maxQueueWaitNanos,
            double messagesPerSecond) {
    }

    /**
     * One histogram bucket: the messages whose value is at most {@code upTo} and above the previous bucket's bound.
     *
     * @param upTo the inclusive upper bound (bytes or nanoseconds), or null for the last, unbounded bucket
     * @param count messages in the bucket
     */
    public record Bucket(Long upTo, long count) {
    }

    /**
     * One process of the tree: always the current one for its role and index.
     *
     * @param role supervisor, coordinator or worker
     * @param index the worker's index (null for the others)
     * @param process its process id, such as {@code <beam.42>}
     * @param status RUNNING, WAITING, HIBERNATING, EXITING or DEAD
     * @param mailboxLength messages queued
     * @param messagesProcessed messages it handled
     * @param restarts restarts of this role and index
     * @param memoryBytes the runtime's bookkeeping bytes for it (0 when dead)
     */
    public record MemberDescriptor(String role, Integer index, String process, String status, int mailboxLength,
            long messagesProcessed, int restarts, long memoryBytes) {
    }

    /**
     * A worker restarted through the endpoint.
     *
     * @param ecosystem the ecosystem
     * @param worker the worker's index
     * @param previousProcess the process it replaced
     * @param process the new process
     */
    public record WorkerRestarted(String ecosystem, int worker, String previousProcess, String process)
            implements OperationResponseBody {
    }

    /**
     * An ecosystem's worker count changed through the endpoint.
     *
     * @param ecosystem the ecosystem
     * @param previousWorkers the worker count before
     * @param workers the worker count now
     */
    public record WorkersResized(String ecosystem, int previousWorkers, int workers) implements OperationResponseBody {
    }

    /**
     * A refused write operation, as a problem detail (RFC 9457, {@code application/problem+json}).
     *
     * @param type {@code about:blank}: the HTTP status says what went wrong
     * @param title the HTTP status's reason phrase
     * @param status the HTTP status
     * @param detail what was refused, and why
     */
    public record Refusal(String type, String title, int status, String detail) implements OperationResponseBody {

        static Refusal of(int status, String detail) {
            String title = switch (status) {
                case WebEndpointResponse.STATUS_BAD_REQUEST -> "Bad Request";
                case WebEndpointResponse.STATUS_NOT_FOUND -> "Not Found";
                case STATUS_CONFLICT -> "Conflict";
                default -> "Error";
            };
            return new Refusal("about:blank", title, status, detail);
        }

        /** @return the {@link #detail()}: what was refused, and why */
        public String message() {
            return detail;
        }
    }
}
