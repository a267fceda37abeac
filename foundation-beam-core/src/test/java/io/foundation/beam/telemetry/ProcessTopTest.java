package io.foundation.beam.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ManualTicker;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.ChildSpec;
import io.foundation.beam.supervision.DynamicSupervisor;
import io.foundation.beam.supervision.DynamicSupervisorSpec;
import io.foundation.beam.supervision.RestartStrategy;
import io.foundation.beam.supervision.Supervisor;
import io.foundation.beam.supervision.SupervisorSpec;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ProcessTop}, as its Javadoc and {@link TopSample}'s describe it, through the public API only. */
class ProcessTopTest {

    private static final ProcessHandler IDLE = (message, context) -> null;

    private final ManualTicker ticker = new ManualTicker();
    /** Released after each test, so that blocked processes end before the runtime closes. */
    private final CountDownLatch release = new CountDownLatch(1);
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("top").ticker(ticker).build();
    }

    @AfterEach
    void close() {
        release.countDown();
        runtime.close();
    }

    /** A receive-loop process that takes nothing until the test ends: whatever it is sent stays queued. */
    private ProcessRef blocked() {
        ProcessBody body = context -> {
            release.await();
            while (true) {
                context.receive();
            }
        };
        return runtime.spawn(body);
    }

    private static void sendN(ProcessRef to, int n) {
        for (int i = 0; i < n; i++) {
            to.send(i);
        }
    }

    private void awaitProcessed(ProcessRef process, long processed) {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> runtime.info(process).map(ProcessInfo::messagesProcessed).orElse(-1L) == processed);
    }

    private static List<ProcessRef> refs(List<TopEntry> entries) {
        return entries.stream().map(e -> e.info().process()).toList();
    }

    /** The order every list promises: by the figure, largest first, then lower id first. */
    private static List<ProcessRef> expected(List<ProcessInfo> infos, Comparator<ProcessInfo> byFigure, int limit) {
        return infos.stream()
                .sorted(byFigure.reversed().thenComparingLong(i -> i.process().id()))
                .limit(limit).map(ProcessInfo::process).toList();
    }

    @Test
    void byMailboxListsBacklogsLongestFirstTiesByLowerIdAndOnlyNonEmptyMailboxes() {
        ProcessRef first = blocked();
        ProcessRef second = blocked();
        ProcessRef third = blocked();
        ProcessRef empty = blocked();
        ProcessRef idle = runtime.spawn(IDLE);
        sendN(third, 5);
        sendN(second, 3);
        sendN(first, 3);
        ProcessTop top = ProcessTop.of(runtime);

        TopSample sample = top.sample(10);

        assertThat(refs(sample.byMailbox())).containsExactly(third, first, second);
        assertThat(sample.byMailbox()).extracting(e -> e.info().mailboxLength()).containsExactly(5, 3, 3);
        assertThat(sample.totalMailbox()).isEqualTo(11);
        assertThat(sample.processCount()).isEqualTo(5);
        assertThat(refs(sample.byMailbox())).doesNotContain(empty, idle);

        TopSample two = top.sample(2);
        assertThat(refs(two.byMailbox())).containsExactly(third, first);
        assertThat(two.sequence()).isEqualTo(2);
    }

    @Test
    void ratesAreMessagesSincePreviousSamplePerTickerSecondAndZeroInTheFirstSample() {
        ProcessRef busy = runtime.spawn(IDLE);
        ProcessRef early = runtime.spawn(IDLE);
        sendN(early, 8);
        awaitProcessed(early, 8);
        ProcessTop top = ProcessTop.of(runtime);

        TopSample first = top.sample(10);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.interval()).isEqualTo(Duration.ZERO);
        assertThat(first.messagesPerSecond()).isZero();
        assertThat(first.byMessageRate()).isEmpty();
        assertThat(first.byMemory()).allSatisfy(e -> assertThat(e.messagesPerSecond()).isZero());

        sendN(busy, 10);
        awaitProcessed(busy, 10);
        ticker.advance(Duration.ofSeconds(2));
        TopSample second = top.sample(10);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refs(second.byMessageRate())).containsExactly(busy); // early took nothing since the first sample
        assertThat(second.byMessageRate().get(0).messagesPerSecond()).isEqualTo(5.0);
        assertThat(second.byMessageRate().get(0).info().messagesProcessed()).isEqualTo(10);
        assertThat(second.messagesPerSecond()).isEqualTo(5.0);

        ProcessRef newcomer = runtime.spawn(IDLE);
        sendN(newcomer, 4);
        sendN(busy, 6);
        awaitProcessed(newcomer, 4);
        awaitProcessed(busy, 16);
        ticker.advance(Duration.ofSeconds(2));
        TopSample third = top.sample(10);
        assertThat(refs(third.byMessageRate())).containsExactly(busy, newcomer);
        assertThat(third.byMessageRate()).extracting(TopEntry::messagesPerSecond).containsExactly(3.0, 2.0);
        assertThat(third.messagesPerSecond()).isEqualTo(5.0);
        // Every list carries the rate, not only byMessageRate.
        assertThat(third.byMemory()).filteredOn(e -> e.info().process().equals(early))
                .singleElement().extracting(TopEntry::messagesPerSecond).isEqualTo(0.0);
    }

    @Test
    void equalRatesListTheLowerIdFirst() {
        ProcessRef a = runtime.spawn(IDLE);
        ProcessRef b = runtime.spawn(IDLE);
        ProcessTop top = ProcessTop.of(runtime);
        top.sample(5);
        sendN(b, 4);
        sendN(a, 4);
        awaitProcessed(a, 4);
        awaitProcessed(b, 4);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(refs(top.sample(5).byMessageRate())).containsExactly(a, b);
    }

    @Test
    void aSampleWithNoTickerTimeSinceThePreviousHasNoRates() {
        ProcessRef busy = runtime.spawn(IDLE);
        ProcessTop top = ProcessTop.of(runtime);
        top.sample(5);
        sendN(busy, 3);
        awaitProcessed(busy, 3);
        TopSample sample = top.sample(5);
        assertThat(sample.interval()).isEqualTo(Duration.ZERO);
        assertThat(sample.byMessageRate()).isEmpty();
        assertThat(sample.messagesPerSecond()).isZero();
    }

    @Test
    void endedProcessesAreNotListedNorCounted() {
        ProcessRef dying = blocked();
        ProcessRef living = blocked();
        sendN(dying, 7);
        sendN(living, 1);
        ProcessTop top = ProcessTop.of(runtime);
        assertThat(refs(top.sample(10).byMailbox())).containsExactly(dying, living);

        runtime.kill(dying);
        await().atMost(Duration.ofSeconds(10)).until(() -> !dying.isAlive() && runtime.processCount() == 1);
        ticker.advance(Duration.ofSeconds(1));
        TopSample sample = top.sample(10);
        assertThat(sample.processCount()).isEqualTo(1);
        assertThat(refs(sample.byMailbox())).containsExactly(living);
        assertThat(refs(sample.byMemory())).containsExactly(living);
        assertThat(sample.totalMailbox()).isEqualTo(1);
    }

    @Test
    void limitOutsideOneToMaxIsRefusedNamingTheRangeAndTheValue() {
        ProcessTop top = ProcessTop.of(runtime);
        assertThatThrownBy(() -> top.sample(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1").hasMessageContaining(String.valueOf(ProcessTop.MAX_LIMIT))
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> top.sample(ProcessTop.MAX_LIMIT + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was " + (ProcessTop.MAX_LIMIT + 1));
        assertThat(top.sample(ProcessTop.MAX_LIMIT).sequence()).isEqualTo(1); // a refused call is no sample
        assertThat(top.sample(1).sequence()).isEqualTo(2);
    }

    @Test
    void aForeignRuntimeIsRefused() {
        BeamRuntime foreign = (BeamRuntime) Proxy.newProxyInstance(BeamRuntime.class.getClassLoader(),
                new Class<?>[] {BeamRuntime.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> ProcessTop.of(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BeamRuntime.builder()");
    }

    @Test
    void memoryFiguresAreTheRuntimesAndByMemoryRanksThem() {
        List<ProcessRef> backlogs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProcessRef p = blocked();
            sendN(p, 100 * (i % 3)); // 0, 100, 200 twice: equal figures, ranked by id
            backlogs.add(p);
        }
        ProcessRef watched = runtime.spawn(IDLE);
        ProcessBody watcher = context -> {
            context.monitor(watched);
            context.link(watched);
            release.await();
        };
        ProcessRef watching = runtime.spawn(watcher);
        for (int i = 0; i < 20; i++) {
            runtime.spawn(IDLE);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.info(watched)
                .map(i -> i.links().contains(watching) && i.monitoredBy().contains(watching)).orElse(false));

        TopSample sample = ProcessTop.of(runtime).sample(10);
        RuntimeSnapshot snapshot = runtime.snapshot(); // quiet: nothing moves between the two

        assertThat(sample.processCount()).isEqualTo(snapshot.processes().size()).isEqualTo(28);
        assertThat(sample.totalMemoryBytes())
                .isEqualTo(snapshot.processes().stream().mapToLong(ProcessInfo::memoryBytes).sum());
        assertThat(sample.totalMailbox())
                .isEqualTo(snapshot.processes().stream().mapToLong(ProcessInfo::mailboxLength).sum());
        assertThat(refs(sample.byMemory()))
                .containsExactlyElementsOf(expected(snapshot.processes(),
                        Comparator.comparingLong(ProcessInfo::memoryBytes), 10));
        assertThat(refs(sample.byMailbox()))
                .containsExactlyElementsOf(expected(snapshot.processes().stream()
                        .filter(i -> i.mailboxLength() > 0).toList(),
                        Comparator.comparingInt(ProcessInfo::mailboxLength), 10));
        assertThat(refs(sample.byMemory()).subList(0, 4))
                .containsExactly(backlogs.get(2), backlogs.get(5), backlogs.get(1), backlogs.get(4));
        assertThat(refs(sample.byMemory())).contains(watched, watching);
        for (TopEntry entry : sample.byMemory()) {
            assertThat(entry.info()).isEqualTo(runtime.info(entry.info().process()).orElseThrow());
        }
    }

    @Test
    void supervisorsOfBothKindsAreListedLowestIdFirstAndCounted() {
        Supplier<ProcessHandler> worker = () -> IDLE;
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(RestartStrategy.ONE_FOR_ONE)
                .withChild(ChildSpec.worker("w1", worker))
                .withChild(ChildSpec.supervisor("nested", SupervisorSpec.of(RestartStrategy.ONE_FOR_ALL)
                        .withChild(ChildSpec.worker("w2", worker))))
                .withChild(ChildSpec.worker("w3", worker)));
        ProcessRef nested = root.children().stream().filter(c -> c.id().equals("nested")).findFirst()
                .orElseThrow().process().orElseThrow();
        DynamicSupervisor dynamic = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.defaults());
        dynamic.startChild(ChildSpec.worker("d", worker));
        dynamic.startChild(ChildSpec.worker("d", worker));
        ProcessTop top = ProcessTop.of(runtime);

        TopSample sample = top.sample(5);

        assertThat(sample.supervisors()).containsExactly(root.process(), nested);
        assertThat(root.process().id()).isLessThan(nested.id());
        assertThat(sample.dynamicSupervisors()).containsExactly(dynamic.process());
        assertThat(sample.supervisorCount()).isEqualTo(3);
        assertThat(sample.processCount()).isEqualTo(8);

        runtime.exit(dynamic.process(), io.foundation.beam.process.ExitReason.SHUTDOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> !dynamic.process().isAlive());
        TopSample after = top.sample(5);
        assertThat(after.dynamicSupervisors()).isEmpty();
        assertThat(after.supervisorCount()).isEqualTo(2);
    }

    @Test
    void concurrentSamplesAreSerialisedEachWithItsOwnSequence() throws Exception {
        for (int i = 0; i < 200; i++) {
            sendN(runtime.spawn(IDLE), i % 5);
        }
        ProcessTop top = ProcessTop.of(runtime);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<TopSample>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<TopSample> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(top.sample(1 + i % 20));
                    }
                    return mine;
                }));
            }
            start.countDown();
            Set<Long> sequences = new HashSet<>();
            for (Future<List<TopSample>> f : futures) {
                for (TopSample s : f.get()) {
                    assertThat(sequences.add(s.sequence())).as("sequence %d seen twice", s.sequence()).isTrue();
                    assertThat(s.processCount()).isEqualTo(200);
                }
            }
            assertThat(sequences).hasSize(threads * perThread);
            assertThat(sequences).allSatisfy(s -> assertThat(s).isBetween(1L, (long) threads * perThread));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSampleOfAHundredThousandIdleProcessesVisitsAllAndListsAtMostLimit() {
        BeamRuntime big = BeamRuntime.builder().name("top-big").build();
        try {
            List<ProcessRef> first = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                ProcessRef p = big.spawn(IDLE);
                if (i < 20) {
                    first.add(p);
                }
            }
            ProcessTop top = ProcessTop.of(big);
            TopSample sample = top.sample(20);
            assertThat(sample.processCount()).isEqualTo(100_000);
            assertThat(sample.byMailbox()).isEmpty();
            assertThat(sample.byMessageRate()).isEmpty();
            // Idle processes have equal figures: the oldest twenty are listed, in spawn order.
            assertThat(refs(sample.byMemory())).containsExactlyElementsOf(first);
            assertThat(sample.totalMemoryBytes())
                    .isEqualTo(100_000L * sample.byMemory().get(0).info().memoryBytes());
            assertThat(sample.scanTime()).isPositive();

            TopSample again = top.sample(ProcessTop.MAX_LIMIT);
            assertThat(again.processCount()).isEqualTo(100_000);
            assertThat(again.byMemory()).hasSize(ProcessTop.MAX_LIMIT);
            assertThat(again.byMessageRate()).isEmpty();
        } finally {
            big.close();
        }
    }
}
