package io.foundation.beam.boot.metrics;

import static io.foundation.beam.boot.metrics.BeamMetricNames.NO_ECOSYSTEM;
import static io.foundation.beam.boot.metrics.BeamMetricNames.NO_EXCEPTION;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_ECOSYSTEM;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_EXCEPTION;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_OUTCOME;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_ROLE;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_STATE;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.WorkOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for Foundation BEAM, fed by the runtime's telemetry ({@link BeamEventListener}) and by gauges
 * that read the ecosystems' live state. The names are in {@link BeamMetricNames}.
 *
 * <h2>Model</h2>
 * The ecosystems the application declares (those the {@code ecosystems} supplier lists, the starter's
 * {@code EcosystemRegistry}) get their {@link BeamMetricNames#ECOSYSTEM_STATE} gauges and their counters, at 0, when
 * {@link #bindDeclaredEcosystems()} runs (the starter calls it once the context's singletons exist, before the
 * ecosystems start; an ecosystem's start registers them too if it was not bound yet): every outcome of
 * {@link BeamMetricNames#MESSAGES_PROCESSED}, drops, rejections and restarts of both roles, redistributions, give-ups,
 * so that a rate or an {@code increase()} over them sees their first event. Its live gauges
 * ({@link BeamMetricNames#PROCESSES}, {@link BeamMetricNames#MAILBOX_BACKLOG}) exist from its {@code EcosystemStarted}
 * event to its {@code EcosystemStopped} event. The stop removes only those: a declared ecosystem keeps its state gauges
 * (it reads {@code stopped}, so alerts on it can fire), its counters (the work abandoned by the stop, the give-up
 * that stopped it) and its timers and summaries while the application runs, and a later start carries on with them.
 * An ecosystem spawned with the core API outside the declared ones has no state gauge, and its stop removes all its
 * meters but its {@link BeamMetricNames#SUPERVISOR_GIVE_UPS} counter. Events of an ecosystem that is not running are
 * not counted.
 * Every meter has a description (a backend's HELP text), true of each of its series. Mailbox drops and
 * rejections name only a process: it is resolved to its ecosystem and role from the ecosystems' current members
 * once, and remembered until the process exits (so a process that keeps overflowing costs one lookup); a process
 * outside them counts under ecosystem {@code none}, role {@code process}.
 *
 * <h2>Message analytics</h2>
 * {@link #onMessageTaken} records each message taken by a process that keeps message analytics in a
 * {@link BeamMetricNames#MESSAGE_QUEUE_WAIT} timer and a {@link BeamMetricNames#MESSAGE_SIZE} summary tagged with
 * the process's ecosystem and role, placed as above. The pair of meters is resolved and registered at the process's
 * first message and cached per process, so later messages cost a map read and two recordings, no registry lookup;
 * the entry goes when the process exits or its ecosystem stops (which removes the meters, as the others). Until
 * every ecosystem of the application has started, a process found in none of them cannot be placed (it may be a
 * member of one still starting): its messages are then not recorded (nor cached), such as a ring's first token.
 * Messages of an ecosystem that is not running are not recorded either. So the meters count what
 * {@code Ecosystem.messageStats()} counts from the moment the ecosystem is started and visible.
 *
 * <p>Thread-safety: {@link #onEvent} and {@link #onMessageTaken} are called on the threads where events happen
 * (process threads), concurrently; they only record in meters and update concurrent maps, and never block. Gauges
 * read the ecosystems' live state when the registry is scraped: each read walks the ecosystem's members, so it costs
 * O(workers). The five state series of an ecosystem share one computation of its health per scrape
 * ({@link EcosystemStateCache}, by the registry's clock).
 */
public final class BeamMetrics implements BeamEventListener {

    private static final String COORDINATOR = "coordinator";
    private static final String WORKER = "worker";
    private static final String PROCESS = "process";
    /** The tags of a process outside the application's ecosystems. */
    private static final Tags OUTSIDE = Tags.of(TAG_ECOSYSTEM, NO_ECOSYSTEM, TAG_ROLE, PROCESS);
    private static final String STARTING = "starting";
    private static final String STOPPED = "stopped";
    /** The values of the {@link BeamMetricNames#ECOSYSTEM_STATE} gauge's {@code state} tag. */
    private static final List<String> STATES = List.of(STARTING, "healthy", "degraded", "critical", STOPPED);
    /** The gauges that read a running ecosystem's members: removed when it stops. */
    private static final Set<String> LIVE_GAUGES = Set.of(BeamMetricNames.PROCESSES, BeamMetricNames.MAILBOX_BACKLOG);

    /** The description of each meter, by name: true of every series of the meter. */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(BeamMetricNames.PROCESSES,
                    "Live processes of the ecosystem in the role: its coordinator (0 or 1), or its workers"),
            Map.entry(BeamMetricNames.MAILBOX_BACKLOG,
                    "Messages queued in the mailboxes of the ecosystem's processes in the role"),
            Map.entry(BeamMetricNames.MESSAGES_PROCESSED,
                    "Submitted work that ended, by outcome; each submission counts once, when it ends"),
            Map.entry(BeamMetricNames.MESSAGES_DROPPED,
                    "Messages dropped by full bounded mailboxes (drop-newest, drop-oldest) of processes in the role"),
            Map.entry(BeamMetricNames.MESSAGES_REJECTED,
                    "Messages refused by full bounded mailboxes (reject, block-sender timeout) of processes in the "
                            + "role"),
            Map.entry(BeamMetricNames.RESTARTS,
                    "Restarts of the ecosystem's processes in the role, after a crash or on request"),
            Map.entry(BeamMetricNames.SUPERVISOR_GIVE_UPS,
                    "Times the ecosystem's supervisor exceeded its restart intensity and stopped the ecosystem"),
            Map.entry(BeamMetricNames.WORK_REDISTRIBUTED,
                    "Submitted work held by a worker that died, sent to a worker again"),
            Map.entry(BeamMetricNames.WORK_LATENCY,
                    "Time from submitting work to its end, by outcome and the exception that ended it"),
            Map.entry(BeamMetricNames.ECOSYSTEM_STATE,
                    "1 if the ecosystem is in the state (starting, healthy, degraded, critical, stopped), else 0"),
            Map.entry(BeamMetricNames.ISOLATED_WORK,
                    "Runs of isolated memory-intensive work, by outcome"),
            Map.entry(BeamMetricNames.ISOLATION_CHILDREN,
                    "Child JVMs of isolated work alive now"),
            Map.entry(BeamMetricNames.ISOLATION_CHILD_START,
                    "Time child JVMs of isolated work took to start and connect"),
            Map.entry(BeamMetricNames.ISOLATION_CHILDREN_ENDED,
                    "Child JVMs of isolated work that ended, recycled by their pool or died"),
            Map.entry(BeamMetricNames.MESSAGE_QUEUE_WAIT,
                    "Time messages waited in mailboxes before their process took them"),
            Map.entry(BeamMetricNames.MESSAGE_SIZE,
                    "Estimated size of the messages processes took"));

    private final MeterRegistry registry;
    private final Supplier<List<Ecosystem>> ecosystems;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Ecosystems that started at least once: one not running now is stopped, not starting. */
    private final Set<String> everStarted = ConcurrentHashMap.newKeySet();
    /** Ecosystems whose state gauges are registered. */
    private final Set<String> stateGauges = ConcurrentHashMap.newKeySet();
    private final Map<ProcessRef, Tags> roles = new ConcurrentHashMap<>();
    /** The message meters of each process that took a message, until it exits or its ecosystem stops. */
    private final Map<ProcessRef, MessageMeters> messageMeters = new ConcurrentHashMap<>();
    /** Each ecosystem's state, computed once per scrape for its five state series. */
    private final EcosystemStateCache states;
    /** Child JVMs of isolated work started and not yet ended. */
    private final AtomicInteger childJvms = new AtomicInteger();

    /**
     * @param registry where the meters go (its clock times the reuse of an ecosystem's state within a scrape)
     * @param ecosystems the application's declared ecosystems (read when binding, when an ecosystem starts or stops,
     *     and to place a process)
     */
    public BeamMetrics(MeterRegistry registry, Supplier<List<Ecosystem>> ecosystems) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ecosystems = Objects.requireNonNull(ecosystems, "ecosystems");
        this.states = new EcosystemStateCache(registry.config().clock());
    }

    /**
     * Registers the state gauges and the counters (at 0) of every declared ecosystem that has none yet, started or
     * not: before its start its state reads {@code starting}. The starter calls it once the application context's
     * singletons exist, before the ecosystems start; calling it again registers only ecosystems declared since.
     */
    public void bindDeclaredEcosystems() {
        for (Ecosystem ecosystem : ecosystems.get()) {
            registerCounters(ecosystem.name());
        }
        registerStates();
        Gauge.builder(BeamMetricNames.ISOLATION_CHILDREN, childJvms, AtomicInteger::get)
                .description(DESCRIPTIONS.get(BeamMetricNames.ISOLATION_CHILDREN)).register(registry);
    }

    @Override
    public void onEvent(BeamEvent event) {
        switch (event) {
            case BeamEvent.EcosystemStarted started -> started(started.ecosystem());
            case BeamEvent.EcosystemStopped stopped -> stopped(stopped.ecosystem());
            case BeamEvent.WorkerRestarted restarted -> count(BeamMetricNames.RESTARTS, restarted.ecosystem(), WORKER);
            case BeamEvent.CoordinatorRestarted restarted ->
                    count(BeamMetricNames.RESTARTS, restarted.ecosystem(), COORDINATOR);
            case BeamEvent.WorkProcessed processed -> {
                if (running.contains(processed.ecosystem())) {
                    String outcome = tagValue(processed.outcome());
                    counter(BeamMetricNames.MESSAGES_PROCESSED,
                            Tags.of(TAG_ECOSYSTEM, processed.ecosystem(), TAG_OUTCOME, outcome)).increment();
                    String exception = processed.exception().map(BeamMetrics::simpleName).orElse(NO_EXCEPTION);
                    Timer.builder(BeamMetricNames.WORK_LATENCY)
                            .description(DESCRIPTIONS.get(BeamMetricNames.WORK_LATENCY))
                            .tags(TAG_ECOSYSTEM, processed.ecosystem(), TAG_OUTCOME, outcome, TAG_EXCEPTION, exception)
                            .register(registry).record(processed.took());
                }
            }
            case BeamEvent.WorkRedistributed redistributed ->
                    count(BeamMetricNames.WORK_REDISTRIBUTED, redistributed.ecosystem(), WORKER);
            case BeamEvent.MessageDropped dropped -> countForProcess(BeamMetricNames.MESSAGES_DROPPED, dropped.process());
            case BeamEvent.MessageRejected rejected ->
                    countForProcess(BeamMetricNames.MESSAGES_REJECTED, rejected.process());
            case BeamEvent.SupervisorGaveUp gaveUp -> {
                String ecosystem = ecosystemOfSupervisor(gaveUp.process());
                counter(BeamMetricNames.SUPERVISOR_GIVE_UPS, Tags.of(TAG_ECOSYSTEM, ecosystem)).increment();
            }
            case BeamEvent.IsolatedWorkFinished finished -> Timer.builder(BeamMetricNames.ISOLATED_WORK)
                    .description(DESCRIPTIONS.get(BeamMetricNames.ISOLATED_WORK))
                    .tag(TAG_OUTCOME, finished.outcome()).register(registry).record(finished.took());
            case BeamEvent.ChildJvmStarted started -> {
                childJvms.incrementAndGet();
                Timer.builder(BeamMetricNames.ISOLATION_CHILD_START)
                        .description(DESCRIPTIONS.get(BeamMetricNames.ISOLATION_CHILD_START)).register(registry)
                        .record(started.took());
            }
            case BeamEvent.ChildJvmEnded ended -> {
                childJvms.decrementAndGet();
                counter(BeamMetricNames.ISOLATION_CHILDREN_ENDED,
                        Tags.of(BeamMetricNames.TAG_REASON, ended.recycled() ? "recycled" : "died")).increment();
            }
            case BeamEvent.ProcessExited exited -> {
                roles.remove(exited.process());
                messageMeters.remove(exited.process());
            }
            default -> {
                // other events have no meter
            }
        }
    }

    private void started(String name) {
        everStarted.add(name);
        running.add(name);
        states.invalidate(name);
        registerCounters(name);
        registerStates();
        Ecosystem ecosystem = find(name);
        if (ecosystem == null) {
            return; // spawned with the core API, outside the application's registry: counters only
        }
        gauge(BeamMetricNames.PROCESSES, ecosystem, COORDINATOR, info -> info.coordinator().alive() ? 1 : 0);
        gauge(BeamMetricNames.PROCESSES, ecosystem, WORKER,
                info -> info.workers().stream().filter(MemberInfo::alive).count());
        gauge(BeamMetricNames.MAILBOX_BACKLOG, ecosystem, COORDINATOR, info -> info.coordinator().mailboxLength());
        gauge(BeamMetricNames.MAILBOX_BACKLOG, ecosystem, WORKER,
                info -> info.workers().stream().mapToLong(MemberInfo::mailboxLength).sum());
    }

    /** Registers the ecosystem's counters at 0, so that the first event of each is an increase from a known 0. */
    private void registerCounters(String name) {
        for (WorkOutcome outcome : WorkOutcome.values()) {
            counter(BeamMetricNames.MESSAGES_PROCESSED, Tags.of(TAG_ECOSYSTEM, name, TAG_OUTCOME, tagValue(outcome)));
        }
        for (String role : List.of(COORDINATOR, WORKER)) {
            Tags tags = Tags.of(TAG_ECOSYSTEM, name, TAG_ROLE, role);
            counter(BeamMetricNames.MESSAGES_DROPPED, tags);
            counter(BeamMetricNames.MESSAGES_REJECTED, tags);
            counter(BeamMetricNames.RESTARTS, tags);
        }
        counter(BeamMetricNames.WORK_REDISTRIBUTED, Tags.of(TAG_ECOSYSTEM, name, TAG_ROLE, WORKER));
        counter(BeamMetricNames.SUPERVISOR_GIVE_UPS, Tags.of(TAG_ECOSYSTEM, name));
    }

    /**
     * Registers the {@link BeamMetricNames#ECOSYSTEM_STATE} gauges of the application's ecosystems that have none yet
     * (once each: they stay while the application runs). Each series reads the ecosystem's state at each scrape,
     * computed once per scrape for the five of them.
     */
    private void registerStates() {
        for (Ecosystem ecosystem : ecosystems.get()) {
            if (stateGauges.add(ecosystem.name())) {
                for (String state : STATES) {
                    Gauge.builder(BeamMetricNames.ECOSYSTEM_STATE, ecosystem, e -> state.equals(state(e)) ? 1 : 0)
                            .description(DESCRIPTIONS.get(BeamMetricNames.ECOSYSTEM_STATE))
                            .tag(TAG_ECOSYSTEM, ecosystem.name()).tag(TAG_STATE, state).register(registry);
                }
            }
        }
    }

    /** @return the ecosystem's state, computed at most once per scrape for its five series */
    private String state(Ecosystem ecosystem) {
        return states.state(ecosystem.name(), () -> currentState(ecosystem));
    }

    /** @return the ecosystem's state now: its health's status while it runs, else starting or stopped */
    private String currentState(Ecosystem ecosystem) {
        try {
            if (ecosystem.isRunning()) {
                return ecosystem.health().status().name().toLowerCase(Locale.ROOT);
            }
        } catch (EcosystemStoppedException notStarted) {
            // a handle of an ecosystem not started yet, or stopped meanwhile
        }
        return everStarted.contains(ecosystem.name()) ? STOPPED : STARTING;
    }

    private static String tagValue(WorkOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** @return the class's simple name, as Boot's {@code exception} tags (its full name if it has none) */
    private static String simpleName(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName() : simple;
    }

    /** Registers (or finds) a counter with its description. */
    private Counter counter(String name, Tags tags) {
        return Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).register(registry);
    }

    private void gauge(String name, Ecosystem ecosystem, String role, ToDoubleFunction<EcosystemInfo> value) {
        Gauge.builder(name, ecosystem, e -> {
            try {
                return value.applyAsDouble(e.info());
            } catch (EcosystemStoppedException notStarted) {
                return Double.NaN;
            }
        }).description(DESCRIPTIONS.get(name)).tag(TAG_ECOSYSTEM, ecosystem.name()).tag(TAG_ROLE, role)
                .register(registry);
    }

    /**
     * Removes the stopped ecosystem's live gauges, which cannot be read any more; a declared ecosystem keeps the rest
     * (see the class comment), one outside them keeps only its give-up counter.
     */
    private void stopped(String name) {
        running.remove(name);
        states.invalidate(name);
        boolean declared = find(name) != null;
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().startsWith("foundation.beam.") && name.equals(id.getTag(TAG_ECOSYSTEM))
                    && (declared ? LIVE_GAUGES.contains(id.getName())
                            : !id.getName().equals(BeamMetricNames.SUPERVISOR_GIVE_UPS))) {
                registry.remove(meter);
            }
        }
        roles.values().removeIf(tags -> tags.stream().anyMatch(t -> t.getKey().equals(TAG_ECOSYSTEM)
                && t.getValue().equals(name)));
        messageMeters.values().removeIf(meters -> meters.ecosystem().equals(name));
    }

    /**
     * Records one message in the process's {@link BeamMetricNames#MESSAGE_QUEUE_WAIT} timer and
     * {@link BeamMetricNames#MESSAGE_SIZE} summary. Called on the process's thread; never blocks.
     */
    @Override
    public void onMessageTaken(ProcessRef process, long estimatedBytes, long queueWaitNanos) {
        MessageMeters meters = messageMeters.get(process);
        if (meters == null) {
            meters = messageMeters(process);
            if (meters == null) {
                return;
            }
        }
        meters.queueWait().record(queueWaitNanos, TimeUnit.NANOSECONDS);
        meters.size().record(estimatedBytes);
    }

    /** Registers (or finds) the process's message meters and caches them; null if they must not be recorded. */
    private MessageMeters messageMeters(ProcessRef process) {
        Tags tags = roles.get(process);
        if (tags == null) {
            tags = place(process);
            if (tags == null) {
                return null; // an ecosystem is still starting, and this may be one of its members
            }
        }
        String ecosystem = ecosystemOf(tags);
        if (notRunning(ecosystem)) {
            return null;
        }
        MessageMeters meters = new MessageMeters(ecosystem,
                Timer.builder(BeamMetricNames.MESSAGE_QUEUE_WAIT)
                        .description(DESCRIPTIONS.get(BeamMetricNames.MESSAGE_QUEUE_WAIT))
                        .tags(tags).register(registry),
                DistributionSummary.builder(BeamMetricNames.MESSAGE_SIZE)
                        .description(DESCRIPTIONS.get(BeamMetricNames.MESSAGE_SIZE)).baseUnit(BaseUnits.BYTES)
                        .tags(tags).register(registry));
        messageMeters.put(process, meters);
        if (notRunning(ecosystem)) {
            // Stopped since the check above: its sweep may have run before these were registered. A declared
            // ecosystem keeps its meters (they may hold earlier messages); only the cache entry goes.
            messageMeters.remove(process, meters);
            if (find(ecosystem) == null) {
                registry.remove(meters.queueWait());
                registry.remove(meters.size());
            }
        } else if (!process.isAlive()) {
            messageMeters.remove(process, meters); // killed meanwhile: its exit may have been handled already
        }
        return meters;
    }

    private boolean notRunning(String ecosystem) {
        return !ecosystem.equals(NO_ECOSYSTEM) && !running.contains(ecosystem);
    }

    private static String ecosystemOf(Tags tags) {
        return tags.stream().filter(t -> t.getKey().equals(TAG_ECOSYSTEM)).findFirst().map(t -> t.getValue())
                .orElse(NO_ECOSYSTEM);
    }

    /** The meters of one process's messages. */
    private record MessageMeters(String ecosystem, Timer queueWait, DistributionSummary size) {
    }

    private void count(String meter, String ecosystem, String role) {
        if (running.contains(ecosystem)) {
            counter(meter, Tags.of(TAG_ECOSYSTEM, ecosystem, TAG_ROLE, role)).increment();
        }
    }

    private void countForProcess(String meter, ProcessRef process) {
        Tags tags = roles.get(process);
        if (tags == null) {
            tags = place(process);
            if (tags == null) {
                tags = OUTSIDE; // not remembered: it may turn out to be a member of an ecosystem still starting
            }
        }
        if (!notRunning(ecosystemOf(tags))) {
            counter(meter, tags).increment();
        }
    }

    /**
     * Finds the ecosystem and role of a process among the current members, and remembers it until it exits.
     *
     * @return its tags, or null if it is in none of them while one has not started yet (it may be a member of that
     *     one: the ecosystem's handle tells only once it runs)
     */
    private Tags place(ProcessRef process) {
        boolean starting = false;
        for (Ecosystem ecosystem : ecosystems.get()) {
            try {
                String role = process.equals(ecosystem.coordinator()) ? COORDINATOR
                        : ecosystem.workers().contains(process) ? WORKER : null;
                if (role != null) {
                    return remember(process, Tags.of(TAG_ECOSYSTEM, ecosystem.name(), TAG_ROLE, role));
                }
            } catch (EcosystemStoppedException notStarted) {
                starting = true; // not started yet: its members cannot be listed
            }
        }
        if (starting) {
            return null;
        }
        // A member records itself before it can receive a message, so a process found in none is in none.
        return remember(process, OUTSIDE);
    }

    private Tags remember(ProcessRef process, Tags tags) {
        if (process.isAlive()) {
            roles.put(process, tags); // an exited process would never be removed again
        }
        return tags;
    }

    private String ecosystemOfSupervisor(ProcessRef supervisor) {
        for (Ecosystem ecosystem : ecosystems.get()) {
            try {
                if (supervisor.equals(ecosystem.supervisor())) {
                    return ecosystem.name();
                }
            } catch (EcosystemStoppedException notStarted) {
                // not started yet
            }
        }
        return NO_ECOSYSTEM;
    }

    private Ecosystem find(String name) {
        for (Ecosystem ecosystem : ecosystems.get()) {
            if (ecosystem.name().equals(name)) {
                return ecosystem;
            }
        }
        return null;
    }
}
