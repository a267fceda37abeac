package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.internal.mailbox.Mailbox;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * The process sizes behind {@code ProcessInfo.memoryBytes} are measured, not guessed: JOL must agree with {@link Footprint} (the mailbox's
 * are checked by {@code MailboxFootprintTest})
 * on this JVM (64-bit, compressed references, the default below 32 GB of heap).
 */
class FootprintTest {

    @Test
    void footprintConstantsMatchMeasuredLayouts() {
        assertThat(ClassLayout.parseClass(ProcessCell.class).instanceSize()).isEqualTo(Footprint.CELL);
        assertThat(ClassLayout.parseClass(HibernationClock.class).instanceSize()).isEqualTo(Footprint.HIBERNATION_CLOCK);
        assertThat(ClassLayout.parseClass(DropCounts.class).instanceSize()).isEqualTo(Footprint.DROP_COUNTS);
        assertThat(GraphLayout.parseInstance(ConcurrentHashMap.newKeySet(4)).totalSize()).isEqualTo(Footprint.SET);
    }

    @Test
    void compactSetCostsItsConstantsWithOneEntryAndWithMany() {
        CompactSet<Object> set = new CompactSet<>();
        assertThat(GraphLayout.parseInstance(set).totalSize()).isEqualTo(Footprint.COMPACT_SET);
        Object first = new Object();
        set.add(first);
        // The entry itself (a bare Object, 16 bytes) is the caller's; the set adds nothing for it.
        assertThat(GraphLayout.parseInstance(set).totalSize() - 16L).isEqualTo(Footprint.COMPACT_SET);
        set.add(new Object());
        assertThat(set.isMany()).isTrue();
        long withoutElements = GraphLayout.parseInstance(set).totalSize() - 2 * 16L;
        long estimate = Footprint.COMPACT_SET_MANY + Footprint.SET + 2 * Footprint.SET_ENTRY;
        assertThat(withoutElements).isBetween(estimate - 2 * 16L - 64L, estimate + 64L);
        // Made for many (a supervisor expecting its children): the holder's cost is exact.
        CompactSet<Object> presized = new CompactSet<>(4);
        assertThat(GraphLayout.parseInstance(presized).totalSize())
                .isEqualTo(Footprint.COMPACT_SET_MANY + Footprint.SET);
    }

    @Test
    void setEntryEstimateBoundsTheMeasuredCost() {
        for (int n : new int[] {1, 10, 100, 1000}) {
            var set = ConcurrentHashMap.<Object>newKeySet(4);
            Object[] elements = new Object[n];
            for (int i = 0; i < n; i++) {
                elements[i] = new Object();
                set.add(elements[i]);
            }
            // Each element is a bare Object (16 bytes): what remains is the set's own cost.
            long withoutElements = GraphLayout.parseInstance(set).totalSize() - n * 16L;
            long estimate = Footprint.SET + n * Footprint.SET_ENTRY;
            assertThat(withoutElements).as("set of %d entries", n)
                    .isBetween(estimate - n * 16L - 64L, estimate + 64L);
        }
    }

    /** The mailbox's part, measured by {@code MailboxFootprintTest}. */
    private static long mailboxAfterFirstMessage() {
        Mailbox mailbox = Mailbox.create(MailboxSpec.unbounded(), m -> { });
        mailbox.offer("first", () -> false);
        mailbox.poll();
        return mailbox.footprintBytes();
    }

    @Test
    void memoryFigureOfAnIdleProcessIsTheMeasuredBookkeeping() throws Exception {
        try (BeamRuntime runtime = BeamRuntime.create()) {
            java.util.concurrent.CountDownLatch handled = new java.util.concurrent.CountDownLatch(1);
            ProcessRef pid = runtime.spawn((m, c) -> {
                handled.countDown();
                return null;
            });
            // Never sent anything: no mailbox yet.
            assertThat(runtime.info(pid).orElseThrow().memoryBytes()).isEqualTo(Footprint.CELL);
            pid.send("first");
            handled.await();
            // Created by that send, with the chunk its first message was stored in.
            assertThat(runtime.info(pid).orElseThrow().memoryBytes())
                    .isEqualTo(Footprint.CELL + mailboxAfterFirstMessage());
            assertThat(runtime.info(pid).orElseThrow().messagesProcessed()).isEqualTo(1);
            ProcessRef ring = runtime.spawn((m, c) -> null,
                    SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(8, OverflowPolicy.DROP_OLDEST)));
            assertThat(runtime.info(ring).orElseThrow().memoryBytes()).isEqualTo(Footprint.CELL);
            ring.send("first");
            assertThat(runtime.info(ring).orElseThrow().memoryBytes())
                    .isGreaterThan(Footprint.CELL);
            // A hibernating process carries its clock; a process whose mailbox refused a message, its counts.
            ProcessRef sleepy = runtime.spawn((m, c) -> null,
                    SpawnOptions.defaults().withHibernateAfter(java.time.Duration.ofHours(1)));
            assertThat(runtime.info(sleepy).orElseThrow().memoryBytes())
                    .isEqualTo(Footprint.CELL + Footprint.HIBERNATION_CLOCK);
            java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            ProcessRef full = runtime.spawn((m, c) -> {
                if (m.equals("block")) {
                    taken.countDown();
                    release.await();
                }
                return null;
            }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(1, OverflowPolicy.REJECT)));
            full.send("block");
            taken.await();
            assertThat(full.trySend("kept")).isEqualTo(io.foundation.beam.mailbox.SendResult.ACCEPTED);
            assertThat(full.trySend("refused")).isEqualTo(io.foundation.beam.mailbox.SendResult.MAILBOX_FULL);
            var info = runtime.info(full).orElseThrow();
            assertThat(info.messagesRejected()).isEqualTo(1);
            assertThat(info.memoryBytes()).isGreaterThanOrEqualTo(Footprint.CELL + Footprint.DROP_COUNTS);
            release.countDown();
        }
    }
}
