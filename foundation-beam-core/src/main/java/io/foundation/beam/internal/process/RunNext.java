package io.foundation.beam.internal.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Run-next slots: an idle handler process woken by a handler process runs next on the waker's own virtual thread,
 * once the waker's handler call has returned and it has nothing else to do, instead of on a new virtual thread.
 *
 * <h2>Why</h2>
 * A handler process holds no thread while idle, so waking it starts a virtual thread: about a microsecond, plus the
 * trip through the scheduler's queue, plus a carrier wake-up when none is awake. In a request-reply exchange between
 * two processes every hop paid that, or both processes spun on two carriers and paid a cache-line transfer per hop.
 * BEAM puts a process woken by a send in the sender's own run queue, where it runs when the sender is scheduled out;
 * Go's scheduler keeps the goroutine readied last in a "run next" slot of the processor that readied it. This is the
 * same idea with our threads: the waker's thread runs the woken process's activation, a loop iteration later, so a
 * hop costs a mailbox offer, two state changes and a handler call.
 *
 * <h2>Model</h2>
 * {@value #SLOTS} slots, one per virtual thread modulo {@value #SLOTS} (by thread id), each on its own cache line,
 * each holding two references:
 * <ul>
 *   <li><b>owner</b>: the handler process whose activation runs on a thread of this slot. Written by that activation
 *       when it begins (and when its thread switches to the process it runs next), cleared when its thread ends.
 *       A hint: a sender trusts it only if the owner's {@code thread} is the sender's own thread, so a stale or
 *       colliding entry only means no deferral.</li>
 *   <li><b>deferred</b>: the process a sender running as the owner woke and did not start (its state DEFERRED:
 *       claimed for work, no thread yet). At most one; a second wake by the same sender starts its process as usual.
 *       Taken out exactly once, by compare-and-set, by whoever runs or starts it.</li>
 * </ul>
 *
 * <h2>Who takes a deferred process, and when</h2>
 * <ol>
 *   <li>The owner, when its handler call returned and it has no more work: it releases itself and its thread runs
 *       the deferred process (see {@code ProcessCell.activate}).</li>
 *   <li>The owner, when it has more work after that call (its mailbox is not empty), or sends to the deferred
 *       process again (it is streaming to it, and the two should run at once on two carriers): the deferred process
 *       is started on its own thread.</li>
 *   <li>The owner, before it blocks in a call ({@code Calls}): the callee must run while the caller waits.</li>
 *   <li>The sweeper, for a handler that sends and then computes or blocks for long: every {@value #SWEEP_MICROS} us
 *       while deferrals happen, the runtime's timer thread starts every deferred process it already saw at its last
 *       sweep. So a deferred process waits at most about two sweeps, the order of BEAM's time slice, and the sweeper
 *       sleeps while no deferral happens. Its waker then skips deferring for 2, 4, ... up to 1024 wakes, the more
 *       the more often it happens, and less again as its hand-ons succeed.</li>
 * </ol>
 * A chain of processes handing one thread on to each other gives its carrier up like a busy process: after
 * {@link CarrierSlice#MIN_SLICE_NANOS} of chain, if threads wait for a carrier, the next process is started on its
 * own thread instead (see {@code ProcessCell.activate}).
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A DEFERRED process is in exactly one deferred reference, and nobody runs it until it is taken out.</li>
 *   <li>Whoever takes it out sets it SCHEDULED and either runs its activation on its own thread or starts one: no
 *       lost wake-up. Senders that find a process DEFERRED leave it, as they leave a SCHEDULED one.</li>
 * </ul>
 */
final class RunNext {

    /** Number of slots: a power of two, well above the number of carriers, so that running threads rarely share one. */
    static final int SLOTS = 64;
    /** References per slot: 16 compressed references are 64 bytes, a cache line. */
    private static final int STRIDE = 16;
    /** How often the sweeper looks, while deferrals happen. */
    static final long SWEEP_MICROS = 500;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle ARMED;

    static {
        try {
            ARMED = MethodHandles.lookup().findVarHandle(RunNext.class, "armed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Slot i's owner at {@code STRIDE * (i + 1)}, its deferred process right after; the first line is left empty. */
    private final Object[] slots = new Object[STRIDE * (SLOTS + 1)];
    /** The deferred process each slot held at the last sweep (sweeper only). */
    private final Object[] seen = new Object[SLOTS];
    private final ScheduledExecutorService timer;
    private final Runnable sweep = this::sweep;
    @SuppressWarnings("unused") // ARMED: a sweep is scheduled
    private volatile boolean armed;

    RunNext(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** The slot of a thread: the index of its owner reference. */
    static int slotOf(Thread thread) {
        return STRIDE * (1 + ((int) thread.threadId() & (SLOTS - 1)));
    }

    /** An activation of {@code cell} begins on the thread of {@code slot}. */
    void enter(int slot, ProcessCell cell) {
        SLOT.setOpaque(slots, slot, cell);
    }

    /** The activation of {@code cell} ends on the thread of {@code slot}: forget it (it may be dying). */
    void leave(int slot, ProcessCell cell) {
        if (SLOT.getOpaque(slots, slot) == cell) {
            SLOT.setOpaque(slots, slot, null);
        }
    }

    /**
     * @return the handler process of this runtime whose activation runs on {@code current} (whose slot is
     *     {@code slot}), if its slot holds no deferred process yet; else null
     */
    ProcessCell runningHandler(int slot, Thread current) {
        return SLOT.getOpaque(slots, slot) instanceof ProcessCell owner && owner.runsOn(current)
                && SLOT.getOpaque(slots, slot + 1) == null ? owner : null;
    }

    /**
     * Puts a process the caller moved to DEFERRED in the slot.
     *
     * @return false if the slot was taken meanwhile (the caller then starts the process as usual)
     */
    boolean deposit(int slot, ProcessCell cell) {
        if (!SLOT.compareAndSet(slots, slot + 1, null, cell)) {
            return false;
        }
        if (!armed) {
            arm();
        }
        return true;
    }

    /** Whether the slot holds a deferred process. */
    boolean holds(int slot) {
        return SLOT.getOpaque(slots, slot + 1) != null;
    }

    /**
     * Takes the slot's deferred process out, to run it on the caller's thread.
     *
     * @return the process, now SCHEDULED and owned by the caller, or null if there was none
     */
    ProcessCell take(int slot) {
        ProcessCell cell = (ProcessCell) SLOT.getAndSet(slots, slot + 1, null);
        if (cell != null) {
            cell.claimDeferred();
        }
        return cell;
    }

    /** Starts the slot's deferred process, if any, on a thread of its own. */
    void flush(int slot) {
        ProcessCell cell = take(slot);
        if (cell != null) {
            cell.startClaimed();
        }
    }

    /** Starts {@code cell} on a thread of its own if it is the one deferred in {@code slot}. */
    void flush(int slot, ProcessCell cell) {
        if (SLOT.compareAndSet(slots, slot + 1, cell, null)) {
            cell.claimDeferred();
            cell.startClaimed();
        }
    }

    /** Starts the deferred process of the calling thread, if any (before the caller blocks). */
    void flushCurrent() {
        Thread current = Thread.currentThread();
        if (current.isVirtual()) {
            int slot = slotOf(current);
            if (SLOT.getOpaque(slots, slot) instanceof ProcessCell owner && owner.runsOn(current)) {
                flush(slot);
            }
        }
    }

    private void arm() {
        if (ARMED.compareAndSet(this, false, true)) {
            try {
                timer.schedule(sweep, SWEEP_MICROS, TimeUnit.MICROSECONDS);
            } catch (RejectedExecutionException closing) {
                armed = false; // the runtime is closing: its owners take their deferrals, or the shutdown kills them
            }
        }
    }

    /** The timer thread: starts the deferred processes that were already deferred at the last sweep. */
    private void sweep() {
        boolean any = false;
        for (int i = 0; i < SLOTS; i++) {
            int at = STRIDE * (i + 1) + 1;
            Object now = SLOT.getOpaque(slots, at);
            if (now != null) {
                any = true;
                if (now == seen[i] && SLOT.compareAndSet(slots, at, now, null)) {
                    ProcessCell cell = (ProcessCell) now;
                    cell.claimDeferred();
                    cell.startClaimed();
                    now = null;
                }
            }
            seen[i] = now;
        }
        armed = false;
        if (any) {
            arm(); // look again: a deferral seen now and still there next time is started then
        } else {
            for (int i = 0; i < SLOTS; i++) {
                if (SLOT.getOpaque(slots, STRIDE * (i + 1) + 1) != null) {
                    arm(); // deposited between the look and disarming
                    return;
                }
            }
        }
    }
}
