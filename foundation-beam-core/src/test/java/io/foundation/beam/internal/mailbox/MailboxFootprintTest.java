package io.foundation.beam.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.mailbox.MailboxSpec;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * The mailbox sizes behind {@code ProcessInfo.memoryBytes} are measured, not guessed: JOL must agree with
 * {@link MailboxFootprint} on this JVM (64-bit, compressed references, the default below 32 GB of heap).
 */
class MailboxFootprintTest {

    @Test
    void footprintConstantsMatchMeasuredLayouts() {
        assertThat(ClassLayout.parseClass(ChunkedMailbox.class).instanceSize()).isEqualTo(MailboxFootprint.CHUNKED_MAILBOX);
        assertThat(ClassLayout.parseClass(MailboxChunk.class).instanceSize()).isEqualTo(MailboxFootprint.CHUNK);
        for (int slots : new int[] {1, 16, 17, 1024}) {
            MailboxChunk chunk = new MailboxChunk(0L, new Object[slots], null);
            assertThat(GraphLayout.parseInstance(chunk).totalSize()).as("chunk of %d", slots)
                    .isEqualTo(MailboxFootprint.chunk(slots));
        }
        // A fresh mailbox, minus the shared constants it refers to (its policy and the empty slot array).
        ChunkedMailbox fresh = new ChunkedMailbox(MailboxSpec.unbounded());
        assertThat(GraphLayout.parseInstance(fresh).subtract(GraphLayout.parseInstance(fresh.policy(), MailboxChunk.NO_SLOTS)).totalSize())
                .isEqualTo(MailboxFootprint.CHUNKED_MAILBOX + MailboxFootprint.chunk(0));
        ReentrantLock lock = new ReentrantLock();
        assertThat(GraphLayout.parseInstance(lock).totalSize()).isEqualTo(MailboxFootprint.LOCK);
        assertThat(GraphLayout.parseInstance(lock, lock.newCondition()).totalSize())
                .isEqualTo(MailboxFootprint.LOCK_AND_CONDITION);
        RingMailbox ring = new RingMailbox(4, m -> { });
        assertThat(GraphLayout.parseInstance(ring).totalSize()).isEqualTo(MailboxFootprint.RING_MAILBOX + MailboxFootprint.LOCK);
    }

    /** What a process's memory figure adds for a mailbox created by its first message (see FootprintTest). */
    @Test
    void aMailboxThatTookItsFirstMessageCostsItsStructureAndOneChunk() {
        Mailbox mailbox = Mailbox.create(MailboxSpec.unbounded(), m -> { });
        mailbox.offer("first", () -> false);
        mailbox.poll();
        assertThat(mailbox.footprintBytes())
                .isEqualTo(MailboxFootprint.CHUNKED_MAILBOX + MailboxFootprint.chunk(ChunkedMailbox.MIN_CHUNK));
    }
}
