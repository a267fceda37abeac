package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Processes on {@link DedicatedThreads} (issue 18, the BEAM's dirty schedulers): CPU-bound handlers there run on
 * platform threads, which the operating system preempts, so the other processes still get the carriers: they exchange
 * messages and their timeouts fire on time. Processes that block in {@code receive} each hold a thread of the set
 * without starving the others, and a closed set runs no new process and leaves no thread.
 */
class DedicatedThreadsTest {

    private static final int CARRIERS = Runtime.getRuntime().availableProcessors();

    private final AtomicBoolean stop = new AtomicBoolean();
    private final BeamRuntime runtime = BeamRuntime.builder().name("dedicated").shutdownTimeout(Duration.ofMillis(500))
            .orphanGracePeriod(Duration.ofMillis(200)).build();

    @AfterEach
    void close() {
        stop.set(true);
        runtime.close();
    }

    private static boolean threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix + "-"));
    }

    @Test
    void cpuBoundHandlersOnDedicatedThreadsLeaveTheCarriersToTheOtherProcesses() throws Exception {
        DedicatedThreads pool = DedicatedThreads.create("cpu-bound");
        try {
            // As many CPU-bound handlers as CPUs: all of them would hold every carrier on virtual threads. On
            // platform threads they share the CPUs with the carriers and the timer at the operating system's slices.
            int spinners = CARRIERS;
            CountDownLatch spinning = new CountDownLatch(spinners);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < spinners; i++) {
                runtime.spawn((message, ctx) -> {
                    threads.add(Thread.currentThread());
                    spinning.countDown();
                    long sink = 0;
                    while (!stop.get()) {
                        sink += System.nanoTime() & 1;
                    }
                    return sink;
                }, SpawnOptions.defaults().withDedicatedThreads(pool)).send("spin");
            }
            assertThat(spinning.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).hasSize(spinners).allSatisfy(t -> {
                assertThat(t.isVirtual()).isFalse();
                assertThat(t.getName()).startsWith("cpu-bound-");
            });
            assertThat(pool.threads()).isEqualTo(spinners);

            // Ordinary processes on the carriers: calls between them are answered promptly.
            ProcessRef echo = runtime.spawn((message, ctx) -> message);
            ProcessRef relay = runtime.spawn((message, ctx) -> ctx.call(echo, message, Duration.ofSeconds(1)));
            long slowest = 0;
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                assertThat(runtime.call(relay, i, Duration.ofSeconds(5))).isEqualTo(i);
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("the slowest call through two processes, in ms")
                    .isLessThan(500);
            // And a timeout fires on time.
            ProcessRef silent = runtime.spawn(ctx -> {
                ctx.receive(m -> false, Duration.ofDays(1));
            });
            ControlPlaneTest.warmUpTimeouts(runtime, silent);
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                CompletableFuture<Object> reply = runtime.callAsync(silent, "hello", Duration.ofMillis(100));
                // When the timer fired (the callback runs on the thread that completes the future), not when this
                // thread got a CPU again to see it.
                CompletableFuture<Long> fired = reply.handle((r, e) -> System.nanoTime());
                assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(CallTimeoutException.class);
                long lateMillis = TimeUnit.NANOSECONDS.toMillis(fired.get() - start) - 100;
                // Bounded looser than ControlPlaneTest's 50 ms: the timer shares the CPUs with the spinning platform
                // threads at the operating system's time slices, which on a loaded machine (other builds) took up to
                // 160 ms; the point here is that it fires at all while the handlers spin, and the calls above.
                assertThat(lateMillis).as("how late the 100 ms timeout fired, round %d", round).isLessThan(250);
            }
        } finally {
            stop.set(true);
            runtime.close();
            pool.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadsNamed("cpu-bound"));
        assertThat(pool.threads()).isZero();
    }

    @Test
    void processesBlockedInReceiveEachHoldAThreadWithoutStarvingTheOthers() throws Exception {
        DedicatedThreads pool = DedicatedThreads.create("receivers");
        try {
            int bodies = 4 * CARRIERS + 2;
            CountDownLatch received = new CountDownLatch(bodies);
            List<ProcessRef> receivers = new java.util.ArrayList<>();
            for (int i = 0; i < bodies; i++) {
                receivers.add(runtime.spawn(ctx -> {
                    ctx.receive(String.class);
                    received.countDown();
                }, SpawnOptions.defaults().withDedicatedThreads(pool)));
            }
            // Each body waits in receive on a thread of its own: no cap makes a later one wait for a thread.
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.threads() == bodies);
            for (ProcessRef r : receivers) {
                r.send("go");
            }
            assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.processCount() == 0);
        } finally {
            pool.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadsNamed("receivers"));
    }

    @Test
    void aClosedSetRunsNoNewProcessAndLeavesNoThread() throws Exception {
        DedicatedThreads pool = DedicatedThreads.create("closing");
        ProcessRef p = runtime.spawn((message, ctx) -> message, SpawnOptions.defaults().withDedicatedThreads(pool));
        assertThat(runtime.call(p, "ping")).isEqualTo("ping");
        pool.close();
        assertThat(pool.isClosed()).isTrue();
        // Its idle thread ends (a thread whose activation still ran would take the next message itself).
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.threads() == 0 && !threadsNamed("closing"));
        assertThatThrownBy(() -> runtime.spawn((message, ctx) -> message,
                SpawnOptions.defaults().withDedicatedThreads(pool)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'closing'");
        // A process of the closed set that gets work cannot run: it ends with a crash naming the set.
        CompletableFuture<ExitReason> exit = runtime.exitFuture(p);
        p.send("ping");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExitReason.Crashed.class,
                c -> assertThat(c.cause()).hasMessageContaining("'closing'"));
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatThrownBy(() -> DedicatedThreads.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
