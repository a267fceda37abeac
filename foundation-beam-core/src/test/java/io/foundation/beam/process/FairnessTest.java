package io.foundation.beam.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;

/**
 * A process with a long backlog lets other processes run on its carrier, as a BEAM process is preempted after its
 * reductions: it does not keep the carrier until its mailbox is empty. Handler processes and receive loops alike.
 * Runs in a JVM whose virtual-thread scheduler has one carrier (surefire execution {@code one-carrier}), so that the
 * other process waits for a carrier and can only run when the busy one gives it up.
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
                work();
                handledByBusy.incrementAndGet();
                return null;
            });
            assertOtherRunsBeforeBacklogIsGone(runtime, busy, handledByBusy);
        }
    }

    @RepeatedTest(3)
    void aBusyReceiveLoopYieldsItsCarrierToAnotherRunnableProcess() throws Exception {
        assertThat(Integer.getInteger("jdk.virtualThreadScheduler.parallelism")).as("one carrier").isEqualTo(1);
        try (BeamRuntime runtime = BeamRuntime.builder().name("fairness-loop").messagesPerActivation(16).build()) {
            AtomicInteger handledByBusy = new AtomicInteger();
            CountDownLatch backlogQueued = new CountDownLatch(1);
            ProcessRef busy = runtime.spawn(context -> {
                backlogQueued.await(); // take the backlog in one stretch, as fast as it can
                for (;;) {
                    context.receive();
                    work();
                    handledByBusy.incrementAndGet();
                }
            });
            assertOtherRunsBeforeBacklogIsGone(runtime, busy, handledByBusy, backlogQueued);
        }
    }

    /** CPU work: does not park, so only a yield frees the carrier. */
    private static void work() {
        long until = System.nanoTime() + WORK_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /**
     * Queues the backlog, lets the busy process start on it, then asks another process to run: it must run before the
     * backlog is gone. The busy process needs BACKLOG x 20 us = 100 ms for its backlog; with one carrier, the other
     * process runs only if the busy one gives the carrier up (without that, or with Thread.yield on JDK 25, it waited
     * for all of it in 2 runs out of 3).
     */
    private static void assertOtherRunsBeforeBacklogIsGone(BeamRuntime runtime, ProcessRef busy,
            AtomicInteger handledByBusy, CountDownLatch... startSignal) throws Exception {
        for (int i = 0; i < BACKLOG; i++) {
            busy.send(i);
        }
        for (CountDownLatch start : startSignal) {
            start.countDown();
        }
        CompletableFuture<Integer> seenByOther = new CompletableFuture<>();
        ProcessRef other = runtime.spawn((message, context) -> {
            seenByOther.complete(handledByBusy.get());
            return null;
        });
        other.send("your turn");
        int busyCountWhenOtherRan = seenByOther.get(30, TimeUnit.SECONDS);
        assertThat(busyCountWhenOtherRan).as("messages the busy process had handled when the other one ran")
                .isLessThan(BACKLOG);
    }
}
