package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.foundation.beam.RuntimeTestSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability 4: call with timeout, monitored (fails fast on a dead callee), calling-self guard; cast = send. */
class CallTest extends RuntimeTestSupport {

    @Test
    void handlerReturnValueIsTheReply() {
        ProcessRef adder = runtime.spawn((m, c) -> (Integer) m + 1);
        assertThat(runtime.call(adder, 41)).isEqualTo(42);
        assertThat(runtime.call(adder, 1, Duration.ofSeconds(1))).isEqualTo(2);
    }

    @Test
    void receiveLoopRepliesThroughTheCallRequest() throws Exception {
        ProcessRef pid = runtime.spawn(ctx -> {
            CallRequest request = ctx.receive(CallRequest.class);
            request.reply("got " + request.payload());
            CallRequest failing = ctx.receive(CallRequest.class);
            failing.fail(new IllegalArgumentException("bad request"));
            ctx.receive();
        });
        assertThat(runtime.call(pid, "x")).isEqualTo("got x");
        assertThatThrownBy(() -> runtime.call(pid, "y")).isInstanceOf(CallFailedException.class)
                .hasMessageContaining(pid.toString()).hasRootCauseMessage("bad request");
    }

    @Test
    void callBetweenProcessesBlocksOnlyTheCaller() throws Exception {
        ProcessRef server = runtime.spawn((m, c) -> "pong:" + m);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        runtime.spawn(ctx -> answer.complete(ctx.call(server, "ping")));
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("pong:ping");
    }

    @Test
    void callTimesOutWhenTheCalleeIsAliveButSilent() {
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef slow = runtime.spawn((m, c) -> {
            release.await();
            return "late";
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.call(slow, "q", Duration.ofMillis(100)))
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining(slow.toString()).hasMessageContaining("PT0.1S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        release.countDown();
    }

    @Test
    void callToADeadProcessFailsAtOnceWithTheExitReason() throws Exception {
        ProcessRef dead = runtime.spawn(ctx -> {
            throw new IllegalStateException("died early");
        });
        runtime.exitFuture(dead).get(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.call(dead, "q", Duration.ofSeconds(30)))
                .isInstanceOf(ProcessExitedException.class)
                .hasMessageContaining(dead.toString()).hasMessageContaining("died early");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void calleeDyingDuringTheCallFailsItAtOnceNotAfterTheTimeout() {
        ProcessRef crasher = runtime.spawn((m, c) -> {
            throw new IllegalStateException("cannot handle " + m);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> runtime.call(crasher, "q", Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(ProcessExitedException.class, e -> {
                    assertThat(e.process()).isEqualTo(crasher);
                    assertThat(e.reason()).isInstanceOf(ExitReason.Crashed.class);
                })
                .hasMessageContaining("cannot handle q");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void calleeKilledDuringTheCallFailsItAtOnce() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        ProcessRef stuck = runtime.spawn((m, c) -> {
            inside.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        CompletableFuture<Object> pending = runtime.callAsync(stuck, "q", Duration.ofSeconds(30));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.kill(stuck);
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ProcessExitedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
    }

    @Test
    void aProcessCallingItselfFailsImmediately() throws Exception {
        CompletableFuture<Throwable> viaContext = new CompletableFuture<>();
        CompletableFuture<Throwable> viaRuntime = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            try {
                ctx.call(ctx.self(), "me");
            } catch (CallingSelfException e) {
                viaContext.complete(e);
            }
            try {
                ctx.runtime().call(ctx.self(), "me", Duration.ofMinutes(1));
            } catch (CallingSelfException e) {
                viaRuntime.complete(e);
            }
        });
        assertThat(viaContext.get(1, TimeUnit.SECONDS)).hasMessageContaining("called itself");
        assertThat(viaRuntime.get(1, TimeUnit.SECONDS)).isInstanceOf(CallingSelfException.class);
    }

    @Test
    void callAsyncTimesOutWithoutBlocking() {
        ProcessRef silent = runtime.spawn(ctx -> ctx.receive("never"::equals, Duration.ofMinutes(1)));
        CompletableFuture<Object> f = runtime.callAsync(silent, "q", Duration.ofMillis(50));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(CallTimeoutException.class);
    }

    @Test
    void defaultTimeoutIsFiveSecondsAsInOtp() {
        assertThat(ProcessContext.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    }
}
