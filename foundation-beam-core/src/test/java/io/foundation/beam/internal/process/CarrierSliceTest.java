package io.foundation.beam.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The decision of a busy process's slice, with an injected clock and scheduler queue: when it gives its carrier up
 * and when it keeps it. (That giving the carrier up really lets another process run is {@code FairnessTest}'s job.)
 */
class CarrierSliceTest {

    private static final long SLICE = CarrierSlice.MIN_SLICE_NANOS;

    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicInteger looks = new AtomicInteger();
    private final AtomicInteger yields = new AtomicInteger();
    private final AtomicLong turnsBegun = new AtomicLong();
    private final CarrierSlice slice = new CarrierSlice(4, now::get, () -> {
        looks.incrementAndGet();
        return waiting.get();
    }, turnsBegun::get, yields::incrementAndGet);

    /** Takes one budget of messages, the clock having moved by {@code nanos} first. */
    private void budgetAfter(long nanos) {
        now.addAndGet(nanos);
        for (int i = 0; i < 4; i++) {
            slice.messageTaken();
        }
    }

    @Test
    void looksAtTheQueueOnlyOnceASliceIsUsedUp() {
        waiting.set(5);
        budgetAfter(0); // begins the slice
        for (int i = 0; i < 10; i++) {
            budgetAfter(SLICE / 20);
        }
        assertThat(looks).hasValue(0);
        budgetAfter(SLICE);
        assertThat(looks).hasValue(1);
        assertThat(yields).as("the first look only records the queue").hasValue(0);
    }

    @Test
    void keepsTheCarrierWhileNobodyWaits() {
        budgetAfter(0);
        for (int i = 0; i < 20; i++) {
            budgetAfter(SLICE);
        }
        assertThat(looks).hasValue(20);
        assertThat(yields).hasValue(0);
    }

    @Test
    void keepsTheCarrierWhileOtherCarriersAreTakingTheWaitingThreads() {
        waiting.set(1000);
        budgetAfter(0);
        for (int i = 0; i < 20; i++) {
            budgetAfter(SLICE);
            waiting.addAndGet(-10); // another carrier takes queued threads during each slice
        }
        assertThat(yields).hasValue(0);
    }

    @Test
    void givesTheCarrierUpWhenWaitingThreadsAreNotTaken() {
        waiting.set(3);
        budgetAfter(0);
        budgetAfter(SLICE); // records 3
        assertThat(yields).hasValue(0);
        budgetAfter(SLICE); // still 3: nobody takes them
        assertThat(yields).hasValue(1);
        budgetAfter(SLICE); // back on a carrier: records afresh
        assertThat(yields).hasValue(1);
        budgetAfter(SLICE);
        assertThat(yields).hasValue(2);
    }

    @Test
    void givesTheCarrierUpWhenMoreThreadsWaitThanBefore() {
        waiting.set(2);
        budgetAfter(0);
        budgetAfter(SLICE);
        waiting.set(7);
        budgetAfter(SLICE);
        assertThat(yields).hasValue(1);
    }

    @Test
    void keepsTheCarrierForABoundedRunOfSlicesWhileOtherCarriersTakeThreadsMoreSlowlyThanTheyArrive() {
        waiting.set(100);
        budgetAfter(0);
        budgetAfter(SLICE); // records 100
        for (int i = 1; i < CarrierSlice.MAX_KEPT_SLICES; i++) {
            waiting.addAndGet(50); // a sender queues threads faster than ...
            turnsBegun.addAndGet(5); // ... the other carriers take them
            budgetAfter(SLICE);
            assertThat(yields).as("slice %d", i).hasValue(0);
        }
        waiting.addAndGet(50);
        turnsBegun.addAndGet(5);
        budgetAfter(SLICE);
        assertThat(yields).as("a thread the other carriers do not pick waits a bounded time").hasValue(1);
    }

    @Test
    void aShrinkingQueueEndsTheRunOfSlicesKeptWhileThreadsWait() {
        waiting.set(100);
        budgetAfter(0);
        budgetAfter(SLICE);
        for (int round = 0; round < 5; round++) {
            for (int i = 1; i < CarrierSlice.MAX_KEPT_SLICES; i++) {
                waiting.addAndGet(1);
                turnsBegun.addAndGet(1);
                budgetAfter(SLICE);
            }
            waiting.addAndGet(-20); // the other carriers catch up
            turnsBegun.addAndGet(20);
            budgetAfter(SLICE);
        }
        assertThat(yields).hasValue(0);
    }

    @Test
    void givesTheCarrierUpAtOnceWhenThreadsWaitAndNoProcessBeganATurn() {
        waiting.set(100);
        budgetAfter(0);
        turnsBegun.addAndGet(3);
        budgetAfter(SLICE); // records 100 and the turns
        waiting.addAndGet(50); // queued, and nobody took anything: every carrier is held
        budgetAfter(SLICE);
        assertThat(yields).hasValue(1);
    }

    @Test
    void givesTheCarrierUpAfterEverySliceWhenTheJdkDoesNotReportItsQueue() {
        waiting.set(CarrierQueue.UNKNOWN);
        budgetAfter(0);
        for (int i = 1; i <= 5; i++) {
            turnsBegun.addAndGet(10); // progress elsewhere says nothing when the queue is unknown
            budgetAfter(SLICE);
            assertThat(yields).hasValue(i);
        }
    }

    @Test
    void aSliceBeginsAfreshAfterTheProcessWaited() {
        waiting.set(3);
        budgetAfter(0);
        budgetAfter(SLICE); // records 3
        slice.restart(); // the process parked: it gave its carrier up
        budgetAfter(SLICE); // begins a new slice
        budgetAfter(SLICE); // first look of the new turn: records
        assertThat(yields).hasValue(0);
        budgetAfter(SLICE);
        assertThat(yields).hasValue(1);
    }

    @Test
    void thisJdkReportsItsSchedulerQueue() {
        // The build runs on JDK 25 (toolchain [21,)): the queue must be readable there, or every busy process would
        // yield after every slice.
        if (Runtime.version().feature() >= 24) {
            assertThat(CarrierQueue.isReported()).isTrue();
            assertThat(CarrierQueue.waiting()).isNotNegative().isNotEqualTo(CarrierQueue.UNKNOWN);
        }
    }
}
