package io.foundation.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * The sizes behind {@code ProcessInfo.memoryBytes} are measured, not guessed: JOL must agree with {@link Footprint}
 * on this JVM (64-bit, compressed references, the default below 32 GB of heap).
 */
class FootprintTest {

    @Test
    void footprintConstantsMatchMeasuredLayouts() {
        assertThat(ClassLayout.parseClass(ProcessCell.class).instanceSize()).isEqualTo(Footprint.CELL);
        assertThat(ClassLayout.parseClass(ChunkedMailbox.class).instanceSize()).isEqualTo(Footprint.CHUNKED_MAILBOX);
        assertThat(ClassLayout.parseClass(MailboxChunk.class).instanceSize()).isEqualTo(Footprint.CHUNK);
        for (int slots : new int[] {1, 16, 17, 1024}) {
            MailboxChunk chunk = new MailboxChunk(0L, new Object[slots], null);
            assertThat(GraphLayout.parseInstance(chunk).totalSize()).as("chunk of %d", slots)
                    .isEqualTo(Footprint.chunk(slots));
        }
        // A fresh mailbox, minus the shared constants it refers to (its policy and the empty slot array).
        ChunkedMailbox fresh = new ChunkedMailbox(MailboxSpec.unbounded());
        assertThat(GraphLayout.parseInstance(fresh).subtract(GraphLayout.parseInstance(fresh.policy(), MailboxChunk.NO_SLOTS)).totalSize())
                .isEqualTo(Footprint.CHUNKED_MAILBOX + Footprint.chunk(0));
        ReentrantLock lock = new ReentrantLock();
        assertThat(GraphLayout.parseInstance(lock).totalSize()).isEqualTo(Footprint.LOCK);
        assertThat(GraphLayout.parseInstance(lock, lock.newCondition()).totalSize())
                .isEqualTo(Footprint.LOCK_AND_CONDITION);
        RingMailbox ring = new RingMailbox(4, m -> { });
        assertThat(GraphLayout.parseInstance(ring).totalSize()).isEqualTo(Footprint.RING_MAILBOX + Footprint.LOCK);
        assertThat(GraphLayout.parseInstance(ConcurrentHashMap.newKeySet(4)).totalSize()).isEqualTo(Footprint.SET);
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
                    .isEqualTo(Footprint.CELL + Footprint.CHUNKED_MAILBOX + Footprint.chunk(ChunkedMailbox.MIN_CHUNK));
            assertThat(runtime.info(pid).orElseThrow().messagesProcessed()).isEqualTo(1);
            ProcessRef ring = runtime.spawn((m, c) -> null,
                    SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(8, OverflowPolicy.DROP_OLDEST)));
            assertThat(runtime.info(ring).orElseThrow().memoryBytes()).isEqualTo(Footprint.CELL);
            ring.send("first");
            assertThat(runtime.info(ring).orElseThrow().memoryBytes())
                    .isGreaterThanOrEqualTo(Footprint.CELL + Footprint.RING_MAILBOX + Footprint.LOCK);
        }
    }
}
