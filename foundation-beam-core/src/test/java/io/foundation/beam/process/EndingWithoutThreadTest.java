package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A handler process with no {@code terminate} needs no thread to end: an exit signal that reaches it while it is idle
 * ends it on the sender's thread. Everything it is linked to or watched by is told as usual; a handler that has a
 * {@code terminate}, or traps exits, is unaffected.
 */
class EndingWithoutThreadTest extends RuntimeTestSupport {

    /** Idle handler, no init, no terminate. */
    private ProcessRef idle() {
        return runtime.spawn((message, ctx) -> null);
    }

    @Test
    void anIdleHandlerWithoutTerminateIsDeadWhenTheExitCallReturnsAndEveryoneIsTold() throws Exception {
        ProcessRef target = idle();
        CompletableFuture<Signal.Down> down = new CompletableFuture<>();
        CompletableFuture<Signal.Exit> linkExit = new CompletableFuture<>();
        CountDownLatch watching = new CountDownLatch(2);
        runtime.spawn(ctx -> {
            ctx.monitor(target);
            watching.countDown();
            down.complete(ctx.receive(Signal.Down.class));
        });
        runtime.spawn(ctx -> {
            ctx.trapExits(true);
            ctx.link(target);
            watching.countDown();
            linkExit.complete(ctx.receive(Signal.Exit.class));
        });
        assertThat(watching.await(5, TimeUnit.SECONDS)).isTrue();

        runtime.exit(target, ExitReason.SHUTDOWN);

        assertThat(target.isAlive()).isFalse();
        assertThat(target.exitReason()).contains(ExitReason.SHUTDOWN);
        assertThat(down.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(linkExit.get(5, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(events(BeamEvent.ProcessExited.class).stream().filter(e -> e.process().equals(target)))
                .singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(ExitReason.SHUTDOWN));
    }

    @Test
    void aHandlerWithTerminateStillEndsOnItsOwnThreadAndRunsIt() throws Exception {
        CompletableFuture<Thread> terminatedOn = new CompletableFuture<>();
        CompletableFuture<ExitReason> reason = new CompletableFuture<>();
        ProcessRef target = runtime.spawn(new ProcessHandler() {
            @Override
            public Object handle(Object message, ProcessContext context) {
                return null;
            }

            @Override
            public void terminate(ExitReason why, ProcessContext context) {
                reason.complete(why);
                terminatedOn.complete(Thread.currentThread());
            }
        });

        runtime.exit(target, ExitReason.SHUTDOWN);

        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        Thread thread = terminatedOn.get(5, TimeUnit.SECONDS);
        assertThat(thread).isNotSameAs(Thread.currentThread());
        assertThat(thread.isVirtual()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.isAlive());
    }

    @Test
    void aTrappingHandlerWithoutTerminateGetsTheSignalAsAMessage() throws Exception {
        CompletableFuture<Object> got = new CompletableFuture<>();
        ProcessRef target = runtime.spawn((message, ctx) -> got.complete(message),
                SpawnOptions.defaults().withTrapExits(true));

        runtime.exit(target, ExitReason.SHUTDOWN);

        assertThat(got.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(Signal.Exit.class,
                exit -> assertThat(exit.reason()).isEqualTo(ExitReason.SHUTDOWN));
        assertThat(target.isAlive()).isTrue();
    }

    @Test
    void aNormalExitSignalFromAnotherProcessLeavesAnIdleHandlerAlive() throws Exception {
        ProcessRef target = idle();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            ctx.exit(target, ExitReason.NORMAL);
            sent.complete(null);
        });
        sent.get(5, TimeUnit.SECONDS);
        assertThat(target.isAlive()).isTrue();
        CompletableFuture<Object> answered = new CompletableFuture<>();
        ProcessRef echo = runtime.spawn((message, ctx) -> answered.complete(message));
        runtime.exit(echo, ExitReason.NORMAL); // from outside any process: a normal exit is ignored too
        echo.send("still here");
        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo("still here");
    }

    /**
     * An exit that ends an idle process on the caller's thread does not end the processes linked to it there too: a
     * long chain of linked handlers would otherwise end recursively on one stack. The chain still ends, link by link,
     * with the first process's reason.
     */
    @Test
    void aLongChainOfLinkedIdleHandlersEndsLinkByLinkWithoutDeepRecursion() throws Exception {
        int n = 20_000;
        List<ProcessRef> chain = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chain.add(runtime.spawn((message, ctx) -> {
                ctx.link((ProcessRef) message);
                return null;
            }));
        }
        for (int i = 1; i < n; i++) {
            runtime.call(chain.get(i), chain.get(i - 1)); // chain[i] links to chain[i - 1]; answered when linked
        }
        CompletableFuture<ExitReason> last = runtime.exitFuture(chain.get(n - 1));
        ExitReason crash = ExitReason.crashed(new IllegalStateException("head of the chain"));

        runtime.exit(chain.get(0), crash);

        assertThat(chain.get(0).isAlive()).isFalse();
        assertThat(last.get(30, TimeUnit.SECONDS)).isEqualTo(crash);
        await().atMost(Duration.ofSeconds(10)).until(() -> chain.stream().noneMatch(ProcessRef::isAlive));
    }

    /**
     * Two threads signal every process with different reasons while a third sends them messages (which starts
     * activations that race with ending them on the sender's thread): each process ends exactly once, with one of the
     * two reasons, and each watcher and telemetry hears of it exactly once.
     */
    @RepeatedTest(20)
    void concurrentExitSignalsAndMessagesEndEveryProcessExactlyOnce() throws Exception {
        int n = 300;
        List<ProcessRef> targets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            targets.add(idle());
        }
        CompletableFuture<List<Signal.Down>> downs = new CompletableFuture<>();
        CountDownLatch watching = new CountDownLatch(1);
        runtime.spawn(ctx -> {
            for (ProcessRef t : targets) {
                ctx.monitor(t);
            }
            watching.countDown();
            List<Signal.Down> got = new ArrayList<>();
            while (got.size() < n) {
                got.add(ctx.receive(Signal.Down.class));
            }
            downs.complete(got);
        });
        assertThat(watching.await(5, TimeUnit.SECONDS)).isTrue();
        ExitReason crash = ExitReason.crashed(new IllegalStateException("second signaller"));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = List.of(
                Thread.ofPlatform().start(() -> signalAll(go, targets, ExitReason.SHUTDOWN)),
                Thread.ofPlatform().start(() -> signalAll(go, targets, crash)),
                Thread.ofPlatform().start(() -> {
                    awaitQuietly(go);
                    for (ProcessRef t : targets) {
                        t.trySend("message");
                    }
                }));
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }

        List<Signal.Down> got = downs.get(10, TimeUnit.SECONDS);
        Set<ProcessRef> downFrom = new HashSet<>();
        for (Signal.Down d : got) {
            assertThat(downFrom.add(d.process())).as("one Down per process").isTrue();
            assertThat(d.reason()).isIn(ExitReason.SHUTDOWN, crash);
        }
        assertThat(downFrom).containsExactlyInAnyOrderElementsOf(targets);
        for (ProcessRef t : targets) {
            assertThat(runtime.exitFuture(t).get(5, TimeUnit.SECONDS)).isIn(ExitReason.SHUTDOWN, crash);
        }
        Set<ProcessRef> targetSet = Set.copyOf(targets);
        List<ProcessRef> exited = events(BeamEvent.ProcessExited.class).stream().map(BeamEvent.ProcessExited::process)
                .filter(targetSet::contains).toList();
        assertThat(exited).hasSize(n).doesNotHaveDuplicates();
    }

    /** Signals every target; the SHUTDOWN signaller goes from the end, the other from the start, so they meet. */
    private void signalAll(CountDownLatch go, List<ProcessRef> targets, ExitReason reason) {
        awaitQuietly(go);
        int n = targets.size();
        for (int i = 0; i < n; i++) {
            runtime.exit(targets.get(reason == ExitReason.SHUTDOWN ? n - 1 - i : i), reason);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
