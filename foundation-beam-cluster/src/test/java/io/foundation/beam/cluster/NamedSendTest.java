package io.foundation.beam.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.cluster.internal.DefaultBeamCluster;
import io.foundation.beam.cluster.internal.routing.ClusterRouter;
import io.foundation.beam.cluster.testing.LocalNodes;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Erlang's {@code {Name, Node} ! Msg} through two nodes joined in this JVM. */
class NamedSendTest {

    private static LocalNodes cluster;
    private static BeamCluster a;
    private static BeamRuntime runtimeB;

    @BeforeAll
    static void twoNodes() {
        cluster = new LocalNodes(2);
        a = cluster.start(0, "a");
        cluster.start(1, "b");
        runtimeB = cluster.runtime("b");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aMessageToANameOnAnotherNodeArrivesInOrder() throws InterruptedException {
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        ProcessRef target = runtimeB.spawn((message, context) -> inbox.add(message),
                SpawnOptions.defaults().withName("inbox"));

        IntStream.range(0, 200).forEach(i -> a.send("b", "inbox", i));

        List<Object> got = new ArrayList<>();
        while (got.size() < 200) {
            got.add(inbox.take());
        }
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
        runtimeB.kill(target);
    }

    @Test
    void aNameNobodyHoldsIsADeadLetterOnTheReceivingNode() {
        long before = runtimeB.snapshot().deadLetters();

        a.send("b", "nobody-here", "lost");

        await().atMost(LocalNodes.WAIT).until(() -> runtimeB.snapshot().deadLetters() == before + 1);
    }

    @Test
    void aNodeThatIsNotUpMakesADeadLetterHere() {
        long before = cluster.runtime("a").snapshot().deadLetters();

        a.send("nowhere", "inbox", "lost");

        assertThat(cluster.runtime("a").snapshot().deadLetters()).isEqualTo(before + 1);
    }

    @Test
    void aCallToANameOnAnotherNodeIsAnsweredAndAnUnknownNameIsNamed() throws Exception {
        ProcessRef upper = runtimeB.spawn((message, context) -> message.toString().toUpperCase(),
                SpawnOptions.defaults().withName("upper"));
        ClusterRouter router = ((DefaultBeamCluster) a).router();

        assertThat(router.callNamed(null, "b", "upper", "abc", Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
                .isEqualTo("ABC");
        assertThatThrownBy(() -> router.callNamed(null, "b", "nobody", "abc", Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NoSuchProcessException.class)
                .hasMessageContaining("'nobody'").hasMessageContaining("node 'b'");
        runtimeB.kill(upper);
    }

    @Test
    void aMessageThatCannotCrossFailsAtTheSender() {
        assertThatThrownBy(() -> a.send("b", "inbox", new Object()))
                .isInstanceOf(MessageNotTransferableException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
