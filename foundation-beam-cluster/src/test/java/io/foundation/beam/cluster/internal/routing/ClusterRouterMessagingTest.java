package io.foundation.beam.cluster.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote send through the public API between runtimes joined by the {@link ClusterRouter}: order per pair of
 * processes, pids that cross and come back, dead letters where they belong, and refusal at the sender.
 */
class ClusterRouterMessagingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int COUNT = 100_000;

    private TestCluster cluster;

    @BeforeEach
    void nodes() {
        cluster = new TestCluster("a", "b", "c");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void everyMessageOfEachSenderArrivesInOrderOverOneHundredThousandPerPair() throws Exception {
        CompletableFuture<Map<String, Integer>> counted = new CompletableFuture<>();
        ProcessRef receiver = cluster.runtime("b").spawn(ctx -> {
            Map<String, Integer> next = new HashMap<>();
            for (int i = 0; i < 3 * COUNT; i++) {
                List<?> m = (List<?>) ctx.receive();
                String sender = (String) m.get(0);
                int expected = next.getOrDefault(sender, 0);
                if ((Integer) m.get(1) != expected) {
                    counted.completeExceptionally(new AssertionError(sender + " sent " + m.get(1) + " after "
                            + (expected - 1)));
                    return;
                }
                next.put(sender, expected + 1);
            }
            counted.complete(next);
        });
        for (String[] sender : new String[][] {{"a", "a1"}, {"a", "a2"}, {"c", "c1"}}) {
            ProcessRef target = cluster.pid(sender[0], "b", receiver);
            cluster.runtime(sender[0]).spawn(ctx -> {
                for (int i = 0; i < COUNT; i++) {
                    target.send(List.of(sender[1], i));
                }
            });
        }
        assertThat(counted.get(60, TimeUnit.SECONDS)).isEqualTo(Map.of("a1", COUNT, "a2", COUNT, "c1", COUNT));
    }

    @Test
    void aLocalPidSentAwayAndBackEqualsTheOriginalAndARemotePidPrintsItsNode() throws Exception {
        ProcessRef echo = cluster.runtime("b").spawn((message, ctx) -> {
            List<?> m = (List<?>) message;
            ((ProcessRef) m.get(0)).send(List.of(m.get(0), ctx.self()));
            return null;
        });
        ProcessRef remoteEcho = cluster.pid("a", "b", echo);
        CompletableFuture<List<?>> back = new CompletableFuture<>();
        ProcessRef onA = cluster.runtime("a").spawn(ctx -> {
            remoteEcho.send(List.of(ctx.self()));
            back.complete((List<?>) ctx.receive());
        });
        List<?> answer = back.get(10, TimeUnit.SECONDS);
        assertThat(answer.get(0)).isSameAs(onA);
        assertThat(answer.get(1)).isEqualTo(remoteEcho).hasSameHashCodeAs(remoteEcho).isInstanceOf(RemotePid.class);
        assertThat(remoteEcho).hasToString("<b." + echo.id() + ">");
        assertThat(echo).hasToString("<b." + echo.id() + ">");
        assertThat(remoteEcho.isAlive()).isTrue();
        assertThat(cluster.pid("c", "b", echo)).isEqualTo(remoteEcho); // one pid, however many nodes name it
    }

    @Test
    void aMessageToAnEndedOrUnknownProcessIsADeadLetterOfTheReceivingNode() throws Exception {
        ProcessRef gone = cluster.runtime("b").spawn(ctx -> {
        });
        cluster.runtime("b").exitFuture(gone).get(10, TimeUnit.SECONDS);
        ProcessRef remoteGone = cluster.pid("a", "b", gone);
        long before = cluster.deadLetters("b");
        long senderBefore = cluster.deadLetters("a");
        assertThat(remoteGone.trySend("lost")).isEqualTo(SendResult.ACCEPTED);
        cluster.router("a").pid("b", 999_999).send("lost too");
        await().atMost(WAIT).until(() -> cluster.deadLetters("b") == before + 2);
        assertThat(cluster.deadLetters("a")).isEqualTo(senderBefore);
    }

    @Test
    void aMessageToANodeThatIsNotUpIsADeadLetterOfTheSender() throws Exception {
        ProcessRef onC = cluster.runtime("c").spawn(ctx -> ctx.receive());
        ProcessRef remote = cluster.pid("a", "c", onC);
        cluster.network.disconnect("c");
        await().atMost(WAIT).until(() -> !remote.isAlive());
        assertThat(remote.exitReason()).contains(ExitReason.NOCONNECTION);
        long before = cluster.deadLetters("a");
        assertThat(remote.trySend("lost")).isEqualTo(SendResult.NO_SUCH_PROCESS);
        remote.send("lost too");
        assertThat(cluster.deadLetters("a")).isEqualTo(before + 2);
        assertThat(cluster.router("a").pid("nowhere", 1).trySend("x")).isEqualTo(SendResult.NO_SUCH_PROCESS);
    }

    @Test
    void aMessageThatCannotCrossThrowsAtTheSenderAndNothingIsSent() throws Exception {
        CompletableFuture<Object> got = new CompletableFuture<>();
        ProcessRef onB = cluster.runtime("b").spawn((message, ctx) -> got.complete(message));
        ProcessRef remote = cluster.pid("a", "b", onB);
        record NotAllowed(int x) {
        }
        assertThatThrownBy(() -> remote.send(new NotAllowed(1)))
                .isInstanceOfSatisfying(MessageNotTransferableException.class,
                        e -> assertThat(e.className()).isEqualTo(NotAllowed.class.getName()));
        assertThatThrownBy(() -> remote.trySend(List.of("ok", new NotAllowed(2))))
                .isInstanceOf(MessageNotTransferableException.class);
        ProcessRef otherRuntimes = io.foundation.beam.BeamRuntime.builder().name("x").build().spawn(ctx -> { });
        assertThatThrownBy(() -> remote.send(List.of(otherRuntimes)))
                .isInstanceOf(MessageNotTransferableException.class).hasMessageContaining("cannot cross");
        remote.send("after");
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("after");
    }

    @Test
    void aPidOfThisNodeThatNamesNoProcessIsNotAliveAndAnswersNoproc() {
        ProcessRef nothing = cluster.router("a").pid("a", 987_654);
        assertThat(nothing).isInstanceOf(RemotePid.class).hasToString("<a.987654>");
        assertThat(nothing.isAlive()).isFalse();
        assertThat(nothing.exitReason()).contains(ExitReason.NOPROC);
        long before = cluster.deadLetters("a");
        assertThat(nothing.trySend("x")).isEqualTo(SendResult.NO_SUCH_PROCESS);
        assertThat(cluster.deadLetters("a")).isEqualTo(before + 1);
    }
}
