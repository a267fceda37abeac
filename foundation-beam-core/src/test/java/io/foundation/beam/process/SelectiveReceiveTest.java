package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.RuntimeTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability 3: selective receive by type or predicate, with timeout; unmatched messages stay queued in order. */
class SelectiveReceiveTest extends RuntimeTestSupport {

    record Ping(int n) {
    }

    @Test
    void receiveByTypeLeavesOthersQueuedInOrder() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<List<Object>> order = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            queued.await();
            List<Object> got = new ArrayList<>();
            got.add(ctx.receive(Ping.class));
            got.add(ctx.receive(Integer.class));
            for (int i = 0; i < 3; i++) {
                got.add(ctx.receive());
            }
            order.complete(got);
        });
        pid.send("a");
        pid.send(1);
        pid.send("b");
        pid.send(new Ping(7));
        pid.send("c");
        queued.countDown();
        assertThat(order.get(5, TimeUnit.SECONDS)).containsExactly(new Ping(7), 1, "a", "b", "c");
    }

    @Test
    void receiveByPredicateWaitsForAMatchArrivingLater() throws Exception {
        CompletableFuture<Object> matched = new CompletableFuture<>();
        CompletableFuture<Object> next = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn(ctx -> {
            matched.complete(ctx.receive(m -> m instanceof String s && s.startsWith("x"), Duration.ofSeconds(5))
                    .orElseThrow());
            next.complete(ctx.receive());
        });
        pid.send("a");
        pid.send("b");
        pid.send("xyz");
        assertThat(matched.get(5, TimeUnit.SECONDS)).isEqualTo("xyz");
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void receiveTimesOutWithEmptyAndKeepsUnmatchedMessages() throws Exception {
        CompletableFuture<Optional<Ping>> timedOut = new CompletableFuture<>();
        CompletableFuture<Optional<Ping>> polled = new CompletableFuture<>();
        CompletableFuture<Object> kept = new CompletableFuture<>();
        CountDownLatch sent = new CountDownLatch(1);
        ProcessRef pid = runtime.spawn(ctx -> {
            sent.await();
            timedOut.complete(ctx.receive(Ping.class, Duration.ofMillis(50)));
            polled.complete(ctx.receive(Ping.class, Duration.ZERO));
            kept.complete(ctx.receive());
        });
        pid.send("not a ping");
        sent.countDown();
        assertThat(timedOut.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(polled.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(kept.get(5, TimeUnit.SECONDS)).isEqualTo("not a ping");
    }

    @Test
    void handlerSeesMessagesSkippedByASelectiveReceiveFirst() throws Exception {
        List<Object> handled = new ArrayList<>();
        CompletableFuture<List<Object>> done = new CompletableFuture<>();
        ProcessRef pid = runtime.spawn((m, ctx) -> {
            if (m.equals("wait-for-ping")) {
                Ping ping = ctx.receive(Ping.class, Duration.ofSeconds(5)).orElseThrow();
                handled.add(ping);
            } else {
                handled.add(m);
            }
            if (handled.size() == 4) {
                done.complete(List.copyOf(handled));
            }
            return null;
        });
        pid.send("wait-for-ping");
        pid.send("one");
        pid.send("two");
        pid.send(new Ping(1));
        pid.send("three");
        assertThat(done.get(5, TimeUnit.SECONDS)).containsExactly(new Ping(1), "one", "two", "three");
    }

    @Test
    void negativeTimeoutIsAnError() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        runtime.spawn(ctx -> {
            try {
                ctx.receive(Duration.ofMillis(-1));
            } catch (IllegalArgumentException e) {
                error.complete(e);
            }
        });
        assertThat(error.get(5, TimeUnit.SECONDS)).hasMessageContaining("negative");
    }
}
