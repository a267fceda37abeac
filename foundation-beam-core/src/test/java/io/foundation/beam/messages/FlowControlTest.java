package io.foundation.beam.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class FlowControlTest {

    private final AtomicLong flowRefusals = new AtomicLong();
    private BeamRuntime runtime;

    @BeforeEach
    void start() {
        runtime = BeamRuntime.builder().name("flow").listener(e -> {
            if (e instanceof BeamEvent.FlowRefused) {
                flowRefusals.incrementAndGet();
            }
        }).build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    /** A consumer stuck in its first message ("block") until the latch opens; records what it gets. */
    private ProcessRef blockedConsumer(CountDownLatch entered, CountDownLatch release, List<Object> got,
            SpawnOptions options) throws InterruptedException {
        ProcessRef consumer = runtime.spawn((m, c) -> {
            if ("block".equals(m)) {
                entered.countDown();
                release.await();
            } else {
                got.add(m);
            }
            return null;
        }, options);
        consumer.send("block");
        entered.await();
        return consumer;
    }

    @RepeatedTest(3)
    void aProducerHundredsOfTimesFasterNeverGrowsTheConsumersMailboxBeyondTheWindow() {
        int window = 1000;
        int messages = 1_000_000;
        AtomicInteger received = new AtomicInteger();
        AtomicInteger longestMailbox = new AtomicInteger();
        ProcessRef[] self = new ProcessRef[1];
        ProcessRef consumer = runtime.spawn((m, c) -> {
            // ~20 µs of work per message: the sender's trySend costs well under 100 ns.
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (received.incrementAndGet() % 64 == 0) {
                int length = c.runtime().info(self[0]).orElseThrow().mailboxLength();
                longestMailbox.accumulateAndGet(length, Math::max);
            }
            return null;
        });
        self[0] = consumer;
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(window).dropping());
        int accepted = 0;
        int dropped = 0;
        int maxInFlight = 0;
        for (int i = 0; i < messages; i++) {
            FlowResult r = channel.trySend(i);
            if (r == FlowResult.ACCEPTED) {
                accepted++;
            } else {
                assertThat(r).isEqualTo(FlowResult.DROPPED);
                dropped++;
            }
            maxInFlight = Math.max(maxInFlight, window - channel.credits());
        }
        int acceptedTotal = accepted;
        await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == acceptedTotal);
        assertThat(accepted + dropped).isEqualTo(messages);
        assertThat(dropped).as("the consumer is far slower: most messages find no credit").isGreaterThan(messages / 2);
        assertThat(maxInFlight).isLessThanOrEqualTo(window);
        assertThat(longestMailbox.get()).isLessThanOrEqualTo(window);
        FlowStats stats = channel.stats();
        assertThat(stats.accepted()).isEqualTo(accepted);
        assertThat(stats.dropped()).isEqualTo(dropped);
        assertThat(stats.inFlight()).isZero();
        assertThat(channel.credits()).isEqualTo(window);
        // Every dropped message was reported to the runtime's listeners.
        long droppedTotal = dropped;
        await().until(() -> flowRefusals.get() == droppedTotal);
    }

    @Test
    void blockingSendRetriesWithDoublingWaitsThenSignalsBackpressureNamingTheReceiver() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef consumer = blockedConsumer(entered, release, got, SpawnOptions.defaults());
        FlowChannel channel = runtime.openFlow(consumer,
                FlowControl.defaults().withWindow(2).withRetries(3, Duration.ofMillis(1)));
        assertThat(channel.send("a")).isEqualTo(FlowResult.ACCEPTED);
        assertThat(channel.send("b")).isEqualTo(FlowResult.ACCEPTED);
        assertThatThrownBy(() -> channel.send("c")).isInstanceOfSatisfying(BackpressureException.class, e -> {
            assertThat(e.receiver()).isEqualTo(consumer);
            assertThat(e.window()).isEqualTo(2);
            assertThat(e.retries()).isEqualTo(3);
            // 1 + 2 + 4 ms of waiting at least
            assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(7));
            assertThat(e).hasMessageContaining(consumer.toString()).hasMessageContaining("REJECT");
        });
        assertThat(channel.stats().retries()).isEqualTo(3);
        assertThat(channel.stats().refused()).isEqualTo(1);
        release.countDown();
        // Credits come back as the consumer takes the messages (this channel's sends wait 7 ms at most, which a
        // loaded machine may not give the consumer: wait for a credit first; the waking of a waiting send by a
        // returning credit is aWaitingSendIsWokenByTheReturningCreditRatherThanRetryingToTheEnd's).
        await().until(() -> channel.credits() > 0);
        assertThat(channel.send("d")).isEqualTo(FlowResult.ACCEPTED);
        await().until(() -> got.size() == 3);
        assertThat(got).containsExactly("a", "b", "d");
        await().until(() -> channel.credits() == 2);
    }

    @Test
    void aWaitingSendIsWokenByTheReturningCreditRatherThanRetryingToTheEnd() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef consumer = blockedConsumer(entered, release, got, SpawnOptions.defaults());
        FlowChannel channel = runtime.openFlow(consumer,
                FlowControl.defaults().withWindow(1).withRetries(1, Duration.ofSeconds(30)));
        assertThat(channel.trySend("a")).isEqualTo(FlowResult.ACCEPTED);
        Thread opener = Thread.ofVirtual().start(() -> {
            await().until(() -> channel.stats().retries() == 1);
            release.countDown();
        });
        long t0 = System.nanoTime();
        assertThat(channel.send("b")).isEqualTo(FlowResult.ACCEPTED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        opener.join();
        await().until(() -> got.size() == 2);
        assertThat(got).containsExactly("a", "b");
    }

    @Test
    void queueStrategyHoldsMessagesInOrderUpToItsLimitAndDeliversThemAsCreditsReturn() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef consumer = blockedConsumer(entered, release, got, SpawnOptions.defaults());
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(2).queueing(3));
        List<FlowResult> results = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            results.add(channel.trySend("m" + i));
        }
        assertThat(results).containsExactly(FlowResult.ACCEPTED, FlowResult.ACCEPTED, FlowResult.QUEUED,
                FlowResult.QUEUED, FlowResult.QUEUED, FlowResult.BACKPRESSURE);
        assertThat(channel.stats().waiting()).isEqualTo(3);
        assertThat(runtime.info(consumer).orElseThrow().mailboxLength()).isEqualTo(2);
        release.countDown();
        await().until(() -> got.size() == 5);
        assertThat(got).containsExactly("m1", "m2", "m3", "m4", "m5");
        FlowStats stats = channel.stats();
        assertThat(stats.accepted()).isEqualTo(2);
        assertThat(stats.queued()).isEqualTo(3);
        assertThat(stats.refused()).isEqualTo(1);
        assertThat(stats.waiting()).isZero();
        assertThat(flowRefusals.get()).isEqualTo(1);
    }

    @Test
    void redirectStrategySendsToAnAlternateWithCredit() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> mainGot = new CopyOnWriteArrayList<>();
        ProcessRef main = blockedConsumer(entered, release, mainGot, SpawnOptions.defaults());
        List<Object> altGot = new CopyOnWriteArrayList<>();
        ProcessRef alternate = runtime.spawn((m, c) -> {
            altGot.add(m);
            return null;
        });
        FlowChannel channel = runtime.openFlow(main, FlowControl.defaults().withWindow(1)
                .withRetries(0, Duration.ZERO).redirectingTo(List.of(alternate)));
        assertThat(channel.send("first")).isEqualTo(FlowResult.ACCEPTED);
        assertThat(channel.send("second")).isEqualTo(FlowResult.REDIRECTED);
        await().until(() -> altGot.size() == 1);
        assertThat(altGot).containsExactly("second");
        assertThat(channel.stats().redirected()).isEqualTo(1);
        release.countDown();
        await().until(() -> mainGot.size() == 1);
        assertThat(mainGot).containsExactly("first");
    }

    @Test
    void aDeadReceiverIsReportedNotWaitedFor() {
        ProcessRef consumer = runtime.spawn((m, c) -> null);
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults());
        runtime.kill(consumer);
        await().until(() -> !consumer.isAlive());
        assertThat(channel.trySend("x")).isEqualTo(FlowResult.NO_SUCH_PROCESS);
        assertThatThrownBy(() -> channel.send("x")).isInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining(consumer.toString()).hasMessageContaining("killed");
    }

    @Test
    void selectiveReceiveSeesThePlainMessageAndReturnsTheCreditWhenItTakesIt() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> order = new CopyOnWriteArrayList<>();
        ProcessRef consumer = runtime.spawn(ctx -> {
            go.await();
            order.add(ctx.receive(Integer.class)); // skips the strings
            order.add(ctx.receive());
            order.add(ctx.receive());
        });
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(3));
        channel.trySend("s1");
        channel.trySend("s2");
        channel.trySend(42);
        assertThat(channel.credits()).isZero();
        go.countDown();
        await().until(() -> order.size() == 3);
        assertThat(order).containsExactly(42, "s1", "s2");
        assertThat(channel.credits()).isEqualTo(3);
    }

    @Test
    void anIsolatedHeapReceiverGetsACopyThroughTheChannelToo() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef consumer = runtime.spawn((m, c) -> {
            got.add(m);
            return null;
        }, SpawnOptions.defaults().withIsolatedHeap(true));
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults());
        List<Integer> mutable = new ArrayList<>(List.of(1, 2, 3));
        channel.send(mutable);
        await().until(() -> got.size() == 1);
        assertThat(got.get(0)).isEqualTo(mutable).isNotSameAs(mutable);
    }

    @Test
    void aMessagePushedOutOfADropOldestMailboxGivesItsCreditBack() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef consumer = blockedConsumer(entered, release, got,
                SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(2, OverflowPolicy.DROP_OLDEST)));
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults().withWindow(10));
        for (int i = 0; i < 5; i++) {
            assertThat(channel.trySend(i)).isEqualTo(FlowResult.ACCEPTED);
        }
        assertThat(channel.credits()).isEqualTo(8);
        release.countDown();
        await().until(() -> got.size() == 2);
        assertThat(got).containsExactly(3, 4);
        await().until(() -> channel.credits() == 10);
    }

    @Test
    void badSettingsAreRefusedWithClearMessages() {
        assertThatThrownBy(() -> FlowControl.defaults().withWindow(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> FlowControl.defaults().withRetries(-1, Duration.ZERO))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> FlowControl.defaults().redirectingTo(List.of()))
                .hasMessageContaining("REDIRECT");
        assertThatThrownBy(() -> FlowControl.defaults().queueing(0)).hasMessageContaining("queueLimit");
        ProcessRef consumer = runtime.spawn((m, c) -> null);
        FlowChannel channel = runtime.openFlow(consumer, FlowControl.defaults());
        assertThatThrownBy(() -> channel.trySend(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
        try (BeamRuntime other = BeamRuntime.builder().name("other").build()) {
            assertThatThrownBy(() -> other.openFlow(consumer, FlowControl.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
        }
    }
}
