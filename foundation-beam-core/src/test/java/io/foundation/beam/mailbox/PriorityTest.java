package io.foundation.beam.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.SpawnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PriorityTest {

    private BeamRuntime runtime;

    @BeforeEach
    void start() {
        runtime = BeamRuntime.builder().name("prio").build();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void highPriorityMessagesOvertakeABacklogAndKeepTheirOwnOrder() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> got = java.util.Collections.synchronizedList(new ArrayList<>());
        ProcessRef p = runtime.spawn((m, c) -> {
            if ("block".equals(m)) {
                entered.countDown();
                release.await();
            } else {
                got.add(m);
            }
            return null;
        });
        p.send("block");
        entered.await();
        for (int i = 0; i < 100_000; i++) {
            p.send(i);
        }
        assertThat(p.trySend("urgent-1", Priority.HIGH)).isEqualTo(SendResult.ACCEPTED);
        assertThat(p.trySend("urgent-2", Priority.HIGH)).isEqualTo(SendResult.ACCEPTED);
        assertThat(p.trySend("normal-last", Priority.NORMAL)).isEqualTo(SendResult.ACCEPTED);
        release.countDown();
        await().until(() -> got.size() == 100_003);
        assertThat(List.copyOf(got.subList(0, 3))).containsExactly("urgent-1", "urgent-2", 0);
        assertThat(got.get(100_002)).isEqualTo("normal-last");
    }

    @Test
    void aReceiveLoopGetsTheHighPriorityMessageFirstAndAFullBoundedMailboxDoesNotRefuseIt() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef p = runtime.spawn(ctx -> {
            go.await();
            for (int i = 0; i < 3; i++) {
                got.add(ctx.receive());
            }
        }, SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(2, OverflowPolicy.REJECT)));
        p.send("a");
        p.send("b");
        assertThat(p.trySend("c")).isEqualTo(SendResult.MAILBOX_FULL);
        assertThat(p.trySend("stop", Priority.HIGH)).isEqualTo(SendResult.ACCEPTED);
        go.countDown();
        await().until(() -> got.size() == 3);
        assertThat(got).containsExactly("stop", "a", "b");
    }

    @Test
    void highPriorityMessagesAreIsolatedAndRefusedForDeadProcesses() {
        List<Object> got = new CopyOnWriteArrayList<>();
        ProcessRef p = runtime.spawn((m, c) -> {
            got.add(m);
            return null;
        }, SpawnOptions.defaults().withIsolatedHeap(true));
        List<Integer> mutable = new ArrayList<>(List.of(1, 2));
        p.trySend(mutable, Priority.HIGH);
        await().until(() -> got.size() == 1);
        assertThat(got.get(0)).isEqualTo(mutable).isNotSameAs(mutable);
        runtime.kill(p);
        await().until(() -> !p.isAlive());
        assertThat(p.trySend("late", Priority.HIGH)).isEqualTo(SendResult.NO_SUCH_PROCESS);
        assertThatThrownBy(() -> p.trySend(null, Priority.HIGH)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> p.trySend("x", null)).isInstanceOf(NullPointerException.class);
    }
}
