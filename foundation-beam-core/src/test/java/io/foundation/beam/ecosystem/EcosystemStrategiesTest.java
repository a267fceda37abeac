package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.MessageIsolationException;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Memory and GC strategies with a real JVM meaning, and the seed's telemetry events. */
class EcosystemStrategiesTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("strat").listener(events::add)
                .housekeepingInterval(Duration.ofMillis(10)).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A mutable, non-serializable message: it can be neither shared safely nor copied. */
    static final class Basket {
        public List<String> items = new ArrayList<>();
    }

    private Ecosystem holding(MemoryStrategy strategy, CountDownLatch mutated, CompletableFuture<Object> seen) {
        return Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("mem-" + strategy)
                .memoryStrategy(strategy)
                .workers(1, () -> (message, ctx) -> {
                    mutated.await(); // look at the message only after the sender changed its own copy
                    seen.complete(List.copyOf(asList(message)));
                    return null;
                }).build());
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object message) {
        return (List<String>) message;
    }

    @Test
    void isolatedHeapsReceiverNeverSeesTheSendersLaterMutation() throws Exception {
        CountDownLatch mutated = new CountDownLatch(1);
        CompletableFuture<Object> seen = new CompletableFuture<>();
        Ecosystem eco = holding(MemoryStrategy.ISOLATED_HEAPS, mutated, seen);
        List<String> order = new ArrayList<>(List.of("apple"));
        eco.submit(order);
        order.add("sender changed this after sending");
        mutated.countDown();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(List.of("apple"));
    }

    @Test
    void sharedHeapPassesByReferenceWithTheDocumentedRisk() throws Exception {
        CountDownLatch mutated = new CountDownLatch(1);
        CompletableFuture<Object> seen = new CompletableFuture<>();
        Ecosystem eco = holding(MemoryStrategy.SHARED_HEAP, mutated, seen);
        List<String> order = new ArrayList<>(List.of("apple"));
        eco.submit(order);
        order.add("visible to the receiver");
        mutated.countDown();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(List.of("apple", "visible to the receiver"));
    }

    @Test
    void isolatedHeapsRejectsMutableMessagesThatCannotBeCopied() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("reject")
                .workers(1, () -> (message, ctx) -> message).build());
        assertThatThrownBy(() -> eco.submit(new Basket())).isInstanceOf(MessageIsolationException.class)
                .hasMessageContaining("Basket");
        assertThatThrownBy(() -> eco.broadcast(new Basket())).isInstanceOf(MessageIsolationException.class);
        assertThatThrownBy(() -> eco.workers().get(0).send(new Basket()))
                .as("raw sends to members are checked too").isInstanceOf(MessageIsolationException.class);
    }

    @Test
    void frequentMinorMakesIdleMembersHibernate() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("gc")
                .gcStrategy(GcStrategy.FREQUENT_MINOR).hibernateAfter(Duration.ofMillis(30))
                .workers(3, () -> (message, ctx) -> message).build());
        await().until(() -> eco.info().workers().stream().allMatch(w -> w.status() == ProcessStatus.HIBERNATING));
        await().until(() -> events.stream().filter(BeamEvent.EcosystemGcCompleted.class::isInstance).count() >= 3);
        assertThat(eco.submit(5).join()).isEqualTo(5); // wakes on the next message
    }

    @Test
    void standardGcKeepsIdleMembersAwake() throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("nogc")
                .workers(2, () -> (message, ctx) -> message).build());
        assertThat(eco.submit(1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        // hibernation would happen within a few housekeeping rounds (10 ms); the work above gives time enough
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() ->
                eco.info().workers().stream().noneMatch(w -> w.status() == ProcessStatus.HIBERNATING));
    }

    @Test
    void lifecycleEventsAreNamedAfterTheSeed() {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("events")
                .faultTolerance(FaultTolerance.SELF_HEALING)
                .workers(2, () -> (message, ctx) -> message).build());
        runtime.kill(eco.workers().get(1));
        await().until(() -> events.stream().anyMatch(e -> e instanceof BeamEvent.WorkerRestarted w && w.index() == 1));
        await().until(() -> events.stream().anyMatch(BeamEvent.MemoryPressureChanged.class::isInstance));
        eco.shutdown(Duration.ofSeconds(5));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BeamEvent.EcosystemStarted.class));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BeamEvent.EcosystemStopped.class));
    }
}
