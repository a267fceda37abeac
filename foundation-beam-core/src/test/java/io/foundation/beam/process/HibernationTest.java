package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.Ticker;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capability 8: hibernation: handler hibernate(), idle hibernation (hibernateAfter), receive-loop hibernate(next). */
class HibernationTest extends RuntimeTestSupport {

    /** Runs before the support's close: a test must not leave a process behind that ignores the shutdown signal. */
    @AfterEach
    void noProcessIgnoresTheShutdownSignal() {
        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).as("processes that ignored the shutdown signal and had to be killed").isZero();
    }

    /**
     * Like the shared {@code ManualTicker} (it only moves when the test advances it), and it counts its readings, so
     * a test can wait until the runtime has looked at the time.
     */
    static final class CountingTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
        private final AtomicLong reads = new AtomicLong();

        @Override
        public long read() {
            reads.incrementAndGet();
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        long reads() {
            return reads.get();
        }
    }

    private ProcessStatus status(BeamRuntime rt, ProcessRef pid) {
        return rt.info(pid).orElseThrow().status();
    }

    private static List<ProcessRef> hibernations(List<BeamEvent> events, ProcessRef pid) {
        return events.stream().filter(e -> e instanceof BeamEvent.ProcessHibernated h && h.process().equals(pid))
                .map(e -> ((BeamEvent.ProcessHibernated) e).process()).toList();
    }

    @Test
    void aHandlerThatCallsHibernateHibernatesAndWakesOnTheNextMessage() throws Exception {
        LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            if ("sleep".equals(m)) {
                ctx.hibernate();
            }
            handled.add(m);
            return null;
        });

        // A plain message leaves the process waiting, not hibernating.
        pid.send("plain");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("plain");
        await().until(() -> status(runtime, pid) == ProcessStatus.WAITING);
        assertThat(hibernations(events, pid)).isEmpty();

        pid.send("sleep");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("sleep");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        assertThat(hibernations(events, pid)).hasSize(1);
        await().until(() -> runtime.snapshot().activeThreads() == 0);

        // The next message wakes it; it handles the message and is an ordinary waiting process again.
        pid.send("wake up");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("wake up");
        await().until(() -> status(runtime, pid) == ProcessStatus.WAITING);
        assertThat(runtime.info(pid).orElseThrow().messagesProcessed()).isEqualTo(3);
        assertThat(hibernations(events, pid)).hasSize(1);
        assertThat(pid.isAlive()).isTrue();
    }

    @Test
    void hibernationReleasesTheMailboxBufferABurstLeft() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
        ProcessHandler handler = (m, ctx) -> {
            if ("block".equals(m)) {
                entered.countDown();
                gate.await();
            } else if ("sleep".equals(m)) {
                ctx.hibernate();
                handled.add(m);
            }
            return null;
        };
        // A process that hibernates after one message: the figure a hibernated process should fall back to.
        ProcessRef fresh = runtime.spawn(handler);
        fresh.send("sleep");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("sleep");
        await().until(() -> status(runtime, fresh) == ProcessStatus.HIBERNATING);
        ProcessRef pid = runtime.spawn(handler);
        pid.send("block");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5_000; i++) {
            pid.send(i); // a burst: the mailbox grows to its largest chunks
        }
        pid.send("sleep");
        gate.countDown();
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("sleep");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        assertThat(runtime.info(pid).orElseThrow().memoryBytes())
                .as("a hibernated process's memory figure after a burst")
                .isEqualTo(runtime.info(fresh).orElseThrow().memoryBytes());

        // It still works after the buffer was dropped.
        for (int i = 0; i < 100; i++) {
            pid.send(i);
        }
        pid.send("sleep");
        assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("sleep");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        assertThat(runtime.info(pid).orElseThrow().messagesProcessed()).isEqualTo(5_000 + 2 + 101);
    }

    @Test
    void aSignalWakesAHibernatingProcessToo() throws Exception {
        CompletableFuture<Signal.Exit> trapped = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            if (m instanceof Signal.Exit exit) {
                if (ExitReason.SHUTDOWN.equals(exit.reason())) {
                    ctx.exit(ExitReason.SHUTDOWN); // the runtime is closing
                }
                trapped.complete(exit);
            } else {
                ctx.hibernate();
            }
            return null;
        }, SpawnOptions.defaults().withTrapExits(true));
        pid.send("sleep");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);

        ExitReason reason = ExitReason.crashed(new IllegalStateException("neighbour failed"));
        runtime.exit(pid, reason);

        assertThat(trapped.get(5, TimeUnit.SECONDS).reason()).isEqualTo(reason);
        await().until(() -> status(runtime, pid) == ProcessStatus.WAITING);
        assertThat(pid.isAlive()).isTrue();
    }

    @Test
    void aHibernatingHandlerAnswersCalls() {
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            ctx.hibernate();
            return "echo " + m;
        });
        assertThat(runtime.call(pid, "one")).isEqualTo("echo one");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        assertThat(runtime.call(pid, "two")).isEqualTo("echo two");
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        await().until(() -> hibernations(events, pid).size() == 2);
    }

    @Test
    void hibernateAfterHibernatesAnIdleHandlerOnlyOnceTheTickerPassesTheIdleTime() throws Exception {
        CountingTicker ticker = new CountingTicker();
        List<BeamEvent> seen = new CopyOnWriteArrayList<>();
        Duration idle = Duration.ofSeconds(30);
        try (BeamRuntime rt = BeamRuntime.builder().name("hib").ticker(ticker).listener(seen::add)
                .housekeepingInterval(Duration.ofMillis(5)).build()) {
            LinkedBlockingQueue<Object> handled = new LinkedBlockingQueue<>();
            ProcessRef pid = rt.spawn((m, ctx) -> handled.add(m), SpawnOptions.defaults().withHibernateAfter(idle));
            assertThat(status(rt, pid)).isEqualTo(ProcessStatus.WAITING);

            // Just short of the idle time: several housekeeping passes (each reads the ticker) must not hibernate it.
            ticker.advance(idle.minusNanos(1));
            awaitHousekeepingPasses(ticker, 3);
            assertThat(status(rt, pid)).isEqualTo(ProcessStatus.WAITING);
            assertThat(hibernations(seen, pid)).isEmpty();

            ticker.advance(Duration.ofNanos(1));
            await().until(() -> status(rt, pid) == ProcessStatus.HIBERNATING);
            await().until(() -> hibernations(seen, pid).size() == 1);
            assertThat(rt.snapshot().activeThreads()).isZero();

            // It wakes for the next message and handles it.
            pid.send("hello");
            assertThat(handled.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
            await().until(() -> status(rt, pid) == ProcessStatus.WAITING
                    && rt.info(pid).orElseThrow().messagesProcessed() == 1);

            // Activity restarts the idle clock: no hibernation until another full idle time has passed.
            ticker.advance(idle.minusNanos(1));
            awaitHousekeepingPasses(ticker, 3);
            assertThat(status(rt, pid)).isEqualTo(ProcessStatus.WAITING);
            assertThat(hibernations(seen, pid)).hasSize(1);

            ticker.advance(Duration.ofNanos(1));
            await().until(() -> status(rt, pid) == ProcessStatus.HIBERNATING);
            await().until(() -> hibernations(seen, pid).size() == 2);
            assertThat(handled).isEmpty();
        }
    }

    @Test
    void aBusyProcessDoesNotHibernateWhateverTheTicker() throws Exception {
        CountingTicker ticker = new CountingTicker();
        try (BeamRuntime rt = BeamRuntime.builder().name("hib").ticker(ticker)
                .housekeepingInterval(Duration.ofMillis(5)).build()) {
            CompletableFuture<Void> entered = new CompletableFuture<>();
            CompletableFuture<Void> release = new CompletableFuture<>();
            ProcessRef pid = rt.spawn((m, ctx) -> {
                entered.complete(null);
                release.get(10, TimeUnit.SECONDS);
                return null;
            }, SpawnOptions.defaults().withHibernateAfter(Duration.ofSeconds(1)));
            try {
                pid.send("work");
                entered.get(5, TimeUnit.SECONDS);
                ticker.advance(Duration.ofMinutes(5));
                awaitHousekeepingPasses(ticker, 3);
                assertThat(status(rt, pid)).isEqualTo(ProcessStatus.RUNNING);
            } finally {
                release.complete(null);
            }
            // Once done, it measures idleness from the end of its work (after the advance): not hibernated yet.
            await().until(() -> status(rt, pid) == ProcessStatus.WAITING);
            awaitHousekeepingPasses(ticker, 3);
            assertThat(status(rt, pid)).isEqualTo(ProcessStatus.WAITING);
            ticker.advance(Duration.ofSeconds(1));
            await().until(() -> status(rt, pid) == ProcessStatus.HIBERNATING);
        }
    }

    /**
     * Waits until the ticker has been read {@code passes} more times. While the runtime's processes are idle (or
     * blocked in code that does not touch the runtime), only housekeeping reads the ticker, and each pass reads it
     * once before it looks at the processes; so after n+1 reads, n full passes have seen the current time.
     */
    private static void awaitHousekeepingPasses(CountingTicker ticker, int passes) {
        long from = ticker.reads();
        await().until(() -> ticker.reads() >= from + passes + 1);
    }

    @Test
    void aReceiveLoopThatHibernatesWithANextBodyHoldsNoThreadAndRunsNextOnTheNextMessage() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessBody next = ctx -> {
            threads.add(Thread.currentThread());
            received.add("next got " + ctx.receive());
            received.add("next got " + ctx.receive());
        };
        ProcessRef pid = runtime.spawn(ctx -> {
            threads.add(Thread.currentThread());
            received.add("first got " + ctx.receive());
            ctx.hibernate(next);
        });
        // The only process of this runtime: while it waits in receive it holds a (parked) thread.
        await().until(() -> threads.size() == 1 && status(runtime, pid) == ProcessStatus.WAITING);
        assertThat(runtime.snapshot().activeThreads()).isEqualTo(1);

        pid.send("one");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("first got one");

        // The body returned after asking to hibernate: the process lives on, hibernating, with no thread.
        await().until(() -> status(runtime, pid) == ProcessStatus.HIBERNATING);
        await().until(() -> runtime.snapshot().activeThreads() == 0);
        await().until(() -> !threads.get(0).isAlive());
        assertThat(pid.isAlive()).isTrue();
        assertThat(runtime.processCount()).isEqualTo(1);
        assertThat(hibernations(events, pid)).hasSize(1);

        // The next message starts `next` (on a fresh thread), which receives that very message.
        pid.send("two");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("next got two");
        assertThat(threads).hasSize(2);
        assertThat(threads.get(1)).isNotSameAs(threads.get(0));
        await().until(() -> status(runtime, pid) == ProcessStatus.WAITING);
        assertThat(runtime.snapshot().activeThreads()).isEqualTo(1);

        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        pid.send("three");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("next got three");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        await().until(() -> runtime.snapshot().activeThreads() == 0);
    }

    @Test
    void aMessageQueuedBeforeTheBodyReturnsStartsNextAtOnce() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<Object> nextGot = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            ctx.receive(); // "go"
            ctx.hibernate(c -> nextGot.complete(c.receive()));
            queued.await(); // the test has queued 42 before this body returns
        });
        pid.send("go");
        pid.send(42);
        queued.countDown();
        assertThat(nextGot.get(5, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void messagesLeftBySelectiveReceiveStartNextAtOnce() throws Exception {
        CompletableFuture<Object> nextGot = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            ctx.receive(Integer.class); // skips over "early", which stays queued (saved)
            ctx.hibernate(c -> nextGot.complete(c.receive()));
        });
        pid.send("early");
        pid.send(1);
        assertThat(nextGot.get(5, TimeUnit.SECONDS)).isEqualTo("early");
    }

    @Test
    void hibernateWithANextBodyIsRefusedInAHandlerProcess() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            try {
                ctx.hibernate(c -> { });
                refused.complete(null);
            } catch (IllegalStateException e) {
                refused.complete(e);
            }
            return null;
        });
        pid.send("x");
        assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handler process");
        assertThat(pid.isAlive()).isTrue();
    }
}
