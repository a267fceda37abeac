package io.foundation.beam.boot.actuate.endpoint;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code ecosystems} Actuator endpoint: what runs, and one ecosystem's live tree.
 * <ul>
 *   <li>{@code GET /actuator/ecosystems}: every ecosystem with its health state, topology, fault tolerance,
 *       worker counts, live processes, backlog and work in flight.</li>
 *   <li>{@code GET /actuator/ecosystems/{name}}: the live tree: the supervisor, the coordinator and each worker
 *       (current process, status, mailbox length, messages processed, restarts, memory figure), with the health
 *       and its reasons. 404 for an unknown name.</li>
 *   <li>{@code POST /actuator/ecosystems/{name}/{worker}}: restarts worker {@code worker} of the ecosystem
 *       ({@link Ecosystem#restartWorker(int)}) and answers with the new process. Refused with 403 and a message
 *       naming {@value #WRITE_PROPERTY} unless that property is true; 404 for an unknown ecosystem, 400 for a bad
 *       index, 409 if the ecosystem is not running.</li>
 *   <li>{@code POST /actuator/ecosystems/{name}} with {@code {"workers": n}}: changes the ecosystem's worker count
 *       to {@code n} ({@link Ecosystem#resize(int)}: new workers start; retired ones finish the work they hold,
 *       within the shutdown timeout, and stop; no accepted work is lost) and answers with the previous and the new
 *       count. Refused with 403 and a message naming {@value #WRITE_PROPERTY} unless that property is true; 404 for
 *       an unknown ecosystem, 400 for a count outside 1 to {@code max(}{@value Ecosystem#MAX_RESIZE_WORKERS}{@code ,
 *       configured workers)} (or a missing one), 409 if the ecosystem is not running.</li>
 * </ul>
 * The {@code workers} figure of the read operations is the current worker count, which a resize changes; before the
 * ecosystem starts it is the configured one.
 * The memory figure is the runtime's bookkeeping for each process (see {@code ProcessInfo}), not its share of the
 * heap, which the JVM cannot tell.
 */
@Endpoint(id = "ecosystems")
public class EcosystemsEndpoint {

    /** The property that enables the write operations. */
    public static final String WRITE_PROPERTY = "foundation.beam.management.write-enabled";

    private static final int STATUS_FORBIDDEN = 403;
    private static final int STATUS_CONFLICT = 409;

    private final EcosystemRegistry registry;
    private final boolean writeEnabled;

    /**
     * @param registry the application's ecosystems
     * @param writeEnabled whether the write operations may change running ecosystems
     */
    public EcosystemsEndpoint(EcosystemRegistry registry, boolean writeEnabled) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.writeEnabled = writeEnabled;
    }

    /** @return every ecosystem, in declaration order */
    @ReadOperation
    public EcosystemsDescriptor ecosystems() {
        List<EcosystemSummary> list = new ArrayList<>();
        for (Ecosystem ecosystem : registry.ecosystems()) {
            list.add(summary(ecosystem));
        }
        return new EcosystemsDescriptor(List.copyOf(list));
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
                    ecosystem.config().workerCount(), 0, 0, 0, 0, 0, null, null, List.of());
        }
        // the current count (a resize changes it), not the configured one
        List<MemberDescriptor> workers = info.workers().stream().map(EcosystemsEndpoint::member).toList();
        return new EcosystemDescriptor(name, health.status().name(), health.reasons(), info.running(),
                lower(info.topology()), lower(info.faultTolerance()), health.workersTotal(),
                health.workersAlive(), info.totalProcesses(), info.totalBacklog(), info.workInFlight(),
                info.totalMemory(), member(info.supervisor()), member(info.coordinator()), workers);
    }

    /**
     * Restarts one worker, if write operations are enabled.
     *
     * @param name the ecosystem
     * @param worker the worker's index
     * @return the outcome: 200 with the new process, or 403, 404, 400 or 409 with a message
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> restartWorker(@Selector String name, @Selector int worker) {
        if (!writeEnabled) {
            return refusal(STATUS_FORBIDDEN, "Write operations of the 'ecosystems' endpoint are disabled: set "
                    + WRITE_PROPERTY + "=true to allow restarting workers through it.");
        }
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
     * Changes an ecosystem's worker count, if write operations are enabled. Blocks while retired workers finish the
     * work they hold (up to the ecosystem's shutdown timeout).
     *
     * @param name the ecosystem
     * @param workers the new worker count
     * @return the outcome: 200 with the previous and new counts, or 403, 404, 400 or 409 with a message
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> resize(@Selector String name, int workers) {
        if (!writeEnabled) {
            return refusal(STATUS_FORBIDDEN, "Write operations of the 'ecosystems' endpoint are disabled: set "
                    + WRITE_PROPERTY + "=true to allow changing worker counts through it.");
        }
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
        return new WebEndpointResponse<>(new Refusal(status, message), status);
    }

    private static EcosystemSummary summary(Ecosystem ecosystem) {
        try {
            EcosystemInfo info = ecosystem.info();
            EcosystemHealth health = ecosystem.health();
            return new EcosystemSummary(ecosystem.name(), health.status().name(), info.running(),
                    lower(info.topology()), lower(info.faultTolerance()), health.workersTotal(),
                    health.workersAlive(), info.totalProcesses(), info.totalBacklog(), info.workInFlight());
        } catch (EcosystemStoppedException notStarted) {
            return new EcosystemSummary(ecosystem.name(), "NOT_STARTED", false, lower(ecosystem.config().topology()),
                    lower(ecosystem.config().faultTolerance()), ecosystem.config().workerCount(), 0, 0, 0, 0);
        }
    }

    private static MemberDescriptor member(MemberInfo m) {
        return new MemberDescriptor(m.role(), m.index() < 0 ? null : m.index(), Objects.toString(m.process(), null),
                m.status().name(), m.mailboxLength(), m.messagesProcessed(), m.restarts(), m.memoryBytes());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Every ecosystem.
     *
     * @param ecosystems their summaries, in declaration order
     */
    public record EcosystemsDescriptor(List<EcosystemSummary> ecosystems) implements OperationResponseBody {
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
     */
    public record EcosystemSummary(String name, String status, boolean running, String topology,
            String faultTolerance, int workers, int workersAlive, int processes, long backlog, int workInFlight) {
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
     */
    public record EcosystemDescriptor(String name, String status, List<String> reasons, boolean running,
            String topology, String faultTolerance, int workers, int workersAlive, int processes, long backlog,
            int workInFlight, long memoryBytes, MemberDescriptor supervisor, MemberDescriptor coordinator,
            List<MemberDescriptor> workerProcesses) implements OperationResponseBody {
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
     * A refused write operation.
     *
     * @param status the HTTP status
     * @param message what was refused, and why
     */
    public record Refusal(int status, String message) implements OperationResponseBody {
    }
}
