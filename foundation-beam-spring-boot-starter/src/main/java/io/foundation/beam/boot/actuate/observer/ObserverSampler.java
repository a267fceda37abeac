package io.foundation.beam.boot.actuate.observer;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.ClusterDescriptor;
import io.foundation.beam.boot.actuate.endpoint.EcosystemsEndpoint.DistributedEcosystemDescriptor;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Cluster;
import io.foundation.beam.boot.actuate.observer.ObserverModel.ClusterMember;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Details;
import io.foundation.beam.boot.actuate.observer.ObserverModel.EcosystemNode;
import io.foundation.beam.boot.actuate.observer.ObserverModel.EcosystemPanel;
import io.foundation.beam.boot.actuate.observer.ObserverModel.EcosystemRole;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Entry;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Event;
import io.foundation.beam.boot.actuate.observer.ObserverModel.History;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Member;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Messages;
import io.foundation.beam.boot.actuate.observer.ObserverModel.NodeWorkers;
import io.foundation.beam.boot.actuate.observer.ObserverModel.RuntimeFigures;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Sample;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Series;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Top;
import io.foundation.beam.boot.actuate.observer.ObserverModel.Tree;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemHealth;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.MemberInfo;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import io.foundation.beam.telemetry.ProcessTop;
import io.foundation.beam.telemetry.TopEntry;
import io.foundation.beam.telemetry.TopSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The observer's one shared sampler: however many pages are open, the runtime is sampled once per interval, and each
 * sample is written as JSON once and handed to every page.
 *
 * <p><b>Model.</b> A single platform thread ({@code foundation-beam-observer}) ticks at a fixed rate. Every tick it
 * records a point of each ecosystem's history (cheap: the ecosystems' own figures). While the page is
 * <em>watched</em> (a live stream is open, or a sample was polled within {@link #WATCH_WINDOW}) it also takes a
 * {@link ProcessTop} sample (one pass over every process), builds the supervision tree's summary, writes the
 * {@link ObserverModel.Sample} JSON and offers it to every stream. Telemetry events worth seeing at once (crashes,
 * restarts, give-ups, redistributed work, ecosystems started, stopped or resized, memory pressure) are queued by the
 * listener, which runs on process threads and never blocks, and pushed by the sampler's thread without waiting for
 * the next tick. Streams are {@link ObserverStream}s: each has its own bounded queue and writer, so a slow client
 * never holds the sampler up.
 *
 * <p><b>State.</b> {@link #latest} (the last sample's JSON, replaced whole), the per-ecosystem history rings and
 * counters, the processes the observer has shown ({@link #known}, for details on demand), and the last exit reason
 * seen for each slot (an ecosystem role and index, or a supervisor's child id).
 *
 * <p><b>Invariants.</b> Samples are built under {@link #sampling} only, so a poll that finds no fresh sample and the
 * tick never build two at once and {@link ProcessTop}'s rates stay per interval. No JSON sent lists every process:
 * see {@link ObserverModel} for the bounds.
 */
public final class ObserverSampler implements AutoCloseable {

    /** The largest {@code foundation.beam.observer.top}. */
    public static final int MAX_TOP = 100;

    /** The most workers per ecosystem in the tree. */
    public static final int MAX_TREE_WORKERS = 64;

    /** The most top-level supervisors in the tree. */
    public static final int MAX_SUPERVISORS = 16;

    /** The most children of one supervisor in the tree. */
    public static final int MAX_CHILDREN = 64;

    /** The most supervisors' children in the whole tree, all levels together. */
    public static final int MAX_TREE_CHILDREN = 256;

    /** The deepest level of supervisors' children in the tree. */
    public static final int MAX_DEPTH = 4;

    /** The points of each ecosystem's history. */
    public static final int HISTORY_POINTS = 300;

    /** How long after the last poll the page still counts as watched. */
    public static final Duration WATCH_WINDOW = Duration.ofSeconds(10);

    /** How long the tree waits for the supervisors' answers, all together. */
    static final Duration SUPERVISOR_TIMEOUT = Duration.ofMillis(250);

    /** The most telemetry events queued for the streams between two pushes; more are counted and dropped. */
    static final int MAX_QUEUED_EVENTS = 1000;

    private final BeamRuntime runtime;
    private final EcosystemRegistry registry;
    private final Supplier<ClusterDescriptor> cluster;
    private final BooleanSupplier write;
    private final Duration interval;
    private final int top;
    private final Duration heartbeat;
    private final Function<Object, String> json;
    private final Clock clock;
    private final ProcessTop processTop;
    private final SupervisionTree supervisionTree;
    private final ScheduledExecutorService thread;
    /** Not the sampler itself: a BeamEventListener bean would be collected by the runtime it needs. */
    private final BeamEventListener listener = this::onEvent;

    private final ReentrantLock sampling = new ReentrantLock();
    private volatile String latest;
    private volatile long latestAtNanos;
    private volatile long lastPollNanos = Long.MIN_VALUE / 2;
    private long sequence;
    private long lastTickNanos;
    private final Map<String, Long> processedByEcosystem = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Point>> history = new ConcurrentHashMap<>();
    private final ReentrantLock historyLock = new ReentrantLock();

    private final CopyOnWriteArrayList<ObserverStream> streams = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Map<String, LongAdder> redistributed = new ConcurrentHashMap<>();
    private final Map<String, ExitReason> lastExitBySlot = new ConcurrentHashMap<>();
    private volatile Map<ProcessRef, String> slotByProcess = Map.of();
    private volatile Map<ProcessRef, Role> roleByProcess = Map.of();
    /** The processes the page may ask about: the last two samples' and those linked from details since. */
    private volatile Map<Long, ProcessRef> known = new ConcurrentHashMap<>();
    private Map<Long, ProcessRef> previousShown = Map.of();
    private final Map<Long, ProcessRef> linked = new ConcurrentHashMap<>();

    /**
     * A sampler, not yet started.
     *
     * @param runtime the runtime to observe
     * @param registry its ecosystems
     * @param settings the interval, the top lists' length and the heartbeat
     * @param cluster this node's cluster, read at each sample (null outside a cluster)
     * @param write whether the page may act, read at each sample
     * @param json writes a model record as JSON
     * @param clock the wall clock for the times shown
     */
    public ObserverSampler(BeamRuntime runtime, EcosystemRegistry registry, Settings settings,
            Supplier<ClusterDescriptor> cluster,
            BooleanSupplier write, Function<Object, String> json, Clock clock) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        this.interval = settings.interval();
        this.top = settings.top();
        this.heartbeat = settings.heartbeat();
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.write = Objects.requireNonNull(write, "write");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.processTop = ProcessTop.of(runtime);
        this.supervisionTree = new SupervisionTree(runtime, SUPERVISOR_TIMEOUT);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundation-beam-observer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The sampler's settings.
     *
     * @param interval time between samples
     * @param top the top lists' length, 1 to {@value #MAX_TOP}
     * @param heartbeat time between heartbeats on an idle stream
     */
    public record Settings(Duration interval, int top, Duration heartbeat) {

        /** Checks the ranges; the caller names the properties in its error. */
        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(heartbeat, "heartbeat");
            if (interval.toMillis() < 100 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("interval must be 100ms to 1m, not " + interval);
            }
            if (top < 1 || top > MAX_TOP) {
                throw new IllegalArgumentException("top must be 1 to " + MAX_TOP + ", not " + top);
            }
            if (heartbeat.toMillis() < 1000) {
                throw new IllegalArgumentException("heartbeat must be at least 1s, not " + heartbeat);
            }
        }
    }

    /** Starts ticking and listening to the runtime's telemetry. */
    public void start() {
        runtime.addListener(listener);
        long millis = interval.toMillis();
        thread.scheduleAtFixedRate(this::tick, 0, millis, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops ticking, ends every stream and stops listening. */
    @Override
    public void close() {
        runtime.removeListener(listener);
        thread.shutdownNow();
        for (ObserverStream stream : streams) {
            stream.close();
        }
        streams.clear();
    }

    /** @return the sampler's interval */
    public Duration interval() {
        return interval;
    }

    /** @return the top lists' length */
    public int top() {
        return top;
    }

    /** @return whether the page may act now */
    public boolean writable() {
        return write.getAsBoolean();
    }

    // ------------------------------------------------------------------ what the routes ask

    /**
     * The latest sample's JSON, taking one now if there is none from the last two intervals. Counts as watching.
     *
     * @return the JSON of an {@link ObserverModel.Sample}
     */
    public String sampleJson() {
        long now = System.nanoTime();
        lastPollNanos = now;
        String current = latest;
        if (current == null || now - latestAtNanos > 2 * interval.toNanos()) {
            sampling.lock();
            try {
                current = latest;
                if (current == null || System.nanoTime() - latestAtNanos > 2 * interval.toNanos()) {
                    current = sampleNow();
                }
            } finally {
                sampling.unlock();
            }
        }
        return current;
    }

    /** @return the JSON of the ecosystems' {@link ObserverModel.History} */
    public String historyJson() {
        Map<String, Series> series = new LinkedHashMap<>();
        for (Ecosystem ecosystem : registry.ecosystems()) {
            ArrayDeque<Point> points = history.get(ecosystem.name());
            List<Point> copy = new ArrayList<>();
            if (points != null) {
                historyLock.lock();
                try {
                    copy.addAll(points);
                } finally {
                    historyLock.unlock();
                }
            }
            series.put(ecosystem.name(), new Series(copy.stream().map(Point::at).toList(),
                    copy.stream().map(Point::rate).toList(), copy.stream().map(Point::restarts).toList(),
                    copy.stream().map(Point::backlog).toList()));
        }
        return json.apply(new History(interval.toMillis(), series));
    }

    /**
     * One process's details, for a process the observer has shown in its last two samples (in the tree or a top list)
     * or that details shown since link to.
     *
     * @param id the process's number
     * @return its details, or empty if no live process with that number has been shown
     */
    public Optional<Details> details(long id) {
        ProcessRef ref = known.get(id);
        if (ref == null) {
            return Optional.empty();
        }
        Optional<ProcessInfo> found = runtime.info(ref);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ProcessInfo info = found.get();
        linked.put(id, ref); // stays known while a page keeps its details open
        Map<Long, ProcessRef> knownNow = known;
        for (List<ProcessRef> related : List.of(info.links(), info.monitors(), info.monitoredBy())) {
            for (ProcessRef r : related) {
                linked.put(r.id(), r);
                knownNow.putIfAbsent(r.id(), r);
            }
        }
        String slot = slotByProcess.get(ref);
        ExitReason lastExit = slot == null ? null : lastExitBySlot.get(slot);
        Role role = roleByProcess.get(ref);
        EcosystemRole ecosystem = role == null ? null : ecosystemRole(role);
        return Optional.of(new Details(ref.id(), ref.toString(), info.registeredName().orElse(null),
                info.status().name(), info.mailboxLength(), info.messagesProcessed(), info.messagesDropped(),
                info.messagesRejected(), info.memoryBytes(), info.orphaned(), info.trapExits(), info.behavior(),
                pids(info.links()), pids(info.monitors()), pids(info.monitoredBy()),
                lastExit == null ? null : lastExit.toString(), ecosystem));
    }

    /**
     * @param id a process's number
     * @return the live process with that number that the observer has shown, if any
     */
    public Optional<ProcessRef> shown(long id) {
        ProcessRef ref = known.get(id);
        return ref != null && ref.isAlive() ? Optional.of(ref) : Optional.empty();
    }

    /**
     * Opens a live stream: the latest sample at once, then every sample, telemetry event and heartbeat.
     *
     * @param stream the stream, which the sampler closes when it closes
     */
    public void open(ObserverStream stream) {
        streams.add(stream);
        stream.onClose(() -> streams.remove(stream));
        stream.offer("sample", sampleJson());
    }

    /** @return the live streams open now */
    public int streamCount() {
        return streams.size();
    }

    /** Asks for a sample at once (after an action), on the sampler's thread. */
    public void sampleSoon() {
        thread.execute(this::tick);
    }

    // ------------------------------------------------------------------ telemetry

    private void onEvent(BeamEvent event) {
        String text = switch (event) {
            case BeamEvent.ProcessExited e -> {
                String slot = slotByProcess.get(e.process());
                if (slot != null) {
                    lastExitBySlot.put(slot, e.reason());
                }
                yield e.reason().isAbnormal() ? e.process() + " exited: " + e.reason() : null;
            }
            case BeamEvent.ChildRestarted e -> {
                lastExitBySlot.put(childSlot(e.supervisor(), e.childId()), e.reason());
                yield "child '" + e.childId() + "' of " + e.supervisor() + " restarted after " + e.reason()
                        + " (restarts: " + e.restarts() + ")";
            }
            case BeamEvent.SupervisorGaveUp e -> "supervisor " + e.process() + " gave up: more than "
                    + e.maxRestarts() + " restarts in " + e.period() + " (last child: " + e.lastChildId() + ")";
            case BeamEvent.CoordinatorRestarted e -> "coordinator of " + e.ecosystem() + " restarted (restarts: "
                    + e.restarts() + ")";
            case BeamEvent.WorkerRestarted e -> "worker " + e.index() + " of " + e.ecosystem()
                    + " restarted (restarts: " + e.restarts() + ")";
            case BeamEvent.WorkRedistributed e -> {
                redistributed.computeIfAbsent(e.ecosystem(), k -> new LongAdder()).increment();
                yield "work " + e.workId() + " of " + e.ecosystem() + " redistributed (failures: " + e.failures()
                        + ")";
            }
            case BeamEvent.EcosystemStarted e -> "ecosystem " + e.ecosystem() + " started with " + e.workers()
                    + " workers";
            case BeamEvent.EcosystemStopped e -> "ecosystem " + e.ecosystem() + " stopped: " + e.reason();
            case BeamEvent.EcosystemResized e -> "ecosystem " + e.ecosystem() + " resized from "
                    + e.previousWorkers() + " to " + e.workers() + " workers";
            case BeamEvent.MemoryPressureChanged e -> "memory pressure of " + e.ecosystem() + " is " + e.level()
                    + String.format(Locale.ROOT, " (heap %.0f%%)", e.heapUsedRatio() * 100);
            default -> null;
        };
        if (text == null || streams.isEmpty() || !(event instanceof BeamEvent.ProcessEvent p)) {
            return;
        }
        if (queuedEvents.incrementAndGet() > MAX_QUEUED_EVENTS) {
            queuedEvents.decrementAndGet();
            droppedEvents.incrementAndGet();
            return;
        }
        events.add(new Event(Instant.now(clock).toString(), event.getClass().getSimpleName(),
                p.process().toString(), p.process().id(), ecosystemOf(event), text));
        try {
            thread.execute(this::pushEvents);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the sampler is closing: no stream is left to push to
        }
    }

    private static String ecosystemOf(BeamEvent event) {
        return switch (event) {
            case BeamEvent.CoordinatorRestarted e -> e.ecosystem();
            case BeamEvent.WorkerRestarted e -> e.ecosystem();
            case BeamEvent.WorkRedistributed e -> e.ecosystem();
            case BeamEvent.EcosystemStarted e -> e.ecosystem();
            case BeamEvent.EcosystemStopped e -> e.ecosystem();
            case BeamEvent.EcosystemResized e -> e.ecosystem();
            case BeamEvent.MemoryPressureChanged e -> e.ecosystem();
            default -> null;
        };
    }

    private void pushEvents() {
        Event event;
        while ((event = events.poll()) != null) {
            queuedEvents.decrementAndGet();
            String text = json.apply(event);
            for (ObserverStream stream : streams) {
                stream.offer("telemetry", text);
            }
        }
    }

    private void heartbeat() {
        if (streams.isEmpty()) {
            return;
        }
        String text = "{\"at\":\"" + Instant.now(clock) + "\"}";
        for (ObserverStream stream : streams) {
            stream.offer("heartbeat", text);
        }
    }

    // ------------------------------------------------------------------ sampling

    private void tick() {
        try {
            boolean watched = !streams.isEmpty() || System.nanoTime() - lastPollNanos < WATCH_WINDOW.toNanos();
            sampling.lock();
            try {
                if (!watched) {
                    panels(readings()); // the history goes on while nobody watches
                    return;
                }
                String sample = sampleNow();
                for (ObserverStream stream : streams) {
                    stream.offer("sample", sample);
                }
            } finally {
                sampling.unlock();
            }
        } catch (RuntimeException e) {
            // a tick that fails (a runtime closing under it) must not end the schedule
            if (runtime.isClosed()) {
                thread.shutdown();
            }
        }
    }

    /** Takes a sample, stores it as {@link #latest} and returns it. Only under {@link #sampling}. */
    private String sampleNow() {
        TopSample sample = processTop.sample(top);
        List<Reading> readings = readings(); // each ecosystem read once, for its panel and its subtree
        List<EcosystemPanel> panels = panels(readings);
        Map<ProcessRef, Role> roles = new ConcurrentHashMap<>();
        Map<ProcessRef, String> slots = new ConcurrentHashMap<>();
        Map<Long, ProcessRef> shown = new LinkedHashMap<>();
        List<EcosystemNode> ecosystemNodes = new ArrayList<>();
        ClusterDescriptor clusterNow = cluster.get();
        Map<String, List<NodeWorkers>> nodes = distributedNodes(clusterNow);
        for (Reading reading : readings) {
            ecosystemNodes.add(ecosystemNode(reading, nodes.get(reading.ecosystem().name()), roles, slots, shown));
        }
        SupervisionTree.Result tree = supervisionTree.build(sample, roles.keySet(), slots, shown);
        Top topLists = new Top(top, entries(sample.byMailbox(), roles, shown),
                entries(sample.byMessageRate(), roles, shown), entries(sample.byMemory(), roles, shown));
        this.roleByProcess = roles;
        this.slotByProcess = slots;
        // what this sample and the previous one show, and what details linked to since: bounded by two samples
        Map<Long, ProcessRef> nextKnown = new ConcurrentHashMap<>(shown);
        previousShown.forEach(nextKnown::putIfAbsent);
        linked.forEach(nextKnown::putIfAbsent);
        linked.clear();
        previousShown = shown;
        known = nextKnown;
        sequence++;
        RuntimeFigures figures = new RuntimeFigures(runtime.name(), sample.processCount(), sample.supervisorCount(),
                sample.totalMailbox(), sample.totalMemoryBytes(), round(sample.messagesPerSecond()),
                sample.scanTime().toNanos() / 1000);
        Sample model = new Sample(sequence, Instant.now(clock).toString(), interval.toMillis(), write.getAsBoolean(),
                figures, cluster(clusterNow), new Tree(ecosystemNodes, tree.supervisors(), tree.moreSupervisors()),
                topLists, panels);
        String text = json.apply(model);
        latest = text;
        latestAtNanos = System.nanoTime();
        return text;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static Cluster cluster(ClusterDescriptor descriptor) {
        if (descriptor == null) {
            return null;
        }
        return new Cluster(descriptor.node(), descriptor.members().stream()
                .map(m -> new ClusterMember(m.name(), m.name().equals(descriptor.node()))).toList());
    }

    private static Map<String, List<NodeWorkers>> distributedNodes(ClusterDescriptor descriptor) {
        Map<String, List<NodeWorkers>> byEcosystem = new LinkedHashMap<>();
        if (descriptor != null) {
            for (DistributedEcosystemDescriptor e : descriptor.ecosystems()) {
                byEcosystem.put(e.name(), e.workersByNode().entrySet().stream()
                        .map(n -> new NodeWorkers(n.getKey(), n.getValue())).toList());
            }
        }
        return byEcosystem;
    }

    /** One ecosystem's figures, read once per sample: its info and health, or why it has none (not started). */
    private record Reading(Ecosystem ecosystem, EcosystemInfo info, EcosystemHealth health, String notStarted) {
    }

    private List<Reading> readings() {
        List<Reading> readings = new ArrayList<>();
        for (Ecosystem ecosystem : registry.ecosystems()) {
            try {
                readings.add(new Reading(ecosystem, ecosystem.info(), ecosystem.health(), null));
            } catch (EcosystemStoppedException notStarted) {
                readings.add(new Reading(ecosystem, null, null, String.valueOf(notStarted.getMessage())));
            }
        }
        return readings;
    }

    /** Every ecosystem's panel, and a point of its history. */
    private List<EcosystemPanel> panels(List<Reading> readings) {
        long now = System.nanoTime();
        double seconds = lastTickNanos == 0 ? 0 : (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        long at = clock.millis();
        List<EcosystemPanel> panels = new ArrayList<>();
        for (Reading reading : readings) {
            panels.add(panel(reading, seconds, at));
        }
        return panels;
    }

    private EcosystemPanel panel(Reading reading, double seconds, long at) {
        Ecosystem ecosystem = reading.ecosystem();
        String name = ecosystem.name();
        long moved = Optional.ofNullable(redistributed.get(name)).map(LongAdder::sum).orElse(0L);
        EcosystemInfo info = reading.info();
        EcosystemHealth health = reading.health();
        if (info == null) {
            return new EcosystemPanel(name, "NOT_STARTED", List.of(reading.notStarted()), false,
                    lower(ecosystem.config().topology()), lower(ecosystem.config().faultTolerance()),
                    ecosystem.config().workerCount(), 0, 0, 0, moved, 0, 0, ecosystem.config().messageAnalytics(),
                    null);
        }
        long processed = 0;
        long restarts = 0;
        for (MemberInfo member : members(info)) {
            processed += member.messagesProcessed();
            restarts += member.restarts();
        }
        Long before = processedByEcosystem.put(name, processed);
        double rate = before == null || seconds <= 0 ? 0 : round(Math.max(0, processed - before) / seconds);
        Messages messages = ecosystem.messageStats().map(EcosystemMessageStats::total)
                .map(t -> new Messages(t.messages(), t.meanQueueWait().toNanos())).orElse(null);
        addPoint(name, new Point(at, rate, restarts, health.backlog()));
        return new EcosystemPanel(name, health.status().name(), health.reasons(), info.running(),
                lower(info.topology()), lower(info.faultTolerance()), health.workersTotal(), health.workersAlive(),
                health.backlog(), info.workInFlight(), moved, restarts, rate, ecosystem.config().messageAnalytics(),
                messages);
    }

    private void addPoint(String ecosystem, Point point) {
        ArrayDeque<Point> points = history.computeIfAbsent(ecosystem, k -> new ArrayDeque<>(HISTORY_POINTS));
        historyLock.lock();
        try {
            if (points.size() == HISTORY_POINTS) {
                points.removeFirst();
            }
            points.addLast(point);
        } finally {
            historyLock.unlock();
        }
    }

    private static List<MemberInfo> members(EcosystemInfo info) {
        List<MemberInfo> members = new ArrayList<>(info.workers().size() + 1);
        if (info.coordinator() != null) {
            members.add(info.coordinator());
        }
        members.addAll(info.workers());
        return members;
    }

    private EcosystemNode ecosystemNode(Reading reading, List<NodeWorkers> nodes, Map<ProcessRef, Role> roles,
            Map<ProcessRef, String> slots, Map<Long, ProcessRef> shown) {
        String name = reading.ecosystem().name();
        EcosystemInfo info = reading.info();
        if (info == null) {
            return new EcosystemNode(name, "NOT_STARTED", false, null, null, List.of(), 0, nodes);
        }
        String status = reading.health().status().name();
        Member supervisor = member(name, info.supervisor(), "supervisor", roles, slots, shown);
        Member coordinator = member(name, info.coordinator(), "coordinator", roles, slots, shown);
        List<Member> workers = new ArrayList<>();
        for (MemberInfo worker : info.workers()) {
            Member m = member(name, worker, "worker", roles, slots, shown);
            if (m != null && workers.size() < MAX_TREE_WORKERS) {
                workers.add(m);
            }
        }
        return new EcosystemNode(name, status, info.running(), supervisor, coordinator, workers,
                info.workers().size() - workers.size(), nodes);
    }

    /** Records the member's role and slot (for every member, shown or not) and describes it. */
    private static Member member(String ecosystem, MemberInfo info, String role, Map<ProcessRef, Role> roles,
            Map<ProcessRef, String> slots, Map<Long, ProcessRef> shown) {
        if (info == null || info.process() == null) {
            return null;
        }
        ProcessRef process = info.process();
        int index = "worker".equals(role) ? info.index() : -1;
        roles.put(process, new Role(ecosystem, role, index, info.restarts()));
        slots.put(process, "ecosystem:" + ecosystem + ":" + role + ":" + index);
        shown.put(process.id(), process);
        return new Member(process.id(), process.toString(), role, index, info.status().name(), info.mailboxLength(),
                info.messagesProcessed(), info.restarts(), info.memoryBytes());
    }

    private static List<Entry> entries(List<TopEntry> list, Map<ProcessRef, Role> roles,
            Map<Long, ProcessRef> shown) {
        List<Entry> entries = new ArrayList<>(list.size());
        for (TopEntry e : list) {
            ProcessInfo info = e.info();
            ProcessRef process = info.process();
            shown.put(process.id(), process);
            Role role = roles.get(process);
            entries.add(new Entry(process.id(), process.toString(), info.registeredName().orElse(null),
                    info.status().name(), info.mailboxLength(), info.messagesProcessed(), round(e.messagesPerSecond()),
                    info.memoryBytes(), info.behavior(), role == null ? null : role.describe()));
        }
        return entries;
    }

    private EcosystemRole ecosystemRole(Role role) {
        Optional<Ecosystem> ecosystem = registry.find(role.ecosystem());
        String topology = null;
        long backlog = 0;
        long inFlight = 0;
        if (ecosystem.isPresent()) {
            try {
                EcosystemInfo info = ecosystem.get().info();
                topology = lower(info.topology());
                backlog = info.totalBacklog();
                inFlight = info.workInFlight();
            } catch (EcosystemStoppedException stopped) {
                // shown without the ecosystem's figures
            }
        }
        return new EcosystemRole(role.ecosystem(), role.role(), role.index(), role.restarts(), topology, backlog,
                inFlight);
    }

    static String childSlot(ProcessRef supervisor, String childId) {
        return "child:" + supervisor.id() + ":" + childId;
    }

    private static List<String> pids(List<ProcessRef> refs) {
        return refs.stream().map(ProcessRef::toString).toList();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A process's place in an ecosystem. */
    private record Role(String ecosystem, String role, int index, int restarts) {

        String describe() {
            return "worker".equals(role) ? ecosystem + " worker " + index : ecosystem + " " + role;
        }
    }

    /** One point of an ecosystem's history. */
    private record Point(long at, double rate, long restarts, long backlog) {
    }
}
