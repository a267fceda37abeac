package io.foundation.beam.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.ShutdownReport;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.NameAlreadyRegisteredException;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capability 7: the process registry (register, whereis, unregister, names freed on death, send by name). */
class RegistryTest extends RuntimeTestSupport {

    /** Runs before the support's close: a test must not leave a process behind that ignores the shutdown signal. */
    @AfterEach
    void noProcessIgnoresTheShutdownSignal() {
        ShutdownReport report = runtime.shutdown(Duration.ofSeconds(5));
        assertThat(report.killed()).as("processes that ignored the shutdown signal and had to be killed").isZero();
    }

    /** A handler process that forwards each message to {@code inbox}. */
    private ProcessRef echo(LinkedBlockingQueue<Object> inbox) {
        return runtime.spawn((m, c) -> inbox.add(m));
    }

    private ProcessRef idle() {
        return runtime.spawn((m, c) -> null);
    }

    @Test
    void registerWhereisSendByNameAndUnregister() throws Exception {
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        ProcessRef pid = echo(inbox);
        assertThat(runtime.whereis("svc")).isEmpty();

        runtime.register("svc", pid);

        assertThat(runtime.whereis("svc")).contains(pid);
        assertThat(runtime.registeredNames()).containsExactly("svc");
        assertThat(runtime.info(pid).orElseThrow().registeredName()).contains("svc");
        runtime.send("svc", "by name");
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("by name");

        assertThat(runtime.unregister("svc")).isTrue();
        assertThat(runtime.whereis("svc")).isEmpty();
        assertThat(runtime.registeredNames()).isEmpty();
        assertThat(runtime.info(pid).orElseThrow().registeredName()).isEmpty();
        assertThat(runtime.unregister("svc")).as("second unregister").isFalse();
        assertThat(pid.isAlive()).as("unregistering does not end the process").isTrue();

        // Once unregistered, the process may take another name, and the old one is free for others.
        runtime.register("svc2", pid);
        ProcessRef other = idle();
        runtime.register("svc", other);
        assertThat(runtime.whereis("svc2")).contains(pid);
        assertThat(runtime.whereis("svc")).contains(other);
        assertThat(runtime.registeredNames()).containsExactlyInAnyOrder("svc", "svc2");
    }

    @Test
    void aProcessCanRegisterItselfFromItsOwnCode() throws Exception {
        CompletableFuture<Optional<ProcessRef>> seen = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            ctx.register("self-made");
            seen.complete(ctx.runtime().whereis("self-made"));
            ctx.receive();
        });
        assertThat(seen.get(5, TimeUnit.SECONDS)).contains(pid);
        assertThat(runtime.whereis("self-made")).contains(pid);
    }

    enum Death {
        NORMAL_EXIT, CRASH, KILL
    }

    @ParameterizedTest
    @EnumSource(Death.class)
    void theNameIsFreedWhenTheProcessEnds(Death death) throws Exception {
        ProcessRef pid = runtime.spawn((m, c) -> {
            if ("stop".equals(m)) {
                c.exit(ExitReason.NORMAL);
            } else if ("crash".equals(m)) {
                throw new IllegalStateException("crash on purpose");
            }
            return null;
        });
        runtime.register("worker", pid);
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);

        switch (death) {
            case NORMAL_EXIT -> pid.send("stop");
            case CRASH -> pid.send("crash");
            case KILL -> runtime.kill(pid);
        }

        ExitReason reason = exit.get(5, TimeUnit.SECONDS);
        switch (death) {
            case NORMAL_EXIT -> assertThat(reason).isEqualTo(ExitReason.NORMAL);
            case CRASH -> assertThat(reason).isInstanceOf(ExitReason.Crashed.class);
            case KILL -> assertThat(reason).isEqualTo(ExitReason.KILLED);
        }
        assertThat(runtime.whereis("worker")).isEmpty();
        assertThat(runtime.registeredNames()).doesNotContain("worker");
        assertThatThrownBy(() -> runtime.send("worker", "hello")).isInstanceOf(NoSuchProcessException.class);

        // The freed name can be taken by a new process, both by register and at birth.
        ProcessRef successor = idle();
        runtime.register("worker", successor);
        assertThat(runtime.whereis("worker")).contains(successor);
        assertThat(runtime.unregister("worker")).isTrue();
        ProcessRef bornNamed = runtime.spawn((m, c) -> null, SpawnOptions.defaults().withName("worker"));
        assertThat(runtime.whereis("worker")).contains(bornNamed);
    }

    @Test
    void theNameOfAReceiveLoopProcessIsFreedWhenItsBodyReturns() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn(ctx -> finish.await(), SpawnOptions.defaults().withName("loop"));
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        assertThat(runtime.whereis("loop")).contains(pid);

        finish.countDown();

        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
        assertThat(runtime.whereis("loop")).isEmpty();
        assertThat(runtime.registeredNames()).isEmpty();
    }

    @Test
    void aDuplicateRegistrationThrowsNamingTheCurrentHolder() throws Exception {
        ProcessRef holder = idle();
        ProcessRef intruder = idle();
        runtime.register("svc", holder);

        NameAlreadyRegisteredException e = catchThrowableOfType(NameAlreadyRegisteredException.class,
                () -> runtime.register("svc", intruder));
        assertThat(e).isNotNull();
        assertThat(e.holder()).isEqualTo(holder);
        assertThat(e).hasMessageContaining("'svc'").hasMessageContaining(holder.toString());

        // The same from inside a process.
        CompletableFuture<Throwable> fromInside = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            try {
                ctx.register("svc");
                fromInside.complete(null);
            } catch (Throwable t) {
                fromInside.complete(t);
            }
        });
        assertThat(fromInside.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(NameAlreadyRegisteredException.class,
                ex -> assertThat(ex.holder()).isEqualTo(holder));

        // Registering the holder again under its own name is also a duplicate (a process holds one name).
        assertThatThrownBy(() -> runtime.register("svc", holder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'svc'");

        assertThat(runtime.whereis("svc")).contains(holder);
        assertThat(runtime.info(intruder).orElseThrow().registeredName()).isEmpty();
    }

    @Test
    void spawningWithATakenNameThrowsAndStartsNoProcess() {
        ProcessRef holder = runtime.spawn((m, c) -> null, SpawnOptions.defaults().withName("svc"));
        int before = runtime.processCount();
        List<Object> ran = new ArrayList<>();

        assertThatThrownBy(() -> runtime.spawn(ctx -> {
            ran.add("ran");
        }, SpawnOptions.defaults().withName("svc")))
                .isInstanceOfSatisfying(NameAlreadyRegisteredException.class,
                        e -> assertThat(e.holder()).isEqualTo(holder))
                .hasMessageContaining("'svc'");

        assertThat(runtime.processCount()).isEqualTo(before);
        assertThat(runtime.whereis("svc")).contains(holder);
        assertThat(ran).isEmpty();
    }

    @Test
    void registeringADeadProcessFailsClearly() throws Exception {
        ProcessRef pid = idle();
        CompletableFuture<ExitReason> exit = runtime.exitFuture(pid);
        runtime.kill(pid);
        exit.get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> runtime.register("ghost", pid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ghost'")
                .hasMessageContaining(pid.toString())
                .hasMessageContaining("ended");
        assertThat(runtime.whereis("ghost")).isEmpty();
        assertThat(runtime.registeredNames()).isEmpty();
    }

    @Test
    void aSecondNameForOneProcessFailsClearly() {
        ProcessRef pid = idle();
        runtime.register("first", pid);

        assertThatThrownBy(() -> runtime.register("second", pid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'second'")
                .hasMessageContaining("already registered as 'first'");
        assertThat(runtime.whereis("second")).isEmpty();
        assertThat(runtime.whereis("first")).contains(pid);

        // Same rule for a process born with a name.
        ProcessRef named = runtime.spawn((m, c) -> null, SpawnOptions.defaults().withName("born"));
        assertThatThrownBy(() -> runtime.register("other", named))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'born'");
    }

    @Test
    void blankNamesAreRejected() {
        ProcessRef pid = idle();
        assertThatThrownBy(() -> runtime.register(" ", pid))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> SpawnOptions.defaults().withName(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThat(runtime.registeredNames()).isEmpty();
    }

    @Test
    void sendingToAnUnregisteredNameThrowsNamingTheName() {
        assertThatThrownBy(() -> runtime.send("nobody-home", "hello"))
                .isInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining("'nobody-home'");

        // After unregistering, the name is unknown again.
        ProcessRef pid = idle();
        runtime.register("temp", pid);
        runtime.send("temp", "ok");
        runtime.unregister("temp");
        assertThatThrownBy(() -> runtime.send("temp", "hello"))
                .isInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining("'temp'");
    }

    @Test
    void spawnOptionsWithNameRegistersAtBirth() throws Exception {
        CompletableFuture<Optional<ProcessRef>> seenByItself = new CompletableFuture<>();
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            // The name is already there when the process's code first runs.
            seenByItself.complete(ctx.runtime().whereis("born-named"));
            for (;;) {
                inbox.add(ctx.receive());
            }
        }, SpawnOptions.defaults().withName("born-named"));

        // And already there when spawn returns: a send by name right away must not fail.
        assertThat(runtime.whereis("born-named")).contains(pid);
        runtime.send("born-named", "first");
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(seenByItself.get(5, TimeUnit.SECONDS)).contains(pid);
        assertThat(runtime.info(pid).orElseThrow().registeredName()).contains("born-named");

        // A handler process spawned with a name from inside a process, too.
        CompletableFuture<ProcessRef> child = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            child.complete(ctx.spawn((m, c) -> null, SpawnOptions.defaults().withName("child")));
            ctx.receive();
        });
        ProcessRef kid = child.get(5, TimeUnit.SECONDS);
        assertThat(runtime.whereis("child")).contains(kid);
    }

    @Test
    void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 200; round++) {
                String name = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(contenders);
                List<ProcessRef> pids = new ArrayList<>();
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    ProcessRef pid = idle();
                    pids.add(pid);
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            runtime.register(name, pid);
                            return true;
                        } catch (NameAlreadyRegisteredException e) {
                            return false;
                        }
                    }));
                }
                List<ProcessRef> winners = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    if (outcomes.get(i).get(5, TimeUnit.SECONDS)) {
                        winners.add(pids.get(i));
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(runtime.whereis(name)).contains(winners.get(0));
                for (ProcessRef pid : pids) {
                    runtime.kill(pid);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void concurrentRegistrationsOfOneProcessUnderDifferentNamesHaveExactlyOneWinner() throws Exception {
        // "A process holds at most one name": threads racing to give one process different names. A stress
        // test: when the registry is correct it passes every time; with the race it fails with high probability.
        int contenders = 4;
        long budget = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 500 || System.nanoTime() - budget < 0; round++) {
                ProcessRef pid = idle();
                CyclicBarrier start = new CyclicBarrier(contenders);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    String name = "n" + i + "-" + round;
                    outcomes.add(pool.submit(() -> tryRegister(start, name, pid)));
                }
                int successes = 0;
                for (Future<Boolean> outcome : outcomes) {
                    successes += outcome.get(5, TimeUnit.SECONDS) ? 1 : 0;
                }
                List<String> namesHeld = runtime.registeredNames().stream()
                        .filter(n -> runtime.whereis(n).filter(pid::equals).isPresent()).toList();
                assertThat(successes).as("registrations of %s that succeeded in round %d (names held: %s)",
                        pid, round, namesHeld).isEqualTo(1);
                assertThat(namesHeld).as("names held by %s in round %d", pid, round).hasSize(1);
                runtime.kill(pid);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private boolean tryRegister(CyclicBarrier start, String name, ProcessRef pid) throws Exception {
        start.await();
        try {
            runtime.register(name, pid);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // "already registered as ..."
        }
    }
}
