package io.foundation.beam.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IsolateMemoryIntensiveWorkTest {

    private final List<BeamEvent> events = new CopyOnWriteArrayList<>();
    private BeamRuntime runtime;

    @BeforeEach
    void open() {
        runtime = BeamRuntime.builder().name("iso").listener(events::add).build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void returnsTheResultAndLeavesNoProcessBehind() {
        long sum = Ecosystems.isolateMemoryIntensiveWork(runtime, () -> {
            long[] big = new long[1_000_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = i;
            }
            long s = 0;
            for (long v : big) {
                s += v;
            }
            return s;
        }, Duration.ofSeconds(10));
        assertThat(sum).isEqualTo(499_999_500_000L);
        await().until(() -> runtime.processCount() == 0);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BeamEvent.IsolatedWorkFinished.class,
                f -> assertThat(f.outcome()).isEqualTo("succeeded")));
    }

    @Test
    void theFinishedProcessKeepsNoReferenceToTheResult() {
        java.lang.ref.WeakReference<byte[]> weak = new java.lang.ref.WeakReference<>(
                Ecosystems.isolateMemoryIntensiveWork(runtime, () -> new byte[8 * 1024 * 1024], Duration.ofSeconds(5)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return weak.get() == null;
        });
    }

    @Test
    void failureComesBackToTheCaller() {
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, () -> {
            throw new IllegalStateException("out of patience");
        }, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(IsolatedWorkException.class,
                        e -> assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.FAILED))
                .hasRootCauseMessage("out of patience");
    }

    @Test
    void timeoutKillsTheWork() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> Ecosystems.isolateMemoryIntensiveWork(runtime, () -> {
            never.await();
            return null;
        }, Duration.ofMillis(100)))
                .isInstanceOfSatisfying(IsolatedWorkException.class,
                        e -> assertThat(e.outcome()).isEqualTo(IsolatedWorkException.Outcome.TIMED_OUT))
                .hasMessageContaining("did not finish within PT0.1S");
        await().until(() -> runtime.processCount() == 0);
    }
}
