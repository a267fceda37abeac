package io.foundation.beam.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.mailbox.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The chunked mailbox on its own: many senders racing across chunk boundaries, the consumer taking concurrently.
 * (Bounded policies and ordering through the public API are in {@code MailboxTest}.)
 */
class ChunkedMailboxTest {

    /** A message: which sender, and its sequence number. */
    record Seq(int sender, int n) {
    }

    @Test
    void tellsWhetherTwoMessagesAreReadyAcrossChunkBoundaries() {
        ChunkedMailbox mailbox = new ChunkedMailbox(MailboxSpec.unbounded());
        assertThat(mailbox.hasTwoReadyMessages()).isFalse();
        mailbox.offer("a", null); // the first chunk has no slots: "a" starts the next one
        assertThat(mailbox.hasTwoReadyMessages()).isFalse();
        mailbox.offer("b", null);
        assertThat(mailbox.hasTwoReadyMessages()).isTrue();
        assertThat(mailbox.poll()).isEqualTo("a");
        assertThat(mailbox.hasTwoReadyMessages()).isFalse();
        // The first real chunk holds indices 0 to MIN_CHUNK - 1 (the backlog was small when it was appended): fill it.
        for (int i = 2; i < ChunkedMailbox.MIN_CHUNK; i++) {
            mailbox.offer(i, null);
        }
        for (int i = 0; i < ChunkedMailbox.MIN_CHUNK - 2; i++) {
            assertThat(mailbox.poll()).isNotNull();
        }
        // One left, in the chunk's last slot.
        assertThat(mailbox.size()).isEqualTo(1);
        assertThat(mailbox.hasTwoReadyMessages()).isFalse();
        mailbox.offer("next chunk, slot 0", null);
        assertThat(mailbox.hasTwoReadyMessages()).as("the last slot of one chunk and the first of the next").isTrue();
        assertThat(mailbox.poll()).isEqualTo(ChunkedMailbox.MIN_CHUNK - 1);
        assertThat(mailbox.hasTwoReadyMessages()).as("one left, at the start of the next chunk").isFalse();
        mailbox.offer("next chunk, slot 1", null);
        assertThat(mailbox.hasTwoReadyMessages()).as("both in the next chunk, entered from the end of the last")
                .isTrue();
        assertThat(mailbox.poll()).isEqualTo("next chunk, slot 0");
        assertThat(mailbox.poll()).isEqualTo("next chunk, slot 1");
        assertThat(mailbox.hasTwoReadyMessages()).isFalse();
    }

    @RepeatedTest(20)
    void concurrentSendersLoseNothingAndKeepEachSendersOrder() throws Exception {
        int senders = 4;
        int perSender = 50_000;
        ChunkedMailbox mailbox = new ChunkedMailbox(MailboxSpec.unbounded());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            // Platform and virtual threads both: platform ones can be preempted between claim and store.
            Thread.Builder builder = s % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                awaitQuietly(start);
                for (int n = 0; n < perSender; n++) {
                    assertThat(mailbox.offer(new Seq(sender, n), null)).isEqualTo(SendResult.ACCEPTED);
                }
            }));
        }
        start.countDown();
        int[] next = new int[senders];
        int taken = 0;
        while (taken < senders * perSender) {
            Object m = mailbox.poll();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            Seq seq = (Seq) m;
            assertThat(seq.n()).as("sender %d's order", seq.sender()).isEqualTo(next[seq.sender()]);
            next[seq.sender()]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(mailbox.poll()).isNull();
        assertThat(mailbox.isEmpty()).isTrue();
        assertThat(mailbox.size()).isZero();
    }

    @Test
    void sizeIsExactWithoutWalkingAndChunksFollowTheBacklog() {
        ChunkedMailbox mailbox = new ChunkedMailbox(MailboxSpec.unbounded());
        assertThat(mailbox.footprintBytes()).isEqualTo(MailboxFootprint.CHUNKED_MAILBOX + MailboxFootprint.chunk(0));
        for (int i = 0; i < 10_000; i++) {
            mailbox.offer(i, null);
        }
        assertThat(mailbox.size()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(mailbox.poll()).isEqualTo(i);
        }
        // The backlog grew past the largest chunk size, so the consumer now sits in a large chunk...
        assertThat(mailbox.consumerChunk.slots.length).isEqualTo(ChunkedMailbox.MAX_CHUNK);
        // ...but once it keeps up, new chunks are small again.
        for (int i = 0; i < 3 * ChunkedMailbox.MAX_CHUNK; i++) {
            mailbox.offer(i, null);
            assertThat(mailbox.poll()).isEqualTo(i);
        }
        assertThat(mailbox.consumerChunk.slots.length).isEqualTo(ChunkedMailbox.MIN_CHUNK);
        assertThat(mailbox.footprintBytes())
                .isEqualTo(MailboxFootprint.CHUNKED_MAILBOX + MailboxFootprint.chunk(ChunkedMailbox.MIN_CHUNK));
        assertThat(mailbox.size()).isZero();
    }

    @Test
    void consumedChunksAreUnlinkedSoNoneKeepsALaterOneAlive() {
        ChunkedMailbox mailbox = new ChunkedMailbox(MailboxSpec.unbounded());
        MailboxChunk first = mailbox.consumerChunk;
        for (int i = 0; i < 100; i++) {
            mailbox.offer(i, null);
        }
        List<MailboxChunk> left = new ArrayList<>();
        MailboxChunk current = mailbox.consumerChunk;
        left.add(current);
        for (int i = 0; i < 100; i++) {
            mailbox.poll();
            if (mailbox.consumerChunk != current) {
                current = mailbox.consumerChunk;
                left.add(current);
                assertThat(current.prev).as("the chunk the consumer entered keeps no link back").isNull();
            }
        }
        assertThat(left).hasSizeGreaterThan(2).startsWith(first);
        for (MailboxChunk c : left.subList(0, left.size() - 1)) {
            assertThat(c.next).as("a chunk the consumer left keeps no link forward").isNull();
            for (Object slot : c.slots) {
                assertThat(slot).isNull();
            }
        }
    }

    @RepeatedTest(10)
    void boundedMailboxNeverHoldsMoreThanItsCapacityUnderRacingSenders() throws Exception {
        int capacity = 100;
        ChunkedMailbox mailbox = new ChunkedMailbox(MailboxSpec.bounded(capacity, OverflowPolicy.REJECT));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int s = 0; s < 4; s++) {
            Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 20_000; n++) {
                    if (mailbox.offer(n, null) == SendResult.ACCEPTED) {
                        accepted.incrementAndGet();
                    } else {
                        rejected.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        int taken = 0;
        while (done.getCount() > 0 || !mailbox.isEmpty()) {
            assertThat(mailbox.size()).isLessThanOrEqualTo(capacity);
            if (mailbox.poll() != null) {
                taken++;
            }
        }
        assertThat(taken).isEqualTo(accepted.get());
        assertThat(accepted.get() + rejected.get()).isEqualTo(80_000);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
