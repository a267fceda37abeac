package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever the configuration (every combination of topology, fault tolerance, dispatch, memory and GC
 * strategy, with worker counts drawn from 1..20 by a fixed seed), {@code ecosystemInfo} agrees with the processes
 * themselves, before and after random kills, and after shutdown nothing is alive. (Generated with a seeded random
 * source and JUnit parameters; see the note on the ecosystems issue for why not jqwik.)
 */
class EcosystemPropertiesTest {

    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("prop").build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    static Stream<Arguments> configurations() {
        Random random = new Random(20261125L);
        List<Arguments> all = new ArrayList<>();
        for (Topology t : Topology.values()) {
            for (FaultTolerance f : FaultTolerance.values()) {
                for (DispatchStrategy d : DispatchStrategy.values()) {
                    for (MemoryStrategy m : MemoryStrategy.values()) {
                        for (GcStrategy g : GcStrategy.values()) {
                            all.add(Arguments.of(1 + random.nextInt(20), t, f, d, m, g, random.nextLong()));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    /**
     * Stable under restarts happening meanwhile: a pid that info reports dead stays dead, one reported alive stays
     * alive unless killed (nothing is killed concurrently here), and a replacement only ever replaces a dead pid.
     */
    private static void assertInfoMatchesReality(Ecosystem eco) {
        EcosystemInfo info = eco.info();
        int live = 0;
        for (MemberInfo w : info.workers()) {
            assertThat(w.alive()).as("worker %d alive", w.index()).isEqualTo(w.process().isAlive());
            if (w.alive()) {
                live++;
                assertThat(w.memoryBytes()).isPositive();
                assertThat(eco.workers().get(w.index())).isEqualTo(w.process());
            }
        }
        assertThat(info.coordinator().alive()).isEqualTo(info.coordinator().process().isAlive());
        if (info.coordinator().alive()) {
            live++;
        }
        assertThat(info.totalProcesses()).isEqualTo(live);
    }

    @ParameterizedTest(name = "{0} workers, {1}, {2}, {3}, {4}, {5}")
    @MethodSource("configurations")
    void infoIsConsistentWithReality(int workers, Topology topology, FaultTolerance faultTolerance,
            DispatchStrategy dispatch, MemoryStrategy memory, GcStrategy gc, long seed) throws Exception {
        Ecosystem eco = Ecosystems.spawnEcosystem(runtime, EcosystemConfig.builder("p")
                .workers(workers, () -> (message, ctx) -> message)
                .topology(topology).faultTolerance(faultTolerance).dispatch(dispatch).memoryStrategy(memory)
                .gcStrategy(gc).hibernateAfter(Duration.ofMillis(50))
                .restartIntensity(new RestartIntensity(1000, Duration.ofSeconds(5))).build());
        assertThat(eco.info().totalProcesses()).isEqualTo(workers + 1);
        assertInfoMatchesReality(eco);

        Random random = new Random(seed);
        List<ProcessRef> killed = new ArrayList<>();
        int kills = 1 + random.nextInt(Math.max(1, workers / 2));
        for (int i = 0; i < kills; i++) {
            ProcessRef victim = random.nextInt(4) == 0 ? eco.coordinator() : eco.workers().get(random.nextInt(workers));
            runtime.kill(victim);
            killed.add(victim);
        }
        assertInfoMatchesReality(eco);
        assertThat(eco.info().workers()).extracting(MemberInfo::process).filteredOn(killed::contains)
                .allSatisfy(p -> assertThat(p.isAlive()).isFalse());
        if (faultTolerance == FaultTolerance.SELF_HEALING) {
            await().atMost(Duration.ofSeconds(5)).until(() -> eco.info().totalProcesses() == workers + 1);
            assertThat(eco.info().workers()).extracting(MemberInfo::process).doesNotContainAnyElementsOf(killed);
            assertThat(eco.submit(7).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(7);
        }
        assertInfoMatchesReality(eco);

        eco.shutdown(Duration.ofSeconds(5));
        assertThat(eco.info().totalProcesses()).isZero();
        assertThat(eco.workers()).noneMatch(ProcessRef::isAlive);
        assertThat(eco.coordinator().isAlive()).isFalse();
    }
}
