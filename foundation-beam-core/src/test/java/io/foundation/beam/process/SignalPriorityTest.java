package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.telemetry.BeamEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Capability 6: exit signals, kills and monitor notifications overtake a backlog of a million messages. */
class SignalPriorityTest extends RuntimeTestSupport {

    private static final int BACKLOG = 1_000_000;

    /** Starts a handler that blocks on its first message, then fills its mailbox with the backlog. */
    private ProcessRef backlogged(CountDownLatch gate, AtomicInteger userMessages, CompletableFuture<Object> firstSignal,
            boolean trapExits) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn((m, c) -> {
            if (m instanceof Signal) {
                firstSignal.complete(new Object[] {m, userMessages.get()});
                if (m instanceof Signal.Exit exit) {
                    c.exit(exit.reason());
                }
                return null;
            }
            userMessages.incrementAndGet();
            if (entered.getCount() > 0) {
                entered.countDown();
                gate.await();
            }
            return null;
        }, SpawnOptions.defaults().withTrapExits(trapExits));
        pid.send("first");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < BACKLOG; i++) {
            pid.send(i);
        }
        assertThat(runtime.info(pid).orElseThrow().mailboxLength()).isEqualTo(BACKLOG);
        return pid;
    }

    @Test
    void trappedExitSignalIsHandledBeforeTheBacklog() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        CompletableFuture<Object> signal = new CompletableFuture<>();
        ProcessRef pid = backlogged(gate, handled, signal, true);
        runtime.exit(pid, ExitReason.SHUTDOWN);
        gate.countDown();
        Object[] first = (Object[]) signal.get(10, TimeUnit.SECONDS);
        assertThat(first[0]).isInstanceOf(Signal.Exit.class);
        assertThat((int) first[1]).as("user messages handled before the signal").isEqualTo(1);
    }

    @Test
    void monitorNotificationIsHandledBeforeTheBacklog() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        CompletableFuture<Object> signal = new CompletableFuture<>();
        ProcessRef target = runtime.spawn(ctx -> {
            ctx.receive();
        });
        CountDownLatch entered = new CountDownLatch(1);
        ProcessRef watcher = runtime.spawn((m, c) -> {
            if (m instanceof Signal) {
                signal.complete(new Object[] {m, handled.get()});
                return null;
            }
            handled.incrementAndGet();
            if (m.equals("monitor")) {
                c.monitor(target);
                entered.countDown();
                gate.await();
            }
            return null;
        });
        watcher.send("monitor");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < BACKLOG; i++) {
            watcher.send(i);
        }
        runtime.kill(target);
        gate.countDown();
        Object[] first = (Object[]) signal.get(10, TimeUnit.SECONDS);
        assertThat(first[0]).isInstanceOfSatisfying(Signal.Down.class,
                d -> assertThat(d.reason()).isEqualTo(ExitReason.KILLED));
        assertThat((int) first[1]).as("user messages handled before the signal").isEqualTo(1);
    }

    @Test
    void exitSignalEndsANonTrappingProcessDespiteTheBacklog() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef pid = backlogged(gate, handled, new CompletableFuture<>(), false);
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        runtime.exit(pid, ExitReason.SHUTDOWN);
        gate.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(handled.get()).isEqualTo(1);
        assertThat(events(BeamEvent.ProcessExited.class)).filteredOn(e -> e.process().equals(pid))
                .singleElement().satisfies(e -> assertThat(e.unprocessedMessages()).isGreaterThan(BACKLOG - 10));
    }

    @Test
    void killIsImmediateDespiteTheBacklogAndABlockedHandler() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef pid = backlogged(gate, handled, new CompletableFuture<>(), true);
        runtime.kill(pid);
        assertThat(pid.isAlive()).isFalse();
        assertThat(runtime.exitFuture(pid).get(1, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
        gate.countDown();
        assertThat(handled.get()).isEqualTo(1);
    }
}
