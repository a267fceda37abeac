package io.foundation.beam.internal.process;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A busy process's turn on its carrier: when it gives the carrier up to processes waiting for one, as BEAM preempts
 * a process after its reductions. Consumer-owned (used only by the thread that runs the process); not thread-safe.
 *
 * <h2>Model</h2>
 * A process that keeps finding messages counts them. After every {@code budget} messages
 * ({@code messagesPerActivation}) it reads the clock; once it has run for at least {@value #MIN_SLICE_NANOS} ns
 * since its slice began, the slice is used up and the process asks the JDK's scheduler how many virtual threads are
 * waiting for a carrier ({@link CarrierQueue}), and the runtime how many turns on a carrier its processes have begun
 * (activations started, parked processes resumed: {@code turnsBegun}). Then:
 * <ul>
 *   <li>nobody waits: the process keeps its carrier (giving it up would only cost it a trip through the scheduler's
 *       queue);</li>
 *   <li>others wait, fewer than at its last look: the other carriers are taking them, and it keeps its carrier for
 *       another slice. This is what lets one receiver keep up with a thousand senders that are queued for the other
 *       carriers; yielding there sends the receiver to the back of the queue, behind all of them, and leaves the
 *       senders to contend for its mailbox from every core;</li>
 *   <li>others wait, no fewer than before, but other processes began turns since its last look: threads are queued
 *       faster than the other carriers take them (a sender starting a thousand processes), and those carriers are not
 *       stuck. It keeps its carrier, for at most {@value #MAX_KEPT_SLICES} such slices in a row, then gives it up:
 *       that bounds the wait of a queued thread that the other carriers do not pick;</li>
 *   <li>others wait, no fewer than before, and no process began a turn: every carrier is held by a busy process,
 *       and it gives its carrier up, at the latest two slices after it began to run (the first look only records
 *       what it saw).</li>
 * </ul>
 * On a JDK that does not report its scheduler's queue (21 to 23) the process gives its carrier up after every slice.
 *
 * <h2>Giving the carrier up</h2>
 * A park of one nanosecond. {@code Thread.yield} does not do it on JDK 25: with its carrier's own queue empty it
 * resubmits the thread to a shared submission queue, and on one carrier the same thread was taken straight back, so
 * a backlog of 5000 messages kept another runnable process waiting until it was gone ({@code FairnessTest}, 2 runs
 * in 3). The park frees the carrier for whatever is queued and resubmits this thread when its timer fires; the timer
 * is why a process looks at most once per slice.
 *
 * <h2>States</h2>
 * Not begun (after construction and {@link #restart()}: the process has just been given a carrier) → running (the
 * first spent budget records the slice's start) → used up (a later spent budget, {@value #MIN_SLICE_NANOS} ns on),
 * which either yields or keeps the carrier, and begins the next slice.
 */
final class CarrierSlice {

    /** The shortest run of a busy process between two looks at the scheduler's queue. */
    static final long MIN_SLICE_NANOS = 200_000L;
    /** Slices in a row a process keeps its carrier while threads wait that other carriers take too slowly. */
    static final int MAX_KEPT_SLICES = 10;
    /** No look at the queue yet in this turn on the carrier: the next one only records the length. */
    private static final long NOT_LOOKED = Long.MAX_VALUE;

    private static final LongSupplier NANO_TIME = System::nanoTime;
    private static final LongSupplier QUEUE = CarrierQueue::waiting;
    private static final Runnable PARK_ONE_NANO = () -> LockSupport.parkNanos(1L);

    private final int budget;
    private final LongSupplier clock;
    private final LongSupplier waitingForCarrier;
    private final LongSupplier turnsBegun;
    private final Runnable giveUpCarrier;
    private int left;
    private boolean begun;
    private long start;
    private long waitingAtLastLook = NOT_LOOKED;
    private long turnsAtLastLook;
    private int keptWhileWaiting;

    /**
     * @param budget messages between two clock reads (at least 1)
     * @param turnsBegun turns on a carrier begun by the runtime's processes so far (only its changes count)
     */
    CarrierSlice(int budget, LongSupplier turnsBegun) {
        this(budget, NANO_TIME, QUEUE, turnsBegun, PARK_ONE_NANO);
    }

    /**
     * For tests: the clock, the scheduler's queue, the runtime's turns and the way to give the carrier up, injected.
     *
     * @param budget messages between two clock reads (at least 1)
     * @param clock nanosecond clock
     * @param waitingForCarrier virtual threads waiting for a carrier, or {@link CarrierQueue#UNKNOWN}
     * @param turnsBegun turns on a carrier begun by the runtime's processes so far
     * @param giveUpCarrier lets the waiting threads run and returns when this thread has a carrier again
     */
    CarrierSlice(int budget, LongSupplier clock, LongSupplier waitingForCarrier, LongSupplier turnsBegun,
            Runnable giveUpCarrier) {
        this.budget = budget;
        this.left = budget;
        this.clock = clock;
        this.waitingForCarrier = waitingForCarrier;
        this.turnsBegun = turnsBegun;
        this.giveUpCarrier = giveUpCarrier;
    }

    /**
     * For a process on a platform thread ({@link DedicatedThreadPool}): the operating system preempts it, so it never
     * gives its thread up (it sees no virtual thread waiting).
     *
     * @param budget messages between two clock reads (at least 1)
     */
    static CarrierSlice neverYielding(int budget) {
        return new CarrierSlice(budget, NANO_TIME, () -> 0L, () -> 0L, PARK_ONE_NANO);
    }

    /** A receive-loop process took a message: counts it against the budget. */
    void messageTaken() {
        if (--left == 0) {
            budgetSpent();
        }
    }

    /**
     * A budget of messages was spent (a handler counts its own; a receive loop through {@link #messageTaken()}):
     * reads the clock, and if the slice is used up, gives the carrier up or begins another slice.
     */
    void budgetSpent() {
        left = budget;
        long now = clock.getAsLong();
        if (!begun) {
            begun = true;
            start = now;
            return;
        }
        if (now - start < MIN_SLICE_NANOS) {
            return;
        }
        long waiting = waitingForCarrier.getAsLong();
        long turns = turnsBegun.getAsLong();
        if (waiting > 0L && waiting >= waitingAtLastLook && mustGiveUp(waiting, turns != turnsAtLastLook)) {
            giveUpCarrier.run();
            now = clock.getAsLong();
            waiting = NOT_LOOKED; // a new turn on a carrier: look afresh
            keptWhileWaiting = 0;
        } else if (waiting < waitingAtLastLook) {
            keptWhileWaiting = 0;
        }
        waitingAtLastLook = waiting;
        turnsAtLastLook = turns;
        start = now;
    }

    /**
     * Threads wait, no fewer than at the last look: the carrier is given up unless other processes began turns since
     * then, and then only after {@value #MAX_KEPT_SLICES} such slices in a row (always when the JDK cannot tell).
     */
    private boolean mustGiveUp(long waiting, boolean othersBeganTurns) {
        if (waiting == CarrierQueue.UNKNOWN || !othersBeganTurns) {
            return true;
        }
        return ++keptWhileWaiting >= MAX_KEPT_SLICES;
    }

    /** The process waited for messages, so it had given its carrier up: the next slice begins afresh. */
    void restart() {
        left = budget;
        begun = false;
        waitingAtLastLook = NOT_LOOKED;
        keptWhileWaiting = 0;
    }
}
