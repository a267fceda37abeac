package io.foundation.beam.boot.metrics;

/**
 * The names and tags of Foundation BEAM's meters. Tags are bounded: {@value #TAG_ECOSYSTEM} (an ecosystem's name,
 * or {@value #NO_ECOSYSTEM} for a process outside any ecosystem of the application), {@value #TAG_ROLE}
 * ({@code coordinator}, {@code worker}, or {@code process} outside an ecosystem) , {@value #TAG_OUTCOME},
 * {@value #TAG_EXCEPTION} (a class's simple name), {@value #TAG_STATE} and {@value #TAG_EVENT}; never a process id
 * or a node name.
 */
public final class BeamMetricNames {

    /** Gauge: live processes of an ecosystem, by role. */
    public static final String PROCESSES = "foundation.beam.processes";
    /** Gauge: messages queued in the mailboxes of an ecosystem's processes, by role. */
    public static final String MAILBOX_BACKLOG = "foundation.beam.mailbox.backlog";
    /**
     * Counter: submitted work that ended, by ecosystem and {@value #TAG_OUTCOME} (the lowercase
     * {@code io.foundation.beam.telemetry.WorkOutcome}: {@code succeeded}, {@code failed}, {@code refused},
     * {@code rejected}, {@code undeliverable}, {@code timed_out}, {@code cancelled}, {@code abandoned}); each
     * submission counts once, when it ends. Every outcome's counter is registered at 0 when the meters are bound (a
     * declared ecosystem) or the ecosystem starts, and kept while a declared ecosystem is stopped.
     */
    public static final String MESSAGES_PROCESSED = "foundation.beam.messages.processed";
    /** Counter: messages dropped by full bounded mailboxes (drop-newest, drop-oldest), by ecosystem and role. */
    public static final String MESSAGES_DROPPED = "foundation.beam.messages.dropped";
    /** Counter: messages refused by full bounded mailboxes (reject, block-sender timeout), by ecosystem and role. */
    public static final String MESSAGES_REJECTED = "foundation.beam.messages.rejected";
    /** Counter: restarts of an ecosystem's coordinator and workers (after a crash or on request), by role. */
    public static final String RESTARTS = "foundation.beam.restarts";
    /**
     * Counter: times an ecosystem's supervisor gave up (restart intensity exceeded), stopping the ecosystem.
     * Registered at 0 when the meters are bound (a declared ecosystem) or the ecosystem starts, and kept when it
     * stops, also for an ecosystem outside the declared ones.
     */
    public static final String SUPERVISOR_GIVE_UPS = "foundation.beam.supervisor.give.ups";
    /** Counter: work in flight on a dead worker that was sent to another. */
    public static final String WORK_REDISTRIBUTED = "foundation.beam.work.redistributed";
    /**
     * Timer: time from submitting work to its end, by ecosystem, {@value #TAG_OUTCOME} (as
     * {@link #MESSAGES_PROCESSED}) and {@value #TAG_EXCEPTION} (the simple class name of what the work threw, for
     * {@code failed} and {@code refused}; {@value #NO_EXCEPTION} otherwise).
     */
    public static final String WORK_LATENCY = "foundation.beam.work.latency";
    /**
     * Gauge: the state of each ecosystem the application declares, one series per {@value #TAG_STATE}
     * ({@code starting}, {@code healthy}, {@code degraded}, {@code critical}, {@code stopped}): 1 for the current one,
     * 0 for the others. Registered for each declared ecosystem when the meters are bound, before the ecosystems
     * start (it reads {@code starting} until the first start), and kept while the application runs, also once the
     * ecosystem stopped (when its live gauges are removed). Its five series share one health computation per scrape.
     */
    public static final String ECOSYSTEM_STATE = "foundation.beam.ecosystem.state";
    /** Timer: isolated work ({@code isolateMemoryIntensiveWork}), by outcome: each task's round trip. */
    public static final String ISOLATED_WORK = "foundation.beam.isolated.work";
    /** Gauge: child JVMs of isolated work alive now (started and not yet ended), across the runtime's pools. */
    public static final String ISOLATION_CHILDREN = "foundation.beam.isolation.children";
    /** Timer: how long a child JVM of isolated work took to start, from its {@code java} command to connected. */
    public static final String ISOLATION_CHILD_START = "foundation.beam.isolation.child.start";
    /**
     * Counter: child JVMs of isolated work that ended, by {@value #TAG_REASON}: {@code recycled} (closed by the pool
     * after its tasks) or {@code died} (heap limit, killed, crashed).
     */
    public static final String ISOLATION_CHILDREN_ENDED = "foundation.beam.isolation.children.ended";
    /**
     * Timer: how long each message waited in a process's mailbox, from the send to the moment the process took it,
     * by ecosystem and role. Recorded only for processes keeping message analytics (an ecosystem with
     * {@code message-analytics} on, or a process spawned with analytics).
     */
    public static final String MESSAGE_QUEUE_WAIT = "foundation.beam.message.queue.wait";
    /**
     * Distribution summary (base unit bytes): the estimated size of each message a process took, by ecosystem and
     * role. Recorded only for processes keeping message analytics, as {@link #MESSAGE_QUEUE_WAIT}.
     */
    public static final String MESSAGE_SIZE = "foundation.beam.message.size";

    /**
     * Gauge: the nodes of the cluster that are up as this node sees it, this node included (1 when it is alone).
     * Registered when the cluster is enabled.
     */
    public static final String CLUSTER_NODES = "foundation.beam.cluster.nodes";
    /**
     * Counter: other nodes seen joining or coming back ({@value #TAG_EVENT} {@code up}) and lost ({@code down}:
     * stopped, crashed, killed or cut off) since this node joined the cluster; both registered at 0. The members
     * already up when this node joined are not counted.
     */
    public static final String CLUSTER_NODE_EVENTS = "foundation.beam.cluster.node.events";
    /**
     * Gauge, by {@value #TAG_ECOSYSTEM}: the accepted items of a distributed ecosystem not yet completed, in this
     * node's replica of its journal (the same on every node up to replication lag).
     */
    public static final String DISTRIBUTED_PENDING = "foundation.beam.ecosystem.distributed.pending";
    /**
     * Gauge, by {@value #TAG_ECOSYSTEM}: the epoch (Raft term) of a distributed ecosystem's coordinator, 0 until one
     * has started; a rise is a coordinator failover.
     */
    public static final String DISTRIBUTED_EPOCH = "foundation.beam.ecosystem.distributed.epoch";
    /** Gauge, by {@value #TAG_ECOSYSTEM}: 1 when the distributed ecosystem's coordinator runs on this node, else 0. */
    public static final String DISTRIBUTED_COORDINATOR = "foundation.beam.ecosystem.distributed.coordinator";
    /**
     * Gauge, by {@value #TAG_ECOSYSTEM}: 1 when this node can submit to the distributed ecosystem (it sees a majority
     * of the Raft voters), else 0.
     */
    public static final String DISTRIBUTED_AVAILABLE = "foundation.beam.ecosystem.distributed.available";
    /**
     * Gauge, by {@value #TAG_ECOSYSTEM} and {@value #TAG_NODE}: the workers of a distributed ecosystem on each node as
     * this node sees it (0 for a node that is down). The {@value #TAG_NODE} tag takes only the cluster's Raft voters,
     * a fixed set of names, so the series stay bounded.
     */
    public static final String DISTRIBUTED_WORKERS = "foundation.beam.ecosystem.distributed.workers";
    /** Tag: a node's name (only for {@link #DISTRIBUTED_WORKERS}: bounded by the Raft voters). */
    public static final String TAG_NODE = "node";
    /** Tag: the ecosystem's name. */
    public static final String TAG_ECOSYSTEM = "ecosystem";
    /** Tag: the process's role. */
    public static final String TAG_ROLE = "role";
    /**
     * Tag: an outcome, lowercase: of submitted work (see {@link #MESSAGES_PROCESSED}), or of isolated work
     * ({@code succeeded}, {@code failed}, {@code timed_out}, {@code cancelled}).
     */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the simple class name of the exception that ended work, or {@value #NO_EXCEPTION}. */
    public static final String TAG_EXCEPTION = "exception";
    /** Tag: an ecosystem's state (see {@link #ECOSYSTEM_STATE}). */
    public static final String TAG_STATE = "state";
    /** The tag of {@link #CLUSTER_NODE_EVENTS}: {@code up} or {@code down}. */
    public static final String TAG_EVENT = "event";
    /** Tag: why a child JVM of isolated work ended, {@code recycled} or {@code died}. */
    public static final String TAG_REASON = "reason";
    /** The {@value #TAG_EXCEPTION} of work that ended without an exception. */
    public static final String NO_EXCEPTION = "none";
    /** The {@value #TAG_ECOSYSTEM} of a process outside the application's ecosystems. */
    public static final String NO_ECOSYSTEM = "none";

    private BeamMetricNames() {
    }
}
