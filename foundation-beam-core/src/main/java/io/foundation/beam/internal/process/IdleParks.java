package io.foundation.beam.internal.process;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Ends the idle parks of handler processes ({@code ProcessCell.parkWhileCarriersAreBusy}) that ran their length, so
 * that the parks themselves are untimed.
 *
 * <h2>Why</h2>
 * A timed park of a virtual thread arms a timer in the JDK's scheduler: on JDK 25 the {@code ForkJoinPool}'s delay
 * scheduler, a platform thread that is woken when a new deadline comes first. Under a sustained load of requests
 * that each wake an idle worker, that was 0.17 to 0.56 wake-ups of that thread per request, each costing a context
 * switch on a busy machine (the Spring path of issue 24). An untimed park arms nothing; its end is this class's job,
 * with one timer task for all the parks of a runtime, on the kernel's timer thread.
 *
 * <h2>Model</h2>
 * A process that idle-parks registers an entry (the process, and when its park began) in a lock-free FIFO queue, then
 * parks without a deadline. A sweep walks the queue from its head:
 * <ul>
 *   <li>a <em>stale</em> entry (the process is no longer parked, or parked again since: a sender woke it, it ended, or
 *       it died) is dropped;</li>
 *   <li>a <em>due</em> entry (still parked since then, for the park's length or longer) is dropped and its thread
 *       unparked: the process finds that its park ran out and ends its activation, as after a timed park;</li>
 *   <li>the first entry that is neither ends the walk: the entries behind it began their parks later (the queue is in
 *       registration order, up to a few concurrent registrations out of order, which then wait for a later sweep).</li>
 * </ul>
 * Who sweeps: each process that registers, when the head of the queue is due (one volatile read when it is not), so
 * that a busy runtime, where processes park all the time, ends its parks without waking any thread; and a backstop
 * task on the kernel's timer thread, {@value #BACKSTOP_LENGTHS} park lengths after it was armed, for the parks that
 * nobody's registration reached (the load stopped). The backstop is armed by a registration when none is armed, and
 * re-arms itself while entries remain. A park therefore lasts at least its length, about its length under load, and
 * at most {@value #BACKSTOP_LENGTHS} + 1 lengths; the timer thread wakes at most once per {@value #BACKSTOP_LENGTHS}
 * park lengths.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>One sweep at a time ({@code sweeping}): a sweep's peek, then poll, sees the same head.</li>
 *   <li>No entry is left without a backstop armed: the armed flag is cleared before the backstop re-checks the queue,
 *       so an entry added meanwhile is seen by that check or arms the next backstop.</li>
 *   <li>A wrong unpark (the process woke between the sweep's check and its unpark) leaves a spare permit, which every
 *       park of a process tolerates: each re-checks its condition after a park returns.</li>
 *   <li>A registration may block (arming the backstop takes the timer queue's lock), and so consume the permit of a
 *       sender's unpark: the caller re-checks its state and mailbox after registering, before it parks.</li>
 *   <li>When the runtime closes, the timer refuses the backstop: the shutdown kills the parked processes, whose kill
 *       unparks them.</li>
 * </ul>
 */
final class IdleParks {

    /** One idle park: the process, and when the park began ({@code System.nanoTime()}). */
    private record Entry(ProcessCell cell, long since) {
    }

    /** The backstop's delay, in park lengths. */
    static final int BACKSTOP_LENGTHS = 4;

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    /** The park's length in nanoseconds, read at each use (tests of the kernel set it before they spawn). */
    private final LongSupplier lengthNanos;
    private final Runnable backstop = this::backstop;

    IdleParks(ScheduledExecutorService timer, LongSupplier lengthNanos) {
        this.timer = timer;
        this.lengthNanos = lengthNanos;
    }

    /**
     * {@code cell} is about to park, untimed, since {@code since}: its park is ended once it ran its length.
     *
     * @param cell the process parking (its state says PARKED)
     * @param since when its park began, as the cell recorded it
     */
    void parked(ProcessCell cell, long since) {
        entries.add(new Entry(cell, since));
        Entry head = entries.peek();
        if (head != null && since - head.since >= lengthNanos.getAsLong()) {
            sweep(since);
        }
        if (!armed.get()) {
            arm();
        }
    }

    private void arm() {
        if (armed.compareAndSet(false, true)) {
            try {
                timer.schedule(backstop, BACKSTOP_LENGTHS * lengthNanos.getAsLong(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                armed.set(false); // the runtime is closing: the shutdown kills the parked processes
            }
        }
    }

    /** The timer thread: sweeps, and re-arms while entries remain. */
    private void backstop() {
        sweep(System.nanoTime());
        armed.set(false);
        if (!entries.isEmpty()) {
            arm();
        }
    }

    /** Ends the parks that ran their length by {@code now}, drops the stale entries (see the class comment). */
    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return; // another thread sweeps
        }
        try {
            long length = lengthNanos.getAsLong();
            for (Entry e; (e = entries.peek()) != null; ) {
                boolean live = e.cell.idleParkedSince(e.since);
                if (live && now - e.since < length) {
                    break;
                }
                entries.poll();
                if (live) {
                    e.cell.endIdlePark();
                }
            }
        } finally {
            sweeping.set(false);
        }
    }
}
