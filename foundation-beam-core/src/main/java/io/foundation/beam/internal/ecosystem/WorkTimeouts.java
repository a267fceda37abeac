package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.internal.process.Durations;
import io.foundation.beam.internal.process.Kernel;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The work timeouts of one ecosystem's {@link WorkLedger}: each piece of work still pending at its deadline (its
 * acceptance plus the ecosystem's {@code workTimeout}) is handed to the ledger to fail, by one task on the runtime's
 * timer for the whole ledger rather than one per piece of work.
 *
 * <h2>Why</h2>
 * One timer task per submission cost a schedule and a cancel on the runtime's {@code ScheduledThreadPoolExecutor}
 * for every piece of work: both take the timer's lock and sift its binary heap (O(log n) with the work in flight), and
 * the cancel (remove-on-cancel, so that a task does not keep its work reachable) was done by the worker completing the
 * work, next to the submitter's schedule on the same lock. A JFR profile of W6 put about a third of the submit path's
 * samples there. Here a submission costs one volatile read.
 *
 * <h2>Design</h2>
 * Every piece of work of an ecosystem has the same timeout, so deadlines follow the order of acceptance. One sweep
 * task is armed for the earliest deadline known; it walks the items in flight, hands those past their deadline (and
 * whose future is not done) to the ledger, and arms itself again for the earliest deadline left, but no sooner than
 * {@code slack} from now: a stream of expiring work costs one walk per {@code slack}, not one per item. With nothing
 * in flight it disarms, and the next acceptance arms it for that item's deadline. So a timeout fires at its deadline,
 * or up to {@code slack} (plus a walk) after it when other work expired just before; never before it.
 *
 * <h2>Threading</h2>
 * {@code armed} says whether a sweep is scheduled (or running); whoever sets it from false to true schedules the one
 * sweep, so sweeps never run at once. {@link #accepted} runs on submitters' threads after the item is in the table;
 * the sweep runs on the timer's thread. Disarming writes {@code armed} and then reads whether the table is empty;
 * accepting writes the table and then reads {@code armed}: both are volatile accesses, so one of the two sees the
 * other and an item never stays in the table without a sweep to come.
 */
final class WorkTimeouts {

    /** The longest coalescing delay between two sweeps when work keeps expiring. */
    private static final long MAX_SLACK_NANOS = Duration.ofMillis(100).toNanos();
    /** The shortest one. */
    private static final long MIN_SLACK_NANOS = Duration.ofMillis(1).toNanos();

    private final Kernel kernel;
    private final long timeoutNanos;
    private final long slackNanos;
    /** The items in flight: a live view of the ledger's table. */
    private final Collection<WorkItem> items;
    /** Called on the timer's thread for each item past its deadline whose future is not done. */
    private final Consumer<WorkItem> expired;
    private final AtomicBoolean armed = new AtomicBoolean();
    /** The sweep scheduled last, for {@link #close}. */
    private volatile Future<?> task;

    /**
     * @param kernel the kernel (its timer)
     * @param timeout the ecosystem's work timeout
     * @param items a live view of the items in flight
     * @param expired fails an item past its deadline (it must take the item out of {@code items}, or the item
     *     comes again at the next sweep)
     */
    WorkTimeouts(Kernel kernel, Duration timeout, Collection<WorkItem> items, Consumer<WorkItem> expired) {
        this.kernel = kernel;
        this.timeoutNanos = Durations.saturatedNanos(timeout);
        this.slackNanos = Math.clamp(timeoutNanos / 64, MIN_SLACK_NANOS, MAX_SLACK_NANOS);
        this.items = items;
        this.expired = expired;
    }

    /** An item entered the table: arms a sweep for its deadline unless one is armed. */
    void accepted(WorkItem item) {
        if (!armed.get() && armed.compareAndSet(false, true)) {
            arm(remaining(item, System.nanoTime()));
        }
    }

    /** @return the time left to the item's deadline at {@code now}, negative once past it (no overflow) */
    private long remaining(WorkItem item, long now) {
        return timeoutNanos - (now - item.submittedAtNanos);
    }

    private void arm(long delayNanos) {
        task = kernel.schedule(this::sweep, Duration.ofNanos(Math.max(0, delayNanos)));
    }

    /** On the timer's thread: times out what is past its deadline, then arms itself again or disarms. */
    private void sweep() {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE; // the least time left among the items not yet due
        boolean any = false;
        for (WorkItem item : items) {
            if (item.future.isDone()) {
                continue; // completed by its submitter: whoever meets it next takes it out, no timeout is due
            }
            long left = remaining(item, now);
            if (left <= 0) {
                expired.accept(item);
            } else {
                earliest = Math.min(earliest, left);
                any = true;
            }
        }
        long after = System.nanoTime();
        if (any) {
            arm(Math.max(earliest - (after - now), slackNanos));
            return;
        }
        armed.set(false);
        // An item accepted during the walk may have been missed; its deadline is at most a timeout from now.
        if (!items.isEmpty() && armed.compareAndSet(false, true)) {
            arm(Math.max(timeoutNanos - (after - now), slackNanos));
        }
    }

    /** @return whether a sweep is scheduled or running (for tests: the sweep disarms when nothing is in flight) */
    boolean armed() {
        return armed.get();
    }

    /** The ecosystem ended: cancels the sweep to come, so the timer does not keep the ledger until then. */
    void close() {
        Future<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
