package io.foundation.beam.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.RuntimeTestSupport;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Capability 2: asynchronous send, trySend results, bounded mailboxes and their overflow policies, ordering. */
class MailboxTest extends RuntimeTestSupport {

    /** A handler that blocks on {@code gate} for its first message, then records everything. */
    private ProcessRef gated(CountDownLatch entered, CountDownLatch gate, List<Object> seen, MailboxSpec spec) {
        return runtime.spawn((m, c) -> {
            if (entered.getCount() > 0) {
                entered.countDown();
                gate.await();
            }
            seen.add(m);
            return null;
        }, SpawnOptions.defaults().withMailbox(spec));
    }

    @Test
    void orderFromOneSenderToOneReceiverIsPreservedUnderConcurrency() throws Exception {
        int senders = 8;
        int perSender = 20_000;
        Map<Integer, List<Integer>> bySender = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(senders * perSender);
        ProcessRef sink = runtime.spawn((m, c) -> {
            int[] pair = (int[]) m;
            bySender.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
            done.countDown();
            return null;
        });
        for (int s = 0; s < senders; s++) {
            int sender = s;
            runtime.spawn(ctx -> {
                for (int i = 0; i < perSender; i++) {
                    sink.send(new int[] {sender, i});
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        for (int s = 0; s < senders; s++) {
            List<Integer> got = bySender.get(s);
            assertThat(got).hasSize(perSender);
            for (int i = 0; i < perSender; i++) {
                assertThat(got.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void rejectPolicyRefusesWhenFullAndCountsIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        ProcessRef pid = gated(entered, gate, seen, MailboxSpec.bounded(2, OverflowPolicy.REJECT));
        pid.send("busy");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pid.trySend(1)).isEqualTo(SendResult.ACCEPTED);
        assertThat(pid.trySend(2)).isEqualTo(SendResult.ACCEPTED);
        assertThat(pid.trySend(3)).isEqualTo(SendResult.MAILBOX_FULL);
        assertThatThrownBy(() -> pid.send(4)).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining(pid.toString()).hasMessageContaining("capacity 2");
        assertThat(runtime.info(pid).orElseThrow().messagesRejected()).isEqualTo(2);
        assertThat(events(BeamEvent.MessageRejected.class)).hasSize(2);
        gate.countDown();
        await().until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("busy", 1, 2);
    }

    @Test
    void dropNewestKeepsTheQueueAndDropsTheNewMessage() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        ProcessRef pid = gated(entered, gate, seen, MailboxSpec.bounded(2, OverflowPolicy.DROP_NEWEST));
        pid.send("busy");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        pid.send(1);
        pid.send(2);
        assertThat(pid.trySend(3)).isEqualTo(SendResult.DROPPED_NEWEST);
        pid.send(4); // does not throw: dropping is the chosen policy, and it is counted
        assertThat(runtime.info(pid).orElseThrow().messagesDropped()).isEqualTo(2);
        assertThat(events(BeamEvent.MessageDropped.class)).extracting(BeamEvent.MessageDropped::messageType)
                .containsExactly(Integer.class, Integer.class);
        gate.countDown();
        await().until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("busy", 1, 2);
    }

    @Test
    void dropOldestMakesRoomForTheNewMessage() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        ProcessRef pid = gated(entered, gate, seen, MailboxSpec.bounded(2, OverflowPolicy.DROP_OLDEST));
        pid.send("busy");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        pid.send(1);
        pid.send(2);
        assertThat(pid.trySend(3)).isEqualTo(SendResult.DROPPED_OLDEST);
        assertThat(pid.trySend(4)).isEqualTo(SendResult.DROPPED_OLDEST);
        assertThat(runtime.info(pid).orElseThrow().messagesDropped()).isEqualTo(2);
        assertThat(runtime.info(pid).orElseThrow().mailboxLength()).isEqualTo(2);
        gate.countDown();
        await().until(() -> seen.size() == 3);
        assertThat(seen).containsExactly("busy", 3, 4);
    }

    @Test
    void blockSenderWaitsForRoomThenTimesOut() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        ProcessRef pid = gated(entered, gate, seen, MailboxSpec.blocking(1, Duration.ofMillis(100)));
        pid.send("busy");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        pid.send(1);
        long start = System.nanoTime();
        assertThat(pid.trySend(2)).isEqualTo(SendResult.MAILBOX_FULL);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(runtime.info(pid).orElseThrow().messagesRejected()).isEqualTo(1);

        // A blocked sender proceeds as soon as the receiver makes room.
        ProcessRef roomy = gated(new CountDownLatch(1), new CountDownLatch(0), seen,
                MailboxSpec.blocking(1, Duration.ofSeconds(30)));
        CountDownLatch sent = new CountDownLatch(1000);
        runtime.spawn(ctx -> {
            for (int i = 0; i < 1000; i++) {
                roomy.send(i);
                sent.countDown();
            }
        });
        assertThat(sent.await(20, TimeUnit.SECONDS)).isTrue();
        gate.countDown();
    }

    @Test
    void aSenderWaitingForRoomIsToldNoSuchProcessWhenTheReceiverEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        ProcessRef pid = gated(entered, gate, new CopyOnWriteArrayList<>(), MailboxSpec.blocking(1, Duration.ofMinutes(1)));
        pid.send("busy");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        pid.send(1); // the mailbox is full now
        var result = new java.util.concurrent.CompletableFuture<SendResult>();
        Thread sender = Thread.ofPlatform().start(() -> result.complete(pid.trySend(2)));
        var sent = new java.util.concurrent.CompletableFuture<Object>();
        Thread blocking = Thread.ofPlatform().start(() -> {
            try {
                pid.send(3);
                sent.complete("returned"); // send documents no error for a dead receiver
            } catch (Throwable t) {
                sent.complete(t);
            }
        });
        await().until(() -> sender.getState() == Thread.State.TIMED_WAITING
                && blocking.getState() == Thread.State.TIMED_WAITING);
        runtime.kill(pid);
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(SendResult.NO_SUCH_PROCESS);
        assertThat(sent.get(5, TimeUnit.SECONDS)).isEqualTo("returned");
        // The queued 1 was discarded with the process; the two waiting senders' messages are dead letters, reported.
        // (The discard is counted once the dead process's consumer has emptied the mailbox: after it woke the senders.)
        await().until(() -> runtime.snapshot().deadLetters() == 3);
        await().untilAsserted(() -> assertThat(events(BeamEvent.DeadLetter.class)).hasSize(2));
        gate.countDown();
    }

    @Test
    void blockSenderNeverBlocksAProcessSendingToItself() throws Exception {
        var result = new java.util.concurrent.CompletableFuture<SendResult>();
        runtime.spawn((m, c) -> {
            if (m.equals("go")) {
                c.self().send("first");
                result.complete(c.self().trySend("second"));
            }
            return null;
        }, SpawnOptions.defaults().withMailbox(MailboxSpec.blocking(1, Duration.ofMinutes(1)))).send("go");
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(SendResult.MAILBOX_FULL);
    }

    @Test
    void sendingToAnEndedProcessIsReportedNotSilent() throws Exception {
        ProcessRef pid = runtime.spawn(ctx -> { });
        runtime.exitFuture(pid).get(5, TimeUnit.SECONDS);
        assertThat(pid.trySend("late")).isEqualTo(SendResult.NO_SUCH_PROCESS);
        pid.send("later"); // asynchronous send does not throw, as in Erlang, but is counted
        assertThat(runtime.snapshot().deadLetters()).isEqualTo(2);
        assertThat(events(BeamEvent.DeadLetter.class)).hasSize(2);
    }

    @Test
    void specsAreValidated() {
        assertThatThrownBy(() -> MailboxSpec.bounded(0, OverflowPolicy.REJECT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1").hasMessageContaining("0");
        assertThatThrownBy(() -> MailboxSpec.bounded(5, OverflowPolicy.BLOCK_SENDER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MailboxSpec.blocking");
        assertThatThrownBy(() -> MailboxSpec.blocking(5, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
