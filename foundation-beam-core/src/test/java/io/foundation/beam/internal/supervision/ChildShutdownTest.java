package io.foundation.beam.internal.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.Signal;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.supervision.ShutdownPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One child stopped per its {@link ShutdownPolicy}, from a process that traps exits and is linked to it, as a
 * supervisor is (OTP's {@code shutdown/2}).
 */
class ChildShutdownTest extends RuntimeTestSupport {

    private static final SpawnOptions TRAPS_EXITS = SpawnOptions.defaults().withTrapExits(true);

    /** What the stopping process saw. */
    private record Stopped(ProcessRef child, Optional<Object> leftQueued, boolean exitSignalLeft) {
    }

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Stopped> stopped = new CompletableFuture<>();

    /**
     * Spawns a "supervisor" that links to a child, queues a message of its own, stops the child with
     * {@code policy}, then reports what is left in its mailbox.
     */
    private void stopChild(ProcessBody child, SpawnOptions childOptions, ShutdownPolicy policy) {
        runtime.spawn(ctx -> {
            ProcessRef pid = ctx.spawnLink(child, childOptions);
            ctx.self().send("unrelated");
            ChildShutdown.stop(pid, policy, ctx);
            boolean exitLeft = ctx.receive(m -> m instanceof Signal.Exit x && x.from().equals(pid), Duration.ZERO)
                    .isPresent();
            stopped.complete(new Stopped(pid, ctx.receive(Duration.ZERO), exitLeft));
        }, TRAPS_EXITS);
    }

    /** A child that traps exits and journals the exit signals it gets, ending only when told by {@code done}. */
    private ProcessBody stubborn(CountDownLatch done) {
        return ctx -> {
            while (true) {
                Object m = ctx.receive();
                if (m instanceof Signal.Exit x) {
                    journal.add("got " + x.reason());
                    if (done.await(30, TimeUnit.SECONDS)) {
                        ctx.exit(x.reason());
                    }
                }
            }
        };
    }

    private Stopped awaitStopped() throws Exception {
        Stopped s = stopped.get(10, TimeUnit.SECONDS);
        assertThat(s.exitSignalLeft()).as("the child's exit signal is consumed").isFalse();
        assertThat(s.leftQueued()).as("other messages stay queued").contains("unrelated");
        return s;
    }

    @Test
    void brutalKillKillsAtOnceWithoutAShutdownSignal() throws Exception {
        stopChild(stubborn(new CountDownLatch(0)), TRAPS_EXITS, ShutdownPolicy.brutalKill());
        Stopped s = awaitStopped();
        assertThat(s.child().exitReason()).contains(ExitReason.KILLED);
        assertThat(journal).isEmpty();
    }

    @Test
    void timeoutSendsShutdownAndAChildThatEndsInTimeIsNotKilled() throws Exception {
        stopChild(ctx -> ctx.receive(), SpawnOptions.defaults(), ShutdownPolicy.timeout(Duration.ofMinutes(1)));
        Stopped s = awaitStopped(); // well before the minute
        assertThat(s.child().exitReason()).contains(ExitReason.SHUTDOWN);
    }

    @Test
    void timeoutKillsAChildThatOverstaysIt() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        stopChild(stubborn(never), TRAPS_EXITS, ShutdownPolicy.timeout(Duration.ofMillis(100)));
        Stopped s = awaitStopped();
        assertThat(journal).containsExactly("got " + ExitReason.SHUTDOWN);
        assertThat(s.child().exitReason()).contains(ExitReason.KILLED);
        never.countDown();
    }

    @Test
    void infinityWaitsForTheChildToEndByItself() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        stopChild(stubborn(release), TRAPS_EXITS, ShutdownPolicy.infinity());
        await().until(() -> journal.contains("got " + ExitReason.SHUTDOWN));
        // The child has the shutdown signal and holds on: the stop waits (no kill after any timeout).
        assertThat(stopped).isNotDone();
        release.countDown();
        Stopped s = awaitStopped();
        assertThat(s.child().exitReason()).contains(ExitReason.SHUTDOWN);
    }
}
