package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;

/**
 * A handler process with a long backlog lets other processes run on its carrier after {@code messagesPerActivation}
 * messages, as a BEAM process is preempted after its reductions: it does not keep the carrier until its mailbox is
 * empty. Runs in a JVM whose virtual-thread scheduler has one carrier (surefire execution {@code one-carrier}), so
 * that the other process can only run when the busy one gives the carrier up.
 */
@Tag("one-carrier")
class FairnessTest {

    private static final int BACKLOG = 5_000;
    private static final long WORK_NANOS = 20_000;

    @RepeatedTest(3)
    void aBusyProcessYieldsItsCarrierToAnotherRunnableProcess() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.parallelism")).as("one carrier").isEqualTo(1);
        try (BeamRuntime runtime = BeamRuntime.builder().name("fairness").messagesPerActivation(16).build()) {
            AtomicInteger handledByBusy = new AtomicInteger();
            ProcessRef busy = runtime.spawn((message, context) -> {
                long until = System.nanoTime() + WORK_NANOS; // CPU work: does not park, so only a yield frees the carrier
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                handledByBusy.incrementAndGet();
                return null;
            });
            for (int i = 0; i < BACKLOG; i++) {
                busy.send(i);
            }
            CompletableFuture<Integer> seenByOther = new CompletableFuture<>();
            ProcessRef other = runtime.spawn((message, context) -> {
                seenByOther.complete(handledByBusy.get());
                return null;
            });
            other.send("your turn");
            // The busy process needs BACKLOG x 20 us = 100 ms for its backlog and yields about every 0.3 ms: the other
            // one runs before the backlog is gone (without the yield, or with Thread.yield on JDK 25, it waited for all
            // of it in 2 runs out of 3).
            int busyCountWhenOtherRan = seenByOther.get(30, TimeUnit.SECONDS);
            assertThat(busyCountWhenOtherRan).as("messages the busy process had handled when the other one ran")
                    .isLessThan(BACKLOG);
        }
    }
}
