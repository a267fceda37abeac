package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ShutdownReport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The runtime's control plane (timeouts, shutdown) works while every carrier is taken by a CPU-bound handler, which
 * the JVM cannot preempt (issue 18): a timeout fires within 50 ms of when it is due, and shutdown leaves no process
 * alive.
 */
class ControlPlaneTest {

    private static final int CARRIERS = Runtime.getRuntime().availableProcessors();

    /** Spins in its handler until told to stop: it holds its carrier all that time. */
    private static ProcessRef spinner(BeamRuntime runtime, CountDownLatch spinning, AtomicBoolean stop) {
        ProcessRef p = runtime.spawn((message, ctx) -> {
            spinning.countDown();
            long sink = 0;
            while (!stop.get()) {
                sink += System.nanoTime() & 1;
            }
            return sink;
        });
        p.send("spin");
        return p;
    }

    @Test
    void anAsynchronousCallTimesOutOnTimeWhileEveryCarrierSpins() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        BeamRuntime runtime = runtime();
        try {
            ProcessRef silent = runtime.spawn(ctx -> {
                ctx.receive(m -> false, Duration.ofDays(1)); // takes nothing: never answers
            });
            warmUpTimeouts(runtime, silent);
            CountDownLatch spinning = new CountDownLatch(CARRIERS);
            for (int i = 0; i < CARRIERS; i++) {
                spinner(runtime, spinning, stop);
            }
            assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                CompletableFuture<Object> reply = runtime.callAsync(silent, "hello", Duration.ofMillis(100));
                // When the timer fired (the callback runs on the thread that completes the future), not when this
                // thread got a CPU again to see it.
                CompletableFuture<Long> fired = reply.handle((r, e) -> System.nanoTime());
                assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(CallTimeoutException.class);
                long lateMillis = TimeUnit.NANOSECONDS.toMillis(fired.get() - start) - 100;
                assertThat(lateMillis).as("how late the 100 ms timeout fired, round %d", round).isLessThan(50);
            }
        } finally {
            stop.set(true);
            runtime.close();
        }
    }

    /**
     * One call timeout before the measured ones, so that they measure the timer and not the first loading of the
     * classes a timeout uses (on a loaded machine that took over 50 ms).
     */
    static void warmUpTimeouts(BeamRuntime runtime, ProcessRef silent) {
        CompletableFuture<Object> reply = runtime.callAsync(silent, "warm-up", Duration.ofMillis(1));
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CallTimeoutException.class);
    }

    /** Short grace periods: the spinners ignore the shutdown signal and interruption until the test stops them. */
    private static BeamRuntime runtime() {
        return BeamRuntime.builder().name("control-plane").shutdownTimeout(Duration.ofMillis(200))
                .orphanGracePeriod(Duration.ofMillis(200)).build();
    }

    @Test
    void shutdownLeavesNoProcessAliveWhileEveryCarrierSpins() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        BeamRuntime runtime = runtime();
        try {
            ProcessRef idle = runtime.spawn((m, c) -> null);
            CountDownLatch spinning = new CountDownLatch(CARRIERS);
            for (int i = 0; i < CARRIERS; i++) {
                spinner(runtime, spinning, stop);
            }
            assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
            ShutdownReport report = runtime.shutdown(Duration.ofMillis(200));
            assertThat(runtime.processCount()).isZero();
            assertThat(idle.isAlive()).isFalse();
            // The spinners ignore interruption: they are killed, then counted as orphans until they stop spinning.
            assertThat(report.killed()).isEqualTo(CARRIERS);
        } finally {
            stop.set(true);
            runtime.close();
        }
    }
}
