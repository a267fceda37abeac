package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.foundation.beam.ecosystem.WorkFailedException;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessExitedException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.WorkOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The at-least-once bookkeeping of an ecosystem's submitted work: every piece of work accepted and not yet finished,
 * which worker holds it, how many pieces each worker holds, and the {@code maxPendingWork} credit.
 *
 * <h2>Model</h2>
 * Submitted work lives here (outside any process) from submission until a worker completes it: the coordinator
 * assigns it, the worker completes it, and on a worker's death the coordinator redistributes what that worker held.
 * A new coordinator picks up what was never dispatched. Nothing accepted is dropped: work ends in a result, a
 * {@link WorkFailedException}, or an {@link EcosystemStoppedException}.
 *
 * <h2>States of an item</h2>
 * <ul>
 *   <li><b>Waiting</b>: {@linkplain #accept accepted}, in the in-flight table, held by no worker (its
 *       {@code Dispatch} is on its way to the coordinator, or the coordinator parked it until a worker is up, or a
 *       successor of a dead coordinator will find it here when it starts).</li>
 *   <li><b>Held</b>: {@linkplain #claim claimed} for one worker, which counts it in its {@linkplain #load load}
 *       (kept under LEAST_LOADED dispatch only, the one reader);
 *       {@linkplain #release released} back to waiting if that worker goes down before finishing it. A crash counts
 *       as a {@linkplain #attemptFailed failed attempt} only if the worker had {@linkplain WorkItem#begin begun} the
 *       item (taken it from its mailbox to run it); an item that only waited in the dead worker's mailbox is
 *       {@linkplain #redeliver delivered again} at no cost, as is one held by a worker retired by a shrink, or by one
 *       found dead before the work reached it.</li>
 *   <li><b>Ended</b>: out of the table, its future completed: {@linkplain #finished finished} by a worker (a result,
 *       or the worker's {@code WorkRefusedException}), {@linkplain #fail failed} for good, timed out, refused
 *       ({@linkplain #withdraw withdrawn}), or {@linkplain #abandonAll abandoned} when the ecosystem stopped.</li>
 * </ul>
 *
 * <h2>Outcomes</h2>
 * Whoever removes an item from the table emits its one {@link BeamEvent.WorkProcessed} (its {@link WorkOutcome}),
 * before completing its future (so a listener has seen the end of a piece of work when its submitter sees it); an
 * item whose future the submitter completed first ends {@link WorkOutcome#CANCELLED}. A submission refused for want
 * of credit never enters the table; it is reported {@linkplain #rejected rejected} all the same.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Whoever removes an item from the table completes its future (or finds it already completed); the future's
 *       first completion wins.</li>
 *   <li>The pending-work credit is taken when an item is accepted and given back once, at its future's first
 *       completion, before that completion is visible ({@link WorkFuture}): at most {@code maxPendingWork} futures are
 *       pending at once.</li>
 *   <li>An item's holder changes only by compare-and-set ({@link WorkItem#claim}, {@link WorkItem#releaseFrom}): one
 *       worker at a time holds it, even while a killed coordinator's thread still runs next to its successor. Each
 *       claim counts one in the worker's load, given back when the claim is released or the item finished.</li>
 *   <li>At least once: an item may run again after the worker holding it crashed (a crash may leave it half done),
 *       at most {@code maxAttempts} times; only a run that began counts as an attempt, so an item never fails for
 *       crashes it was not part of. (A killed worker's thread, which the JVM cannot stop, may still begin an item
 *       after its delivery was released: the item then runs twice, the late run uncounted; at least once holds.)</li>
 *   <li>Closing: the handle sets its lifecycle to STOPPED and then {@linkplain #abandonAll abandons} what is left; a
 *       submission records its item and then reads the lifecycle, {@linkplain #abandon abandoning} the item if the
 *       ecosystem no longer runs. One of the two sees the other, so no accepted item outlives the ecosystem.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread: submitters {@linkplain #accept accept}; the coordinator process claims,
 * releases and fails (a killed predecessor may still do so next to it); workers finish; the timer's sweep
 * ({@link WorkTimeouts}) times items out; the end of the ecosystem abandons. The table is a concurrent set; the
 * credit, the ids and the loads are atomics.
 */
final class WorkLedger {

    private final EcosystemConfig config;
    private final Kernel kernel;
    /** {@link Kernel#beforeBlocking}, for the work futures: one object for all of them. */
    private final Runnable beforeBlocking;
    /**
     * The items not ended: a concurrent set of the items themselves (hashed by id, equal by identity), so that
     * accepting and ending an item boxes no key, and the coordinator gets the item in its Dispatch, not an id to look
     * up.
     */
    private final Set<WorkItem> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Items held by each worker, by index (for LEAST_LOADED dispatch); the worker table's capacity while an ecosystem
     * of that strategy runs, {@link #NO_LOAD} under another strategy or once it stopped ({@link #releaseLoads}): every access tolerates an index beyond it (a
     * killed worker may finish late).
     */
    private volatile AtomicIntegerArray load;
    /** Submitted work whose future has not completed: bounded by {@code maxPendingWork}. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong itemIds = new AtomicLong();
    private final AtomicInteger abandoned = new AtomicInteger();
    /** Fails the work still pending at its deadline: one sweep task for the ledger, not a timer task per item. */
    private final WorkTimeouts timeouts;
    /** Every item's release action (one object for the ledger, not a method reference per item). */
    private final Runnable creditBack = this::creditBack;
    /** A drain waiting for the last pending future, or null. */
    private volatile CompletableFuture<Void> idle;
    /** The drain period, once a drain ended with work left; null otherwise. */
    private volatile Duration drainExpired;
    /** The ecosystem's supervisor, named by the end of an item no worker held; set once it started. */
    private volatile ProcessRef supervisor;

    /**
     * @param config the ecosystem's configuration (name, maxPendingWork, workTimeout, maxAttempts)
     * @param kernel the kernel (timer, telemetry)
     * @param capacity the worker table's capacity: the most workers the ecosystem can ever have
     */
    private static final AtomicIntegerArray NO_LOAD = new AtomicIntegerArray(0);

    WorkLedger(EcosystemConfig config, Kernel kernel, int capacity) {
        this.config = config;
        this.kernel = kernel;
        this.beforeBlocking = kernel::beforeBlocking;
        // Only LEAST_LOADED routing reads the loads: elsewhere they are not kept, which spares every submission two
        // atomic updates (the claim's and the end's) on an array whose slots share cache lines between workers.
        this.load = config.dispatch() == DispatchStrategy.LEAST_LOADED ? new AtomicIntegerArray(capacity) : NO_LOAD;
        this.timeouts = new WorkTimeouts(kernel, config.workTimeout(), inFlight, this::timedOut);
    }

    /** The ecosystem started under {@code supervisor}: the process its events name when no worker is concerned. */
    void supervisor(ProcessRef supervisor) {
        this.supervisor = supervisor;
    }

    // ------------------------------------------------------------------ accepting

    /**
     * Accepts a piece of work: takes a pending-work credit, records the item and sees that its work timeout is armed
     * ({@link WorkTimeouts}).
     *
     * @param key the work's key, or null
     * @param payload the work, as the workers get it (already isolated)
     * @return the new item, waiting to be dispatched; or null if no credit is left ({@code maxPendingWork} reached)
     */
    WorkItem accept(Object key, Object payload) {
        if (!claimPending()) {
            return null;
        }
        WorkItem item = new WorkItem(itemIds.incrementAndGet(), key, payload, System.nanoTime(), creditBack,
                beforeBlocking);
        inFlight.add(item);
        timeouts.accepted(item);
        return item;
    }

    /** On the timer's thread ({@link WorkTimeouts}): the item is past its deadline and its future not done. */
    private void timedOut(WorkItem item) {
        if (inFlight.remove(item)) {
            ended(item, WorkOutcome.TIMED_OUT, null);
            item.future.completeExceptionally(new WorkFailedException("work " + item + " in ecosystem '"
                    + config.name() + "' did not complete within " + config.workTimeout(), item.failures,
                    new TimeoutException(config.workTimeout().toString())));
        }
    }

    /** A future's first completion gave its credit back: wakes a drain waiting for the last one. */
    private void creditBack() {
        if (pending.decrementAndGet() == 0) {
            CompletableFuture<Void> w = idle;
            if (w != null) {
                w.complete(null);
            }
        }
    }

    /**
     * Waits until no submitted work is pending (every accepted future completed), up to {@code period}; for a drain,
     * after the ecosystem stopped taking work. The waiter is published before the count is read and the count is
     * decremented before the waiter is read, so one of the two sees the other.
     *
     * @param period the longest wait
     * @return whether no work was pending when it returned (false: the period passed, or the wait was interrupted,
     *     whose flag is then set again)
     */
    boolean awaitIdle(Duration period) {
        CompletableFuture<Void> w = new CompletableFuture<>();
        idle = w;
        if (pending.get() == 0) {
            return true;
        }
        try {
            w.get(io.foundation.beam.internal.process.Durations.saturatedNanos(period),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return pending.get() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending.get() == 0;
        }
    }

    /**
     * A drain ended with work left: what is abandoned from now on says so.
     *
     * @param period the drain period that passed
     */
    void drainExpired(Duration period) {
        drainExpired = period;
    }

    /** Takes one of the {@code maxPendingWork} credits; given back when the work's future completes. */
    private boolean claimPending() {
        int limit = config.maxPendingWork();
        for (;;) {
            int n = pending.get();
            if (n >= limit) {
                return false;
            }
            if (pending.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes an item out of the ledger without completing it: the caller completes its future if this returns true
     * (the coordinator's mailbox refused the item's dispatch).
     *
     * @return whether this call removed it
     */
    boolean withdraw(WorkItem item) {
        if (inFlight.remove(item)) {
            ended(item, WorkOutcome.REJECTED, null);
            return true;
        }
        return false;
    }

    /**
     * A submission was refused before it was accepted ({@code maxPendingWork} reached): reports it
     * {@link WorkOutcome#REJECTED}, as the ecosystem's supervisor.
     */
    void rejected() {
        ProcessRef s = supervisor;
        if (s != null && kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.WorkProcessed(s, config.name(), WorkOutcome.REJECTED,
                    Optional.empty(), Duration.ZERO));
        }
    }

    /**
     * Reports the end of an item this thread just removed from the table, before its future is completed by this
     * thread: {@link WorkOutcome#CANCELLED} instead of {@code outcome} if the submitter completed it first.
     *
     * @param item the item
     * @param outcome how it ended
     * @param exception what the work threw ({@code FAILED}, {@code REFUSED}), or null
     */
    private void ended(WorkItem item, WorkOutcome outcome, Throwable exception) {
        if (!kernel.telemetry().enabled()) {
            return;
        }
        ProcessRef process = item.lastWorker != null ? item.lastWorker : supervisor;
        if (process == null) {
            return; // not started: no item can have been accepted
        }
        boolean cancelled = item.future.isDone();
        Optional<Class<? extends Throwable>> thrown = cancelled || exception == null ? Optional.empty()
                : Optional.of(exception.getClass());
        kernel.telemetry().emit(new BeamEvent.WorkProcessed(process, config.name(),
                cancelled ? WorkOutcome.CANCELLED : outcome, thrown,
                Duration.ofNanos(System.nanoTime() - item.submittedAtNanos)));
    }

    // ------------------------------------------------------------------ reading

    /** @return whether the item is in the ledger (not ended) */
    boolean holds(WorkItem item) {
        return inFlight.contains(item);
    }

    /** @return a copy of the items not ended, for a walk that may change the ledger */
    List<WorkItem> items() {
        return List.copyOf(inFlight);
    }

    /** @return how many items have not ended */
    int size() {
        return inFlight.size();
    }

    /** @return how many items wait for a worker (accepted, not held) */
    long waiting() {
        long n = 0;
        for (WorkItem item : inFlight) {
            if (item.unassigned()) {
                n++;
            }
        }
        return n;
    }

    /** @return the futures of the items held by workers at {@code from} and above (those a shrink retires) */
    List<CompletableFuture<Object>> heldFrom(int from) {
        List<CompletableFuture<Object>> held = new ArrayList<>();
        for (WorkItem item : inFlight) {
            WorkItem.Assignment at = item.assignment();
            if (at != null && at.index() >= from) {
                held.add(item.future);
            }
        }
        return held;
    }

    /** @return how many items the worker at {@code index} holds */
    int load(int index) {
        AtomicIntegerArray l = load;
        return index < l.length() ? l.get(index) : 0;
    }

    private void addLoad(int index, int delta) {
        AtomicIntegerArray l = load;
        if (index < l.length()) {
            l.getAndAdd(index, delta);
        }
    }

    /**
     * The ecosystem stopped: drops the loads, a table sized for the most workers the ecosystem could have had, which a
     * stopped ecosystem's handle need not keep; and cancels the timeout sweep to come (nothing is left to time out).
     */
    void releaseLoads() {
        load = NO_LOAD;
        timeouts.close();
    }

    // ------------------------------------------------------------------ holding

    /**
     * Claims an item for a worker (see {@link WorkItem#claim}) and counts it in the worker's load.
     *
     * @return whether this call claimed it (false: another coordinator dispatched it)
     */
    boolean claim(WorkItem item, int index, ProcessRef worker) {
        if (!item.claim(index, worker)) {
            return false;
        }
        item.lastWorker = worker;
        addLoad(index, 1);
        return true;
    }

    /**
     * Releases an item from a worker that no longer holds it (see {@link WorkItem#releaseFrom}), and takes it off the
     * worker's load.
     *
     * @return the released assignment, or null if the item was not held by {@code worker} (already released)
     */
    WorkItem.Assignment release(WorkItem item, ProcessRef worker) {
        WorkItem.Assignment released = item.releaseFrom(worker);
        if (released != null) {
            addLoad(released.index(), -1);
        }
        return released;
    }

    /**
     * Takes an item whose future already completed (cancelled by the submitter, or timed out) out of the ledger.
     *
     * @return whether it had completed: then it must not be dispatched
     */
    boolean forgetIfDone(WorkItem item) {
        if (item.future.isDone()) {
            if (inFlight.remove(item)) {
                ended(item, WorkOutcome.CANCELLED, null);
            }
            return true;
        }
        return false;
    }

    /**
     * The worker that held {@code item} (just {@linkplain #release released}) died: counts the failed attempt, and
     * fails the item for good once its attempts are exhausted.
     *
     * @param item the item
     * @param index the dead worker's index
     * @param worker the dead worker
     * @param reason why it died
     * @return whether the item is to be dispatched again (false: it ended)
     */
    boolean attemptFailed(WorkItem item, int index, ProcessRef worker, ExitReason reason) {
        if (forgetIfDone(item)) {
            return false;
        }
        item.failures++;
        if (item.lastFailure == null) {
            item.lastFailure = reason instanceof ExitReason.Crashed crashed ? crashed.cause()
                    : new ProcessExitedException(worker, reason);
        }
        if (item.failures >= config.maxAttempts()) {
            fail(item, WorkOutcome.FAILED, "its worker died on each of " + item.failures + " attempts (last: worker "
                    + index + " " + worker + " exited with " + reason + ")");
            return false;
        }
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.WorkRedistributed(worker, config.name(), item.id, item.failures));
        }
        return true;
    }

    /**
     * The worker that held {@code item} (just {@linkplain #release released}) died before it began the item: no
     * attempt is counted; the item is to be dispatched again unless it already ended.
     *
     * @param item the item
     * @param worker the dead worker
     * @return whether the item is to be dispatched again (false: it ended)
     */
    boolean redeliver(WorkItem item, ProcessRef worker) {
        if (forgetIfDone(item)) {
            return false;
        }
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.WorkRedistributed(worker, config.name(), item.id, item.failures));
        }
        return true;
    }

    // ------------------------------------------------------------------ ending

    /**
     * A worker completed an item (or found it completed elsewhere), and completes its future after this.
     *
     * @param item the item
     * @param worker the worker
     * @param outcome {@link WorkOutcome#SUCCEEDED}, {@link WorkOutcome#REFUSED} or {@link WorkOutcome#CANCELLED}
     * @param exception the refusal, or null
     */
    void finished(WorkItem item, ProcessRef worker, WorkOutcome outcome, Throwable exception) {
        WorkItem.Assignment at = item.assignment();
        if (inFlight.remove(item)) {
            if (at != null) {
                addLoad(at.index(), -1); // the current holder's load (a killed worker may finish late)
            }
            item.lastWorker = worker;
            ended(item, outcome, exception);
        }
    }

    /**
     * Fails an item for good.
     *
     * @param item the item
     * @param outcome {@link WorkOutcome#FAILED} (attempts exhausted) or {@link WorkOutcome#UNDELIVERABLE} (no worker
     *     left, a full worker mailbox)
     * @param why the message's reason
     */
    void fail(WorkItem item, WorkOutcome outcome, String why) {
        if (inFlight.remove(item)) {
            ended(item, outcome, outcome == WorkOutcome.FAILED ? item.lastFailure : null);
        }
        String message = "work " + item + " in ecosystem '" + config.name() + "' failed: " + why;
        Throwable cause = item.lastFailure != null ? item.lastFailure : new IllegalStateException(why);
        item.future.completeExceptionally(new WorkFailedException(message, item.failures, cause));
    }

    /**
     * The ecosystem stopped: fails every item left with {@link EcosystemStoppedException}. Each item is claimed by
     * removal from the table and then failed. Callers that may run at once (the supervisor's end and
     * {@code shutdown}) serialise their calls: see {@link EcosystemHandle}'s end lock.
     */
    void abandonAll() {
        for (WorkItem item : List.copyOf(inFlight)) {
            abandon(item);
        }
    }

    /**
     * Fails one item with {@link EcosystemStoppedException}, if it is still in the ledger.
     *
     * @return whether this call completed its future
     */
    boolean abandon(WorkItem item) {
        if (inFlight.remove(item)) {
            abandoned.incrementAndGet();
            ended(item, WorkOutcome.ABANDONED, null);
            Duration drain = drainExpired;
            return item.future.completeExceptionally(new EcosystemStoppedException(drain == null
                    ? "ecosystem '" + config.name() + "' stopped before work " + item + " completed"
                    : "ecosystem '" + config.name() + "' shut down: work " + item + " was abandoned after the drain "
                            + "period of " + drain + " (it had not completed)"));
        }
        return false;
    }

    /** @return how many items were abandoned */
    int abandoned() {
        return abandoned.get();
    }

    /** @return whether the timeout sweep is armed (see {@link WorkTimeouts#armed}); for tests */
    boolean timeoutSweepArmed() {
        return timeouts.armed();
    }
}
