package io.foundation.beam.boot.metrics;

import static io.foundation.beam.boot.metrics.BeamMetricNames.NO_ECOSYSTEM;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_ECOSYSTEM;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_OUTCOME;
import static io.foundation.beam.boot.metrics.BeamMetricNames.TAG_ROLE;

import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for Foundation BEAM, fed by the runtime's telemetry ({@link BeamEventListener}) and by gauges
 * that read the ecosystems' live state. The names are in {@link BeamMetricNames}.
 *
 * <h2>Model</h2>
 * An ecosystem's meters exist from its {@code EcosystemStarted} event to its {@code EcosystemStopped} event, which
 * removes every meter tagged with its name from the registry (a later start registers them again), except the
 * {@link BeamMetricNames#SUPERVISOR_GIVE_UPS} counter, which says why it stopped (one per ecosystem name). Events of an
 * ecosystem that is not running are not counted, so a stopped ecosystem leaves nothing behind. Mailbox drops and
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
 * O(workers).
 */
public final class BeamMetrics implements BeamEventListener {

    private static final String COORDINATOR = "coordinator";
    private static final String WORKER = "worker";
    private static final String PROCESS = "process";
    /** The tags of a process outside the application's ecosystems. */
    private static final Tags OUTSIDE = Tags.of(TAG_ECOSYSTEM, NO_ECOSYSTEM, TAG_ROLE, PROCESS);

    private final MeterRegistry registry;
    private final Supplier<List<Ecosystem>> ecosystems;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<ProcessRef, Tags> roles = new ConcurrentHashMap<>();
    /** The message meters of each process that took a message, until it exits or its ecosystem stops. */
    private final Map<ProcessRef, MessageMeters> messageMeters = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters go
     * @param ecosystems the application's ecosystems (read when an ecosystem starts and to place a process)
     */
    public BeamMetrics(MeterRegistry registry, Supplier<List<Ecosystem>> ecosystems) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ecosystems = Objects.requireNonNull(ecosystems, "ecosystems");
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
                    registry.counter(BeamMetricNames.MESSAGES_PROCESSED, TAG_ECOSYSTEM, processed.ecosystem(),
                            TAG_ROLE, WORKER).increment();
                    Timer.builder(BeamMetricNames.WORK_LATENCY).tag(TAG_ECOSYSTEM, processed.ecosystem())
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
                registry.counter(BeamMetricNames.SUPERVISOR_GIVE_UPS, TAG_ECOSYSTEM, ecosystem).increment();
            }
            case BeamEvent.IsolatedWorkFinished finished -> Timer.builder(BeamMetricNames.ISOLATED_WORK)
                    .tag(TAG_OUTCOME, finished.outcome()).register(registry).record(finished.took());
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
        running.add(name);
        Ecosystem ecosystem = find(name);
        if (ecosystem == null) {
            return; // spawned with the core API, outside the application's registry: counters only
        }
        gauge(BeamMetricNames.PROCESSES, ecosystem, COORDINATOR, "live coordinator processes",
                info -> info.coordinator().alive() ? 1 : 0);
        gauge(BeamMetricNames.PROCESSES, ecosystem, WORKER, "live worker processes",
                info -> info.workers().stream().filter(MemberInfo::alive).count());
        gauge(BeamMetricNames.MAILBOX_BACKLOG, ecosystem, COORDINATOR, "messages queued",
                info -> info.coordinator().mailboxLength());
        gauge(BeamMetricNames.MAILBOX_BACKLOG, ecosystem, WORKER, "messages queued",
                info -> info.workers().stream().mapToLong(MemberInfo::mailboxLength).sum());
    }

    private void gauge(String name, Ecosystem ecosystem, String role, String description,
            ToDoubleFunction<EcosystemInfo> value) {
        Gauge.builder(name, ecosystem, e -> {
            try {
                return value.applyAsDouble(e.info());
            } catch (EcosystemStoppedException notStarted) {
                return Double.NaN;
            }
        }).description(description).tag(TAG_ECOSYSTEM, ecosystem.name()).tag(TAG_ROLE, role).register(registry);
    }

    private void stopped(String name) {
        running.remove(name);
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().startsWith("foundation.beam.") && name.equals(id.getTag(TAG_ECOSYSTEM))
                    && !id.getName().equals(BeamMetricNames.SUPERVISOR_GIVE_UPS)) {
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
                        .description("time messages waited in mailboxes before their process took them")
                        .tags(tags).register(registry),
                DistributionSummary.builder(BeamMetricNames.MESSAGE_SIZE)
                        .description("estimated size of the messages processes took").baseUnit(BaseUnits.BYTES)
                        .tags(tags).register(registry));
        messageMeters.put(process, meters);
        if (notRunning(ecosystem)) {
            // Stopped since the check above: its sweep may have run before these were registered.
            messageMeters.remove(process, meters);
            registry.remove(meters.queueWait());
            registry.remove(meters.size());
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
            registry.counter(meter, TAG_ECOSYSTEM, ecosystem, TAG_ROLE, role).increment();
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
            registry.counter(meter, tags).increment();
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
