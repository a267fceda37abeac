package io.foundation.beam.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.ManualTicker;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Batched credit returns and the adaptive limit of a flow channel. */
class FlowCreditReturnTest {

    private final ManualTicker ticker = new ManualTicker();
    private BeamRuntime runtime;

    @BeforeEach
    void start() {
        runtime = BeamRuntime.builder().name("credits").ticker(ticker).build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** A handler that takes one permit per message before handling it: the test lets it go message by message. */
    private ProcessRef gatedConsumer(Semaphore permits, AtomicInteger handled) {
        return runtime.spawn((m, c) -> {
            permits.acquire();
            handled.incrementAndGet();
            return null;
        });
    }

    @RepeatedTest(3)
    void creditsOfFewerMessagesThanABatchComeBackWhenTheHandlerGoesIdle() {
        AtomicInteger handled = new AtomicInteger();
        ProcessRef consumer = runtime.spawn((m, c) -> {
            handled.incrementAndGet();
            return null;
        });
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(64)); // batch of 8
        for (int i = 0; i < 5; i++) {
            assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == 64);
        assertThat(channel.stats().inFlight()).isZero();
    }

    @RepeatedTest(3)
    void creditsComeBackWhenAReceiveLoopWaitsForMore() {
        AtomicInteger received = new AtomicInteger();
        ProcessRef consumer = runtime.spawn(ctx -> {
            for (;;) {
                ctx.receive();
                received.incrementAndGet();
            }
        });
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(64));
        for (int i = 0; i < 3; i++) {
            channel.send(i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == 64);
    }

    @RepeatedTest(3)
    void aBusyReceiverNeverReturnsMoreCreditsThanItTookAndHoldsBackLessThanABatch() {
        Semaphore permits = new Semaphore(0);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef consumer = gatedConsumer(permits, handled);
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(64));
        for (int i = 0; i < 64; i++) {
            assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
        }
        assertThat(channel.trySend("one too many")).isEqualTo(FlowResult.BACKPRESSURE);
        // The consumer is in its first message: none returned yet.
        assertThat(channel.credits()).isZero();
        permits.release(20); // it finishes 20 and takes the 21st, still with a backlog behind it
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() >= 21 - 7);
        // taken: 21 (the 21st is in the handler); returned in batches of 8: 16, never more than taken
        assertThat(channel.credits()).isBetween(21 - 7, 21);
        permits.release(44);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 64);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == 64);
        assertThat(channel.stats().accepted()).isEqualTo(64);
        assertThat(channel.stats().refused()).isEqualTo(1);
    }

    @Test
    void aWindowBelowEightReturnsEveryCreditAtOnce() {
        Semaphore permits = new Semaphore(0);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef consumer = gatedConsumer(permits, handled);
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(4));
        for (int i = 0; i < 4; i++) {
            channel.trySend(i);
        }
        permits.release(1); // finishes the first, takes the second: two taken, two credits back
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == 2);
        permits.release(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == 4);
    }

    @RepeatedTest(3)
    void theAdaptiveLimitShrinksWhileMessagesWaitLongerThanTheTargetAndGrowsBackWhenTheyDoNot() {
        Semaphore permits = new Semaphore(0);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef consumer = gatedConsumer(permits, handled);
        FlowChannel channel = runtime.openFlow(consumer,
                FlowControl.defaults().withWindow(64).adaptive(Duration.ofMillis(1)));
        assertThat(channel.limit()).isEqualTo(64);
        for (int i = 0; i < 64; i++) {
            assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
        }
        // Every message has now waited 10 ms in the mailbox when the consumer takes it: ten times the target.
        ticker.advance(Duration.ofMillis(10));
        permits.release(64);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 64);
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == channel.limit());
        // Periods of half the limit: 32 messages (64 -> 48), then 24 (48 -> 36); the last 8 finish no period.
        assertThat(channel.limit()).isEqualTo(36);
        assertThat(channel.stats().limitChanges()).isEqualTo(2);
        // Senders get only the lowered limit.
        for (int i = 0; i < 36; i++) {
            assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
        }
        assertThat(channel.trySend("over the limit")).isEqualTo(FlowResult.BACKPRESSURE);
        // These waited no time; but the first period of 18 still holds the last 8 slow ones of before (mean 4.4 ms):
        // 36 -> 27; then 13 fast ones: 27 -> 30.
        permits.release(36);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handled.get()).isEqualTo(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == channel.limit());
        assertThat(channel.limit()).isEqualTo(30);
        // Fast messages keep it growing, by an eighth per period, up to the window and never above.
        for (int round = 0; round < 10; round++) {
            int n = channel.limit();
            for (int i = 0; i < n; i++) {
                assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
            }
            int target = handled.get() + n;
            permits.release(n);
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == target);
            await().atMost(Duration.ofSeconds(5)).until(() -> channel.credits() == channel.limit());
        }
        assertThat(channel.limit()).isEqualTo(64);
    }

    @Test
    void aBlockingSendWaitsForTheLoweredLimitNotTheWindow() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        Semaphore permits = new Semaphore(0);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef consumer = runtime.spawn((m, c) -> {
            first.countDown();
            permits.acquire();
            handled.incrementAndGet();
            return null;
        });
        FlowChannel channel = runtime.openFlow(consumer,
                FlowControl.defaults().withWindow(2).adaptive(Duration.ofNanos(1)).withRetries(0, Duration.ZERO));
        channel.send("a");
        first.await();
        channel.send("b");
        ticker.advance(Duration.ofMillis(1)); // "b" will have waited 1 ms by the ticker when it is taken
        permits.release(1); // "a" done, "b" taken: its wait is above the target: the limit drops to 1
        await().atMost(Duration.ofSeconds(5)).until(() -> channel.limit() == 1);
        // "b" is in the handler, its credit back: one credit under the lowered limit, where the window had two.
        assertThat(channel.send("c")).isEqualTo(FlowResult.ACCEPTED);
        assertThatThrownBy(() -> channel.send("d")).isInstanceOf(BackpressureException.class);
        permits.release(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 3);
    }

    @Test
    void aTargetWaitMustBePositive() {
        assertThatThrownBy(() -> FlowControl.defaults().adaptive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetQueueWait");
        assertThatThrownBy(() -> FlowControl.defaults().adaptive(null)).isInstanceOf(NullPointerException.class);
    }
}
