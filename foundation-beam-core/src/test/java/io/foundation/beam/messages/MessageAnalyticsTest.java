package io.foundation.beam.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

class MessageAnalyticsTest {

    /** A 10-field record like the benchmarks' complex message. */
    record Order(long id, String customer, List<Integer> quantities, int a, int b, int c, double price, long time,
            boolean urgent, String note) {
    }

    private BeamRuntime runtime;

    @BeforeEach
    void start() {
        runtime = BeamRuntime.builder().name("analytics").build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void countsSizesAndWaitsMatchWhatWasSent() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ProcessRef p = runtime.spawn((m, c) -> {
            if ("block".equals(m)) {
                entered.countDown();
                release.await();
            }
            handled.incrementAndGet();
            return null;
        }, SpawnOptions.defaults().withAnalytics(true));
        p.send("block");
        entered.await();
        long expectedBytes = MessageSizes.estimate("block");
        List<Object> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add("ten chars!");
        }
        Binary big = Binary.adopt(new byte[10_000]);
        for (int i = 0; i < 50; i++) {
            sent.add(big);
        }
        for (Object m : sent) {
            p.send(m);
            expectedBytes += MessageSizes.estimate(m);
        }
        p.trySend("urgent", Priority.HIGH);
        expectedBytes += MessageSizes.estimate("urgent");
        FlowChannel channel = runtime.openFlow(p, FlowControl.defaults());
        channel.send("via flow");
        expectedBytes += MessageSizes.estimate("via flow");
        long lastSent = System.nanoTime();
        // Let the queue wait be at least a millisecond, so that the bounds below are not a few nanoseconds.
        while (System.nanoTime() - lastSent < 1_000_000L) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
        }
        // Read before the release: the receiver may take (and time) every message before this thread runs again
        // after countDown(), so a time read after it is no lower bound of any wait.
        long beforeRelease = System.nanoTime();
        release.countDown();
        await().until(() -> handled.get() == 153);

        MessageStats stats = runtime.messageStats(p).orElseThrow();
        assertThat(stats.messages()).isEqualTo(153);
        assertThat(stats.estimatedBytes()).isEqualTo(expectedBytes);
        // Strings of up to 10 characters (56 bytes) in the first bucket; the 10 000-byte binaries in the <= 16 KiB one.
        assertThat(stats.sizeHistogram().get(0)).isEqualTo(103);
        assertThat(stats.sizeHistogram().get(MessageStats.SIZE_BOUNDS.indexOf(16_384L))).isEqualTo(50);
        assertThat(stats.sizeHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(153);
        assertThat(stats.waitHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(153);
        // The 152 messages behind "block" were all stamped before lastSent and taken after the release began.
        assertThat(stats.maxQueueWait().toNanos()).isGreaterThanOrEqualTo(beforeRelease - lastSent);
        assertThat(stats.totalQueueWait().toNanos()).isGreaterThanOrEqualTo(152 * (beforeRelease - lastSent));
        assertThat(stats.meanQueueWait()).isEqualTo(stats.totalQueueWait().dividedBy(153));
        assertThat(stats.messagesPerSecond()).isPositive();
        assertThat(stats.meanBytes()).isCloseTo((double) expectedBytes / 153, within(1e-9));
    }

    @Test
    void processesWithoutAnalyticsReportNoneAndEcosystemSumsAddUp() {
        ProcessRef plain = runtime.spawn((m, c) -> null);
        assertThat(runtime.messageStats(plain)).isEmpty();

        AtomicInteger handled = new AtomicInteger();
        ProcessRef a = runtime.spawn((m, c) -> handled.incrementAndGet(), SpawnOptions.defaults().withAnalytics(true));
        ProcessRef b = runtime.spawn(ctx -> {
            ctx.receive(Integer.class); // a selective receive takes the Integer first
            ctx.receive();
            handled.incrementAndGet();
            handled.incrementAndGet();
        }, SpawnOptions.defaults().withAnalytics(true));
        a.send("x");
        b.send("y");
        b.send(1000);
        await().until(() -> handled.get() == 3);
        MessageStats sa = runtime.messageStats(a).orElseThrow();
        MessageStats sb = runtime.messageStats(b).orElseThrow();
        assertThat(sb.messages()).isEqualTo(2);
        MessageStats sum = MessageStats.empty().plus(sa).plus(sb);
        assertThat(sum.messages()).isEqualTo(3);
        assertThat(sum.estimatedBytes()).isEqualTo(sa.estimatedBytes() + sb.estimatedBytes());
        assertThat(sum.maxQueueWait()).isEqualTo(
                sa.maxQueueWait().compareTo(sb.maxQueueWait()) >= 0 ? sa.maxQueueWait() : sb.maxQueueWait());
        assertThat(sum.firstMessageNanos()).isEqualTo(Math.min(sa.firstMessageNanos(), sb.firstMessageNanos()));
        await().until(() -> !b.isAlive());
        assertThat(runtime.messageStats(b)).as("kept after the process ended").contains(sb);
    }

    @Test
    void sizeEstimatesFollowTheMeasuredLayoutOfCommonMessages() {
        List<Integer> quantities = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            quantities.add(1000 + i); // above the Integer cache, so each is its own object
        }
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            map.put("key-" + i, 5000 + i);
        }
        Object[] messages = {
            "a short string", "x".repeat(1000), new byte[5000], Binary.adopt(new byte[5000]), quantities, map,
            new Order(1, "customer-0001", quantities, 1, 2, 3, 9.5, 42L, true, "fragile"), new long[100],
        };
        for (Object m : messages) {
            long measured = GraphLayout.parseInstance(m).totalSize();
            assertThat((double) MessageSizes.estimate(m)).as("estimate of %s (JOL: %d bytes)", m.getClass(), measured)
                    .isBetween(measured * 0.75, measured * 1.25);
        }
        assertThat(MessageSizes.estimate(null)).isZero();
    }

    @Test
    void queueWaitIsNotCountedForMessagesTakenWithoutWaitingLong() {
        AtomicInteger handled = new AtomicInteger();
        ProcessRef p = runtime.spawn((m, c) -> handled.incrementAndGet(), SpawnOptions.defaults().withAnalytics(true));
        long before = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            p.send(i + 1000);
        }
        await().until(() -> handled.get() == 1000);
        long elapsed = System.nanoTime() - before;
        MessageStats stats = runtime.messageStats(p).orElseThrow();
        assertThat(stats.messages()).isEqualTo(1000);
        assertThat(stats.maxQueueWait()).isLessThanOrEqualTo(Duration.ofNanos(elapsed));
    }
}
