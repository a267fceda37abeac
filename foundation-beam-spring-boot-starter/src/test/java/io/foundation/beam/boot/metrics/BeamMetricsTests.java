package io.foundation.beam.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemMessageStats;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.Ecosystems;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.IsolatedWorkException;
import io.foundation.beam.ecosystem.WorkRefusedException;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.messages.MessageStats;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.RestartIntensity;
import io.foundation.beam.telemetry.WorkOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/** The meters, against a real runtime and a SimpleMeterRegistry. Concurrent: repeated. */
class BeamMetricsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Ecosystem> ecosystems = new CopyOnWriteArrayList<>();
    private BeamMetrics metrics;
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        metrics = new BeamMetrics(registry, () -> List.copyOf(ecosystems));
        runtime = BeamRuntime.builder().name("metrics").listener(metrics).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /**
     * Spawns an ecosystem that the metrics can find when it starts: as the starter's registry does, it lists a
     * handle first, which delegates once the ecosystem runs (and throws EcosystemStoppedException before).
     */
    private Ecosystem spawn(EcosystemConfig.Builder builder) {
        EcosystemConfig config = builder.build();
        AtomicReference<Ecosystem> running = declare(config);
        running.set(Ecosystems.spawnEcosystem(runtime, config));
        return running.get();
    }

    /** Declares an ecosystem without starting it: its handle delegates once the reference is set. */
    private AtomicReference<Ecosystem> declare(EcosystemConfig config) {
        return declare(ecosystems, config, new AtomicInteger());
    }

    /**
     * Declares an ecosystem in the list without starting it: its handle delegates once the reference is set, and
     * counts the calls of its {@code health()}.
     */
    private static AtomicReference<Ecosystem> declare(List<Ecosystem> declared, EcosystemConfig config,
            AtomicInteger healthCalls) {
        AtomicReference<Ecosystem> running = new AtomicReference<>();
        declared.add((Ecosystem) Proxy.newProxyInstance(BeamMetricsTests.class.getClassLoader(),
                new Class<?>[] {Ecosystem.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return config.name();
                    }
                    if (method.getName().equals("health")) {
                        healthCalls.incrementAndGet();
                    }
                    Ecosystem e = running.get();
                    if (e == null) {
                        throw new EcosystemStoppedException("not started");
                    }
                    try {
                        return method.invoke(e, args);
                    } catch (InvocationTargetException failed) {
                        throw failed.getCause();
                    }
                }));
        return running;
    }

    private RequiredSearch meter(String name, String ecosystem) {
        return registry.get(name).tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem);
    }

    private double processed(String ecosystem, String outcome) {
        return meter(BeamMetricNames.MESSAGES_PROCESSED, ecosystem).tag(BeamMetricNames.TAG_OUTCOME, outcome).counter()
                .count();
    }

    /** @return the count of the work timer with those tags, 0 if it does not exist */
    private long latencyCount(String ecosystem, String outcome, String exception) {
        Timer found = registry.find(BeamMetricNames.WORK_LATENCY).tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem)
                .tag(BeamMetricNames.TAG_OUTCOME, outcome).tag(BeamMetricNames.TAG_EXCEPTION, exception).timer();
        return found != null ? found.count() : 0;
    }

    /** Every meter has a description (HELP text), the same for all the series of one name. */
    private void assertDescribed() {
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getDescription())
                .as(m.getId().toString()).isNotBlank());
        assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("foundation.beam."))
                .collect(java.util.stream.Collectors.groupingBy(m -> m.getId().getName(),
                        java.util.stream.Collectors.mapping(m -> m.getId().getDescription(),
                                java.util.stream.Collectors.toSet()))))
                .allSatisfy((name, descriptions) -> assertThat(descriptions).as(name).hasSize(1));
    }

    private double state(String ecosystem, String state) {
        return meter(BeamMetricNames.ECOSYSTEM_STATE, ecosystem).tag(BeamMetricNames.TAG_STATE, state).gauge().value();
    }

    private double counter(String name, String ecosystem, String role) {
        var found = registry.find(name).tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem)
                .tag(BeamMetricNames.TAG_ROLE, role).counter();
        return found == null ? 0 : found.count();
    }

    @RepeatedTest(3)
    void gaugesShowLiveProcessesAndBacklogByRole() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Ecosystem eco = spawn(EcosystemConfig.builder("gauges").workers(3, () -> (message, ctx) -> {
            release.await();
            return message;
        }));
        assertThat(meter(BeamMetricNames.PROCESSES, "gauges").tag(BeamMetricNames.TAG_ROLE, "worker").gauge().value())
                .isEqualTo(3);
        assertThat(meter(BeamMetricNames.PROCESSES, "gauges").tag(BeamMetricNames.TAG_ROLE, "coordinator").gauge()
                .value()).isEqualTo(1);
        for (int i = 0; i < 9; i++) {
            eco.submit(i);
        }
        // Each worker holds one item in its handler; the others wait in the workers' mailboxes.
        await().atMost(WAIT).until(() -> meter(BeamMetricNames.MAILBOX_BACKLOG, "gauges")
                .tag(BeamMetricNames.TAG_ROLE, "worker").gauge().value() == 6);
        release.countDown();
        await().atMost(WAIT).until(() -> processed("gauges", "succeeded") == 9
                && latencyCount("gauges", "succeeded", BeamMetricNames.NO_EXCEPTION) == 9);
        assertThat(meter(BeamMetricNames.MAILBOX_BACKLOG, "gauges").tag(BeamMetricNames.TAG_ROLE, "worker").gauge()
                .value()).isZero();
        assertDescribed();
    }

    @RepeatedTest(3)
    void restartsAreCountedByRoleAndNoTagNamesAProcess() {
        Ecosystem eco = spawn(EcosystemConfig.builder("restarts").workers(2, () -> (message, ctx) -> message)
                .faultTolerance(FaultTolerance.SELF_HEALING));
        runtime.kill(eco.workers().get(0));
        runtime.kill(eco.workers().get(1));
        await().atMost(WAIT).until(() -> counter(BeamMetricNames.RESTARTS, "restarts", "worker") == 2);
        runtime.kill(eco.coordinator());
        await().atMost(WAIT).until(() -> counter(BeamMetricNames.RESTARTS, "restarts", "coordinator") == 1);
        eco.restartWorker(0);
        assertThat(counter(BeamMetricNames.RESTARTS, "restarts", "worker")).isEqualTo(3);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .allSatisfy(t -> assertThat(t.getValue()).doesNotContain("<")));
    }

    @RepeatedTest(3)
    void dropsAndRejectionsAreCountedForTheEcosystemAndRole() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        Ecosystem eco = spawn(EcosystemConfig.builder("bounded").workers(1, () -> (message, ctx) -> {
            busy.countDown();
            release.await();
            return message;
        }).mailbox(MailboxSpec.bounded(1, OverflowPolicy.DROP_NEWEST)));
        ProcessRef worker = eco.workers().getFirst();
        eco.broadcast("first");
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        eco.broadcast("queued");
        eco.broadcast("dropped");
        assertThat(counter(BeamMetricNames.MESSAGES_DROPPED, "bounded", "worker")).isEqualTo(1);
        // A plain process outside any ecosystem counts under "none".
        ProcessRef loner = runtime.spawn((message, ctx) -> {
            release.await();
            return null;
        }, SpawnOptions.defaults()
                .withMailbox(MailboxSpec.bounded(1, OverflowPolicy.REJECT)));
        loner.send("busy");
        await().atMost(WAIT).until(() -> runtime.info(loner).orElseThrow().mailboxLength() == 0);
        loner.trySend("queued");
        loner.trySend("rejected");
        assertThat(counter(BeamMetricNames.MESSAGES_REJECTED, BeamMetricNames.NO_ECOSYSTEM, "process"))
                .isEqualTo(1);
        release.countDown();
        assertThat(worker.isAlive()).isTrue();
        assertDescribed();
    }

    /** The meter names of the ecosystem's series, sorted, without repeats. */
    private List<String> meterNames(String ecosystem) {
        return meters(ecosystem).stream().map(m -> m.getId().getName()).distinct().sorted().toList();
    }

    @RepeatedTest(3)
    void aStoppedDeclaredEcosystemKeepsItsCountersAndStateGaugeAndLosesItsLiveGauges() {
        Ecosystem eco = spawn(EcosystemConfig.builder("fragile").workers(1, () -> (message, ctx) -> {
            throw new IllegalStateException("always");
        }).faultTolerance(FaultTolerance.SELF_HEALING).restartIntensity(new RestartIntensity(0, Duration.ofSeconds(5))));
        Ecosystem other = spawn(EcosystemConfig.builder("other").workers(1, () -> (message, ctx) -> message));
        assertThat(registry.find(BeamMetricNames.PROCESSES).tag(BeamMetricNames.TAG_ECOSYSTEM, "fragile").gauges())
                .hasSize(2);
        List<String> kept = List.of(BeamMetricNames.ECOSYSTEM_STATE, BeamMetricNames.MESSAGES_DROPPED,
                BeamMetricNames.MESSAGES_PROCESSED, BeamMetricNames.MESSAGES_REJECTED, BeamMetricNames.RESTARTS,
                BeamMetricNames.SUPERVISOR_GIVE_UPS, BeamMetricNames.WORK_REDISTRIBUTED).stream().sorted().toList();
        eco.submit("crash");
        await().atMost(WAIT).until(() -> !eco.isRunning());
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.PROCESSES)
                .tag(BeamMetricNames.TAG_ECOSYSTEM, "fragile").gauges().isEmpty());
        assertThat(registry.find(BeamMetricNames.MAILBOX_BACKLOG).tag(BeamMetricNames.TAG_ECOSYSTEM, "fragile")
                .gauges()).isEmpty();
        assertThat(meterNames("fragile")).containsAll(kept);
        assertThat(meter(BeamMetricNames.SUPERVISOR_GIVE_UPS, "fragile").counter().count()).isEqualTo(1);
        assertThat(counter(BeamMetricNames.RESTARTS, "fragile", "worker")).isZero(); // intensity 0: gave up at once
        assertThat(state("fragile", "stopped")).isEqualTo(1);
        assertThat(meters("other")).isNotEmpty();
        assertThat(other.submit("one")).succeedsWithin(WAIT);
        other.shutdown(Duration.ofSeconds(5));
        // EcosystemStopped may follow shutdown's return
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.PROCESSES)
                .tag(BeamMetricNames.TAG_ECOSYSTEM, "other").gauges().isEmpty());
        assertThatThrownBy(() -> other.restartWorker(0)).isInstanceOf(EcosystemStoppedException.class);
        assertThat(meterNames("other")).containsAll(kept).doesNotContain(BeamMetricNames.PROCESSES,
                BeamMetricNames.MAILBOX_BACKLOG);
        assertThat(processed("other", "succeeded")).isEqualTo(1);
        assertThat(latencyCount("other", "succeeded", BeamMetricNames.NO_EXCEPTION)).isEqualTo(1);
        assertThat(meter(BeamMetricNames.SUPERVISOR_GIVE_UPS, "other").counter().count()).isZero();
        assertThat(state("other", "stopped")).isEqualTo(1);
    }

    @RepeatedTest(3)
    void anEcosystemOutsideTheDeclaredOnesLeavesOnlyItsGiveUpCounterWhenItStops() {
        Ecosystem outside = Ecosystems.spawnEcosystem(runtime,
                EcosystemConfig.builder("outside").workers(1, () -> (message, ctx) -> message).build());
        assertThat(outside.submit("one")).succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> processed("outside", "succeeded") == 1);
        assertThat(registry.find(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "outside")
                .gauges()).isEmpty(); // no state gauge outside the declared ecosystems
        outside.shutdown(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> meterNames("outside").equals(List.of(BeamMetricNames.SUPERVISOR_GIVE_UPS)));
    }

    @RepeatedTest(3)
    void theAbandonedWorkOfAStoppedEcosystemStaysReadable() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Ecosystem eco = spawn(EcosystemConfig.builder("abandoning").workers(1, () -> (message, ctx) -> {
            entered.countDown();
            never.await(); // until the shutdown interrupts it
            return message;
        }));
        List<CompletableFuture<Object>> pending = List.of(eco.submit("running"), eco.submit("queued-1"),
                eco.submit("queued-2"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // No drain (await-termination=false in the starter): the accepted work is abandoned.
        assertThat(eco.shutdown(Duration.ofSeconds(5)).abandonedWork()).isEqualTo(3);
        assertThat(pending).allSatisfy(future -> assertThat(future).failsWithin(WAIT)
                .withThrowableThat().havingCause().isInstanceOf(EcosystemStoppedException.class));
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.PROCESSES)
                .tag(BeamMetricNames.TAG_ECOSYSTEM, "abandoning").gauges().isEmpty()); // EcosystemStopped handled
        assertThat(processed("abandoning", "abandoned")).isEqualTo(3);
        assertThat(registry.get(BeamMetricNames.WORK_LATENCY).tag(BeamMetricNames.TAG_ECOSYSTEM, "abandoning")
                .tag(BeamMetricNames.TAG_OUTCOME, "abandoned").timer().count()).isEqualTo(3);
        assertThat(state("abandoning", "stopped")).isEqualTo(1);
        never.countDown();
    }

    @RepeatedTest(3)
    void bindingRegistersTheStateGaugesAndCountersOfDeclaredEcosystemsBeforeTheyStart() {
        EcosystemConfig config = EcosystemConfig.builder("declared").workers(1, () -> (message, ctx) -> message)
                .build();
        AtomicReference<Ecosystem> handle = declare(config);
        assertThat(meters("declared")).isEmpty();
        metrics.bindDeclaredEcosystems();
        assertThat(registry.find(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "declared")
                .gauges()).hasSize(5);
        assertThat(state("declared", "starting")).isEqualTo(1);
        assertThat(List.of("healthy", "degraded", "critical", "stopped"))
                .allSatisfy(s -> assertThat(state("declared", s)).as(s).isZero());
        assertThat(processed("declared", "abandoned")).isZero();
        assertThat(meter(BeamMetricNames.SUPERVISOR_GIVE_UPS, "declared").counter().count()).isZero();
        assertThat(registry.find(BeamMetricNames.PROCESSES).tag(BeamMetricNames.TAG_ECOSYSTEM, "declared").gauges())
                .isEmpty(); // live gauges come with the start
        handle.set(Ecosystems.spawnEcosystem(runtime, config));
        assertThat(state("declared", "starting")).isZero();
        assertThat(state("declared", "healthy")).isEqualTo(1);
        assertThat(registry.find(BeamMetricNames.PROCESSES).tag(BeamMetricNames.TAG_ECOSYSTEM, "declared").gauges())
                .hasSize(2);
        assertDescribed();
    }

    @RepeatedTest(3)
    void theFiveStateSeriesOfAScrapeComputeTheHealthOnce() {
        MockClock clock = new MockClock();
        SimpleMeterRegistry scraped = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        List<Ecosystem> declared = new CopyOnWriteArrayList<>();
        AtomicInteger healthCalls = new AtomicInteger();
        EcosystemConfig config = EcosystemConfig.builder("scraped").workers(2, () -> (message, ctx) -> message)
                .build();
        AtomicReference<Ecosystem> handle = declare(declared, config, healthCalls);
        BeamMetrics scrapedMetrics = new BeamMetrics(scraped, () -> List.copyOf(declared));
        try (BeamRuntime own = BeamRuntime.builder().name("scrape").listener(scrapedMetrics).build()) {
            scrapedMetrics.bindDeclaredEcosystems();
            handle.set(Ecosystems.spawnEcosystem(own, config));
            List<Gauge> series = scraped.find(BeamMetricNames.ECOSYSTEM_STATE).gauges().stream().toList();
            assertThat(series).hasSize(5);

            assertThat(series.stream().mapToDouble(Gauge::value).sum()).isEqualTo(1); // one scrape: 1 for healthy
            assertThat(healthCalls).hasValue(1);
            clock.add(EcosystemStateCache.TTL.minusMillis(1));
            series.forEach(Gauge::value); // within the second: the same computation
            assertThat(healthCalls).hasValue(1);
            clock.add(Duration.ofMillis(1));
            assertThat(series.stream().mapToDouble(Gauge::value).sum()).isEqualTo(1); // the next scrape
            assertThat(healthCalls).hasValue(2);

            own.kill(handle.get().workers().getFirst()); // STANDARD: a worker dead, not restarted: degraded
            assertThat(gaugeOf(series, "healthy").value()).isEqualTo(1); // still the cached state
            clock.add(EcosystemStateCache.TTL);
            await().atMost(WAIT).until(() -> gaugeOf(series, "degraded").value() == 1);
            handle.get().shutdown(Duration.ofSeconds(5)); // the stop drops the cached state at once
            await().atMost(WAIT).until(() -> gaugeOf(series, "stopped").value() == 1);
        }
    }

    private static Gauge gaugeOf(List<Gauge> series, String state) {
        return series.stream().filter(g -> state.equals(g.getId().getTag(BeamMetricNames.TAG_STATE))).findFirst()
                .orElseThrow();
    }

    @RepeatedTest(3)
    void workIsCountedAndTimedByOutcomeAndException() {
        Ecosystem eco = spawn(EcosystemConfig.builder("outcomes").workers(1, () -> (message, ctx) -> {
            switch (String.valueOf(message)) {
                case "refuse" -> throw new WorkRefusedException("refused");
                case "throw" -> throw new IllegalArgumentException("bad work");
                default -> {
                    return message;
                }
            }
        }).faultTolerance(FaultTolerance.SELF_HEALING).maxAttempts(1));
        assertThat(eco.submit("ok")).succeedsWithin(WAIT);
        assertThat(eco.submit("refuse")).failsWithin(WAIT);
        assertThat(eco.submit("throw")).failsWithin(WAIT);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(processed("outcomes", "succeeded")).isEqualTo(1);
            assertThat(processed("outcomes", "refused")).isEqualTo(1);
            assertThat(processed("outcomes", "failed")).isEqualTo(1);
            assertThat(latencyCount("outcomes", "succeeded", BeamMetricNames.NO_EXCEPTION)).isEqualTo(1);
            assertThat(latencyCount("outcomes", "refused", "WorkRefusedException")).isEqualTo(1);
            assertThat(latencyCount("outcomes", "failed", "IllegalArgumentException")).isEqualTo(1);
        });
        assertThat(registry.find(BeamMetricNames.WORK_LATENCY).timers()).hasSize(3);
        assertThat(List.of("rejected", "undeliverable", "timed_out", "cancelled", "abandoned"))
                .allSatisfy(outcome -> assertThat(processed("outcomes", outcome)).as(outcome).isZero());
        assertDescribed();
    }

    @RepeatedTest(3)
    void countersAreRegisteredAtZeroWhenTheEcosystemStarts() {
        spawn(EcosystemConfig.builder("fresh").workers(2, () -> (message, ctx) -> message));
        for (WorkOutcome outcome : WorkOutcome.values()) {
            assertThat(processed("fresh", outcome.name().toLowerCase(java.util.Locale.ROOT))).isZero();
        }
        for (String role : List.of("coordinator", "worker")) {
            assertThat(meter(BeamMetricNames.MESSAGES_DROPPED, "fresh").tag(BeamMetricNames.TAG_ROLE, role).counter()
                    .count()).isZero();
            assertThat(meter(BeamMetricNames.MESSAGES_REJECTED, "fresh").tag(BeamMetricNames.TAG_ROLE, role).counter()
                    .count()).isZero();
            assertThat(meter(BeamMetricNames.RESTARTS, "fresh").tag(BeamMetricNames.TAG_ROLE, role).counter().count())
                    .isZero();
        }
        assertThat(meter(BeamMetricNames.WORK_REDISTRIBUTED, "fresh").tag(BeamMetricNames.TAG_ROLE, "worker")
                .counter().count()).isZero();
        assertThat(meter(BeamMetricNames.SUPERVISOR_GIVE_UPS, "fresh").counter().count()).isZero();
        assertDescribed();
    }

    @RepeatedTest(3)
    void theStateGaugeFollowsTheEcosystemAndStaysOnceItStopped() {
        EcosystemConfig later = EcosystemConfig.builder("later").workers(1, () -> (message, ctx) -> message).build();
        AtomicReference<Ecosystem> laterHandle = declare(later);
        Ecosystem eco = spawn(EcosystemConfig.builder("stateful").workers(1, () -> (message, ctx) -> message));
        assertThat(registry.find(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "stateful")
                .gauges()).hasSize(5);
        assertThat(state("stateful", "healthy")).isEqualTo(1);
        assertThat(state("stateful", "stopped")).isZero();
        assertThat(state("later", "starting")).isEqualTo(1); // declared, not started: registered at the first start
        laterHandle.set(Ecosystems.spawnEcosystem(runtime, later));
        assertThat(state("later", "starting")).isZero();
        assertThat(state("later", "healthy")).isEqualTo(1);

        runtime.kill(eco.workers().getFirst()); // STANDARD: nothing restarts it, no worker is alive
        await().atMost(WAIT).until(() -> state("stateful", "critical") == 1);
        eco.shutdown(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.PROCESSES)
                .tag(BeamMetricNames.TAG_ECOSYSTEM, "stateful").gauges().isEmpty());
        assertThat(List.of("starting", "healthy", "degraded", "critical"))
                .allSatisfy(s -> assertThat(state("stateful", s)).as(s).isZero());
        assertThat(state("stateful", "stopped")).isEqualTo(1);
        assertDescribed();
    }

    private List<Meter> meters(String ecosystem) {
        return registry.getMeters().stream()
                .filter(m -> ecosystem.equals(m.getId().getTag(BeamMetricNames.TAG_ECOSYSTEM))).toList();
    }

    private Timer queueWait(String ecosystem, String role) {
        return registry.find(BeamMetricNames.MESSAGE_QUEUE_WAIT).tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem)
                .tag(BeamMetricNames.TAG_ROLE, role).timer();
    }

    private DistributionSummary size(String ecosystem, String role) {
        return registry.find(BeamMetricNames.MESSAGE_SIZE).tag(BeamMetricNames.TAG_ECOSYSTEM, ecosystem)
                .tag(BeamMetricNames.TAG_ROLE, role).summary();
    }

    /** The role's meters hold exactly the messages, bytes and waits of its analytics. */
    private void assertMetersMatch(String ecosystem, String role, MessageStats stats) {
        Timer wait = queueWait(ecosystem, role);
        DistributionSummary size = size(ecosystem, role);
        assertThat(wait).as("%s %s queue wait timer", ecosystem, role).isNotNull();
        assertThat(size).as("%s %s size summary", ecosystem, role).isNotNull();
        assertThat(wait.count()).isEqualTo(stats.messages());
        assertThat(size.count()).isEqualTo(stats.messages());
        assertThat(size.totalAmount()).isEqualTo((double) stats.estimatedBytes());
        assertThat(wait.totalTime(TimeUnit.NANOSECONDS)).isEqualTo((double) stats.totalQueueWait().toNanos());
    }

    private static void awaitAll(List<CompletableFuture<Object>> results) {
        assertThat(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                .succeedsWithin(WAIT);
    }

    @RepeatedTest(5)
    void eachMessageTakenIsRecordedForItsEcosystemAndRoleAsTheAnalyticsCountIt() {
        Ecosystem eco = spawn(EcosystemConfig.builder("analysed").workers(3, () -> (message, ctx) -> message)
                .faultTolerance(FaultTolerance.SELF_HEALING).messageAnalytics(true));
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            results.add(eco.submit("item-" + i));
        }
        awaitAll(results);
        // A restart replaces a worker: its messages stay in both the analytics and the meters.
        eco.restartWorker(1);
        results.clear();
        for (int i = 0; i < 12; i++) {
            results.add(eco.submit(new byte[100 * i]));
        }
        awaitAll(results);
        await().atMost(WAIT).untilAsserted(() -> {
            EcosystemMessageStats stats = eco.messageStats().orElseThrow();
            assertThat(stats.workers().messages()).isEqualTo(42);
            assertMetersMatch("analysed", "worker", stats.workers());
            assertMetersMatch("analysed", "coordinator", stats.coordinator());
        });
        assertThat(size("analysed", "worker").getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .extracting(io.micrometer.core.instrument.Tag::getKey)
                .isSubsetOf(BeamMetricNames.TAG_ECOSYSTEM, BeamMetricNames.TAG_ROLE, BeamMetricNames.TAG_OUTCOME,
                        BeamMetricNames.TAG_EXCEPTION, BeamMetricNames.TAG_STATE));
        assertDescribed();

        // A declared ecosystem keeps its message meters once it stopped, as its counters.
        long workerMessages = queueWait("analysed", "worker").count();
        eco.shutdown(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.PROCESSES)
                .tag(BeamMetricNames.TAG_ECOSYSTEM, "analysed").gauges().isEmpty());
        assertThat(queueWait("analysed", "worker").count()).isGreaterThanOrEqualTo(workerMessages);
        assertThat(size("analysed", "worker").count()).isEqualTo(queueWait("analysed", "worker").count());
        assertThat(size("analysed", "coordinator")).isNotNull();
    }

    @RepeatedTest(5)
    void anEcosystemWithoutAnalyticsRecordsNoMessageMeters() {
        Ecosystem eco = spawn(EcosystemConfig.builder("quiet").workers(2, () -> (message, ctx) -> message));
        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(eco.submit(i));
        }
        awaitAll(results);
        await().atMost(WAIT).until(() -> processed("quiet", "succeeded") == 10);
        assertThat(eco.messageStats()).isEmpty();
        assertThat(registry.find(BeamMetricNames.MESSAGE_QUEUE_WAIT).meters()).isEmpty();
        assertThat(registry.find(BeamMetricNames.MESSAGE_SIZE).meters()).isEmpty();
    }

    @RepeatedTest(5)
    void aProcessOutsideTheEcosystemsWithAnalyticsCountsUnderNone() throws InterruptedException {
        CountDownLatch handled = new CountDownLatch(7);
        ProcessRef loner = runtime.spawn((message, ctx) -> {
            handled.countDown();
            return null;
        }, SpawnOptions.defaults().withAnalytics(true));
        for (int i = 0; i < 7; i++) {
            loner.send("message " + i);
        }
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        MessageStats stats = runtime.messageStats(loner).orElseThrow();
        assertThat(stats.messages()).isEqualTo(7);
        assertMetersMatch(BeamMetricNames.NO_ECOSYSTEM, "process", stats);
    }

    @RepeatedTest(3)
    void isolatedWorkIsTimedByOutcome() {
        assertThat(Ecosystems.isolateMemoryIntensiveWork(runtime, () -> 42, Duration.ofSeconds(5))).isEqualTo(42);
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, () -> {
            throw new IllegalStateException("boom");
        }, Duration.ofSeconds(5))).isInstanceOf(IsolatedWorkException.class);
        await().atMost(WAIT).until(() -> registry.find(BeamMetricNames.ISOLATED_WORK).timers().size() == 2);
        assertThat(registry.get(BeamMetricNames.ISOLATED_WORK).tag(BeamMetricNames.TAG_OUTCOME, "succeeded").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(BeamMetricNames.ISOLATED_WORK).tag(BeamMetricNames.TAG_OUTCOME, "failed").timer()
                .count()).isEqualTo(1);
        assertDescribed();
    }
}
