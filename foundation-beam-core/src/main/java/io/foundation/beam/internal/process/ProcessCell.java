package io.foundation.beam.internal.process;

import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.mailbox.Mailbox;
import io.foundation.beam.internal.mailbox.MailboxOwner;
import io.foundation.beam.mailbox.MailboxFullException;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessBody;
import io.foundation.beam.process.ProcessHandler;
import io.foundation.beam.process.ProcessInfo;
import io.foundation.beam.process.ProcessInitException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;
import io.foundation.beam.process.Signal;
import io.foundation.beam.telemetry.BeamEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One process: its identity (this object is the pid), mailbox, signal queue, links, monitors, and the scheduling
 * state machine that runs its code on virtual threads.
 *
 * <h2>Model</h2>
 * A process has no thread of its own. When work arrives for an idle process, the sender moves the scheduling state
 * from IDLE (or HIBERNATED) to SCHEDULED and starts one virtual thread, the <em>activation</em>, which drains signals
 * and messages and ends when there is nothing left. A sender that is itself a running handler process instead
 * moves an IDLE handler process to DEFERRED and leaves it in its run-next slot: its thread runs that process's
 * activation once its own has released the process ({@link RunNext}; {@link #activate} loops over such hand-ons).
 * A receive-loop body keeps its activation for as long as it runs
 * and parks it in {@code receive} (state PARKED); a sender that finds it PARKED moves it to SCHEDULED and unparks it.
 * A handler process parks too, for at most {@link #IDLE_PARK_NANOS}, instead of ending its activation when the
 * scheduler is busy and its work tends to come back soon (a restart would wait behind every queued thread).
 * A busy process of either style lets waiting processes have its carrier after each slice ({@link CarrierSlice}).
 * A process spawned with dedicated threads runs its activations on the platform threads of a
 * {@link DedicatedThreadPool} instead (the operating system preempts them: no slices, no hand-off hints); the states
 * and invariants below are the same.
 *
 * <h2>States (field {@code state})</h2>
 * <pre>
 *   IDLE ──(work arrives: sender CAS)──▶ SCHEDULED ──(nothing left)──▶ IDLE
 *   HIBERNATED ──(work arrives)──▶ SCHEDULED ──(hibernate requested, nothing left)──▶ HIBERNATED
 *   SCHEDULED ──(body waits in receive)──▶ PARKED ──(work arrives: sender CAS + unpark, or timeout)──▶ SCHEDULED
 *   SCHEDULED ──(handler out of work, scheduler busy)──▶ PARKED ──(work arrives, or 1 ms passes)──▶ SCHEDULED
 *   IDLE ──(work arrives from a running handler process: sender CAS)──▶ DEFERRED ──(taken from the sender's
 *        run-next slot: by the sender, to run it on its own thread or start it; or by the sweeper)──▶ SCHEDULED
 * </pre>
 * A DEFERRED process is in its waker's run-next slot ({@link RunNext}); whoever takes it out of the slot owns it, as
 * the CAS into SCHEDULED makes its owner elsewhere. Senders that find it DEFERRED leave it, except its waker, whose
 * second send starts it (a stream should run on two carriers at once).
 * Whoever moves the state to SCHEDULED owns the consumer side (mailbox poll, saved and system messages) until it
 * moves the state back. After death, the owner discards instead of handling.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most one thread is the consumer at a time (the CAS into SCHEDULED).</li>
 *   <li>No lost wake-up: a consumer that goes IDLE/PARKED writes the state (volatile) and then re-checks for work;
 *       a producer enqueues (sequentially consistent) and then reads the state. One of them sees the other.</li>
 *   <li>{@code thread} is cleared before the state leaves SCHEDULED for IDLE, so it is non-null exactly while an
 *       activation is running or parked.</li>
 *   <li>{@code exitReason} is set once (CAS) by whoever ends the process; links, watchers and the registry are told
 *       exactly once, each link or watcher being claimed by removal from its concurrent set.</li>
 *   <li>Signals (exit, down, wake) are consumed before the next message, so they overtake any backlog.</li>
 * </ul>
 *
 * <h2>Starting and ending without a thread</h2>
 * A handler process with no {@code init} to run is created IDLE, without an activation (an {@link InlineLifecycle}
 * decides per instance, and runs its start-up bookkeeping on the spawning thread instead). Likewise, a handler with
 * no {@code terminate} to run needs no thread to end: when a fatal exit signal sent by {@code exit} (not one
 * propagated along a link) reaches it while it is IDLE or HIBERNATED, the sender claims it with the same CAS into
 * SCHEDULED that would start an activation, consumes its queued signals oldest first (so the first fatal one is the
 * reason, as on the process's own thread), ends it and drains it, all on the sender's thread, as {@link #kill}
 * always did. Nothing the process could observe differs: it had no code to run; links, monitors and telemetry are
 * told by {@link #die} as usual, only on the sender's thread and before the exit call returns. A process that is
 * running or parked sees the signal itself. Signals propagated along links always go through the target's own
 * activation: ending linked processes on the sender's thread would end a chain of them recursively, one group of
 * stack frames per link.
 */
final class ProcessCell implements ProcessRef, MailboxOwner {

    static final int IDLE = 0;
    static final int HIBERNATED = 1;
    static final int SCHEDULED = 2;
    static final int PARKED = 3;
    /** Claimed for work by a handler process that will run it next on its own thread ({@link RunNext}). */
    static final int DEFERRED = 4;

    /**
     * Bounds of the adaptive spin (in time) before an activation gives its thread up or parks. Restarting an
     * activation costs one to tens of microseconds (a virtual-thread start, and a carrier wake-up if none is awake);
     * spinning costs a carrier. A process starts with no spin. When work arrives within {@value #MAX_SPIN_NANOS} ns
     * of its going idle (measured from going idle to the sender's wake-up call, so the restart's own latency does
     * not count), a spin of twice that wait would have caught it: the spin becomes that. When work arrives later,
     * the spin halves, down to none, so rarely-messaged processes waste no carrier time.
     */
    private static final int MAX_SPIN_NANOS = 20_000;
    /** Spin iterations between two clock reads in {@link #spinForWork()} (a power of two). */
    private static final int CLOCK_STRIDE = 32;
    /** The smallest non-zero spin. */
    private static final int MIN_SPIN_NANOS = 1_000;
    /**
     * Bounds of the wait for another carrier to take a partner this process just started (see {@link HandoffHint}).
     * Taken: the two then run on two carriers without restarting each other, and the wait grows. Not taken (the other
     * carrier is busy, or the machine is loaded): the process gives its carrier up to the partner, and the wait
     * halves, down to none; one handoff in {@value #STEAL_PROBE_INTERVAL} then probes again with the largest wait.
     */
    private static final short MAX_STEAL_WAIT_NANOS = 20_000;
    private static final int STEAL_PROBE_INTERVAL = 1024;
    /**
     * {@link RunNext}: after the sweeper had to start a process this one deferred, it skips deferring for 2^level
     * wakes, the level rising by one per such rescue up to this (1024 wakes) and falling by one per process it hands
     * its thread on to. A handler that blocks after every send soon defers only once per 1024 wakes; one whose
     * carrier was merely descheduled once (a loaded machine) loses two wakes' worth.
     */
    private static final int MAX_DEFERRAL_LEVEL = 10;
    /**
     * A handler process whose spin ran out keeps its thread parked for up to this long instead of ending its
     * activation, when ending would make its next start slow: at least {@value #BUSY_QUEUE} virtual threads wait for
     * a carrier, and the last time it waited for work, work came within this time. Starting a virtual thread puts it
     * at the back of the scheduler's shared queue (on JDK 25 {@code Thread.start} submits there even from a virtual
     * thread), so a receiver that ends while a thousand senders are queued runs again only after all of them, and
     * meanwhile the senders contend for its mailbox from every core; a parked thread that a sender unparks is queued
     * on that sender's own carrier instead. A parked thread holds its stack, which is why a process that gets its work
     * back quickly, and only when the scheduler is busy, does it; a process whose park runs out ends as usual. The park
     * is untimed, and {@link IdleParks} ends it once it has lasted this long: about this long while other processes
     * park, at most {@value IdleParks#BACKSTOP_LENGTHS} + 1 times this long when none does. A timed park of a virtual
     * thread would wake the JDK's delay scheduler thread once per park.
     */
    static final long IDLE_PARK_NANOS = 1_000_000L;
    /** Virtual threads waiting for a carrier from which {@link #IDLE_PARK_NANOS a park} replaces ending. */
    static final long BUSY_QUEUE = 8L;


    /** {@link #spinForWork}: work arrived. */
    private static final int WORK = 0;
    /** {@link #spinForWork}: no work within the spin (or no spin). */
    private static final int NO_WORK = 1;
    /** {@link #spinForWork}: a partner this thread started waits behind it on this carrier: let it run now. */
    private static final int HAND_OVER = 2;

    private static final VarHandle STATE;
    private static final VarHandle SIGNALS;
    private static final VarHandle EXIT_REASON;
    private static final VarHandle LINKS;
    private static final VarHandle WATCHERS;
    private static final VarHandle MONITORS;
    private static final VarHandle DROPS;
    private static final VarHandle REGISTERED_NAME;
    private static final VarHandle MAILBOX;
    private static final VarHandle UNPARK_PENDING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ProcessCell.class, "state", int.class);
            SIGNALS = l.findVarHandle(ProcessCell.class, "signals", SystemSignal.class);
            EXIT_REASON = l.findVarHandle(ProcessCell.class, "exitReason", ExitReason.class);
            LINKS = l.findVarHandle(ProcessCell.class, "links", CompactSet.class);
            WATCHERS = l.findVarHandle(ProcessCell.class, "watchers", CompactSet.class);
            MONITORS = l.findVarHandle(ProcessCell.class, "monitors", CompactSet.class);
            DROPS = l.findVarHandle(ProcessCell.class, "drops", DropCounts.class);
            REGISTERED_NAME = l.findVarHandle(ProcessCell.class, "registeredName", String.class);
            MAILBOX = l.findVarHandle(ProcessCell.class, "mailbox", Mailbox.class);
            UNPARK_PENDING = l.findVarHandle(ProcessCell.class, "unparkPending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProcessKernel runtime;
    private final long id;
    /**
     * The mailbox, created by the first sender ({@link #mailbox()}); null until then, so a process that was never sent
     * a message costs no mailbox. Set once, by compare-and-set; read with acquire by senders, with a volatile read in
     * the lost-wake-up check ({@link #hasWork()}), plainly by the consumer elsewhere (it runs only after a sender's
     * scheduling-state change, which publishes the mailbox, or finds it null and has nothing to take).
     */
    private Mailbox mailbox;
    private final io.foundation.beam.mailbox.MailboxSpec spec;
    /** ProcessHandler or ProcessBody; replaced by a hibernate continuation; null after death. */
    private Object behavior;
    /** When an idle handler process hibernates (see {@link HibernationClock}), or null if it never does by itself. */
    private final HibernationClock hibernation;
    private final boolean isolatedHeap;
    /** Message analytics, or null when the process does not keep them. */
    final ProcessAnalytics analytics;
    /**
     * Whether its activations run on the platform threads of a {@link DedicatedThreadPool} (the kernel keeps which
     * one: {@link ProcessKernel#dedicatedPoolOf}) rather than on virtual threads. A flag, not the pool, so that the
     * cell of every other process keeps its size ({@code FootprintTest}).
     */
    private final boolean dedicated;

    @SuppressWarnings("unused") // STATE
    private volatile int state;
    @SuppressWarnings("unused") // SIGNALS: Treiber stack, newest first
    private volatile SystemSignal signals;
    private volatile Thread thread;
    @SuppressWarnings("unused") // EXIT_REASON
    private volatile ExitReason exitReason;
    @SuppressWarnings("unused") // REGISTERED_NAME
    volatile String registeredName;
    private volatile boolean trapExits;
    private volatile boolean exiting;
    /** Set once telemetry has heard of the exit: watchers and links added after this fire at once. */
    private volatile boolean announced;
    volatile boolean orphaned;
    /**
     * Messages its bounded mailbox dropped or refused, created by the first one (so that the cells of all other
     * processes keep their size, {@code FootprintTest}); null until then.
     */
    @SuppressWarnings("unused") // DROPS
    private volatile DropCounts drops;
    /** Linked processes: cells of this runtime, or processes on other nodes (see {@link RemoteRouter}). */
    @SuppressWarnings("unused") // LINKS
    private volatile CompactSet<ProcessRef> links;
    @SuppressWarnings("unused") // WATCHERS
    private volatile CompactSet<Watcher> watchers;
    @SuppressWarnings("unused") // MONITORS
    private volatile CompactSet<Monitor> monitors;
    private volatile int savedCount;

    // Consumer-owned (valid only on the thread that holds SCHEDULED/PARKED).
    private ArrayDeque<Object> systemMessages;
    private ArrayDeque<Object> saved;
    private CellContext context;
    private boolean initialized;
    private boolean hibernateRequested;
    // The three waits below are shorts (all at most 20 000 ns), so that the cell keeps its size (FootprintTest).
    private short spinNanos;
    private short stealWaitNanos = MAX_STEAL_WAIT_NANOS;
    private int handoffs;
    private short streamWaitNanos;
    /**
     * {@link RunNext}: this process deferred a process it woke and has not seen it taken yet (it takes it, or starts
     * it, itself; if it finds it gone, the sweeper had to start it, because this process's handler blocked or ran
     * long after the send). Written only on this process's own thread, also by the wake it does as a sender.
     */
    private boolean deferring;
    /** {@link RunNext}: wakes left during which this process does not defer, after the sweeper started one of its. */
    private short deferralBackoff;
    /** {@link RunNext}: the back-off's level ({@link #MAX_DEFERRAL_LEVEL}); in a gap of the layout (FootprintTest). */
    private byte deferralLevel;
    /** This turn on a carrier, for a process that has been busy in it (see {@link CarrierSlice}); else null. */
    private CarrierSlice slice;
    /** What envelopes this process took still owe their sender (a flow channel's credits), or null; consumer only. */
    private Envelope.Settlement unsettled;
    /**
     * When the process last went idle or parked. Written by the consumer before its state says PARKED (or IDLE), so
     * {@link IdleParks} reads it, after reading PARKED, from its timer thread.
     */
    private long idleSinceNanos;
    /** The last wait for work (going idle to the wake-up) was shorter than {@link #IDLE_PARK_NANOS}. */
    private boolean wokenSoon;
    /** Written by the sender that wakes the process, before it starts or unparks the activation (a hint). */
    private long wakeNanos;
    /** The thread that started the current activation or last unparked it (a hint for {@link HandoffHint}). */
    Thread startedBy;
    /**
     * Set (opaque) by the sender that unparks the parked activation, cleared by the activation when it runs again: a
     * hint, with {@code state}, that the process is queued on a carrier but not running (see
     * {@link #isQueuedNotRunning}).
     */
    @SuppressWarnings("unused") // UNPARK_PENDING
    private boolean unparkPending;
    private ProcessBody continuation;
    CompletableFuture<Void> initDone;

    ProcessCell(ProcessKernel runtime, long id, Object behavior, io.foundation.beam.mailbox.MailboxSpec spec,
            boolean trapExits, long hibernateAfterNanos, boolean isolatedHeap, boolean analytics,
            boolean dedicated) {
        this.runtime = runtime;
        this.dedicated = dedicated;
        this.id = id;
        this.behavior = behavior;
        this.trapExits = trapExits;
        this.hibernation = hibernateAfterNanos > 0 ? new HibernationClock(hibernateAfterNanos) : null;
        this.isolatedHeap = isolatedHeap;
        this.analytics = analytics ? new ProcessAnalytics() : null;
        this.spec = spec;
    }

    // ------------------------------------------------------------------ ProcessRef

    @Override
    public long id() {
        return id;
    }

    @Override
    public void send(Object message) {
        SendResult result = trySend(message);
        if (result == SendResult.MAILBOX_FULL) {
            throw new MailboxFullException(this, spec.capacity(), policy());
        }
    }

    @Override
    public SendResult trySend(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        return offer(HeapIsolation.forReceiver(isolatedHeap, message));
    }

    @Override
    public SendResult trySend(Object message, io.foundation.beam.mailbox.Priority priority) {
        Objects.requireNonNull(priority, "priority");
        if (priority == io.foundation.beam.mailbox.Priority.NORMAL) {
            return trySend(message);
        }
        Objects.requireNonNull(message, "message must not be null");
        Object m = HeapIsolation.forReceiver(isolatedHeap, message);
        if (exitReason != null) {
            runtime.deadLetter(this, m);
            return SendResult.NO_SUCH_PROCESS;
        }
        deliverSignal(new SystemSignal.Urgent(analytics == null ? m : stamped(m)));
        return SendResult.ACCEPTED;
    }

    /**
     * Sends without the isolated-heap check: for the runtime's own envelopes (work items, tokens, notices) whose
     * payloads were already isolated where they entered.
     */
    SendResult sendInternal(Object message) {
        return offer(message);
    }

    private SendResult offer(Object message) {
        if (exitReason != null) {
            runtime.deadLetter(this, message);
            return SendResult.NO_SUCH_PROCESS;
        }
        SendResult result = mailbox().offer(analytics == null ? message : stamped(message), this);
        switch (result) {
            case ACCEPTED, DROPPED_OLDEST -> wake();
            case DROPPED_NEWEST -> reportDropped(message);
            case MAILBOX_FULL -> reportRejected(message);
            case NO_SUCH_PROCESS -> runtime.deadLetter(this, message); // ended while a BLOCK_SENDER sender waited
            default -> throw new AssertionError(result);
        }
        return result;
    }

    private static AnalyticsEnvelope stamped(Object message) {
        Object measured = message instanceof Envelope e ? e.measured() : message;
        return new AnalyticsEnvelope(message, System.nanoTime(), io.foundation.beam.messages.MessageSizes.estimate(measured));
    }

    /**
     * The message inside the runtime's envelopes, taken by this process's code: records analytics and returns a
     * flow channel's credit. Consumer only.
     */
    private Object take(Object raw) {
        Object m = raw;
        if (m instanceof AnalyticsEnvelope a) {
            long wait = analytics.taken(a);
            if (runtime.telemetry.enabled()) {
                runtime.telemetry.messageTaken(this, a.estimatedBytes, wait);
            }
            m = a.payload;
        }
        if (m instanceof Envelope e) {
            unsettled = e.taken(unsettled);
            return e.content();
        }
        return m;
    }

    /**
     * Settles what envelopes this process took still owe their sender (a flow channel's batched credits, see
     * {@link Envelope.Settlement}). Consumer only: before it waits for messages, and when it dies.
     */
    private void settleEnvelopes() {
        Envelope.Settlement pending = unsettled;
        if (pending != null) {
            unsettled = null;
            pending.settle();
        }
    }

    /** The message inside the runtime's envelopes, for a selective receive's test (no side effect). */
    private static Object peek(Object raw) {
        Object m = raw instanceof AnalyticsEnvelope a ? a.payload : raw;
        return m instanceof Envelope e ? e.content() : m;
    }

    @Override
    public boolean isAlive() {
        return exitReason == null;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.ofNullable(exitReason);
    }

    @Override
    public String toString() {
        return "<" + runtime.name() + "." + id + ">";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id * 0x9E3779B97F4A7C15L);
    }

    // ------------------------------------------------------------------ overflow reporting

    private io.foundation.beam.mailbox.OverflowPolicy policy() {
        return spec.overflowPolicy();
    }

    /** @return the spec of the process's mailbox */
    io.foundation.beam.mailbox.MailboxSpec mailboxSpec() {
        return spec;
    }

    /** Counts a message the process took (in its mailbox's counter, which a high-priority message may create). */
    private void delivered() {
        Mailbox mb = mailbox;
        (mb != null ? mb : mailbox()).delivered();
    }

    /** @return messages queued in the mailbox; any thread */
    private int queuedInMailbox() {
        Mailbox mb = (Mailbox) MAILBOX.getAcquire(this);
        return mb == null ? 0 : mb.size();
    }

    /** The mailbox, created now if this is the first message ever sent to the process. Any thread. */
    private Mailbox mailbox() {
        Mailbox m = (Mailbox) MAILBOX.getAcquire(this);
        if (m != null) {
            return m;
        }
        Mailbox fresh = Mailbox.create(spec, this::reportDisplaced);
        Mailbox witness = (Mailbox) MAILBOX.compareAndExchange(this, null, fresh);
        return witness != null ? witness : fresh;
    }

    private void reportDisplaced(Object message) {
        if (message instanceof AnalyticsEnvelope a) {
            message = a.payload;
        }
        if (message instanceof Envelope e) {
            e.displaced();
            message = e.content();
        }
        reportDropped(message);
    }

    private void reportDropped(Object message) {
        dropCounts().dropped();
        if (runtime.telemetry.enabled()) {
            runtime.telemetry.emit(new BeamEvent.MessageDropped(this, policy(), message.getClass()));
        }
    }

    private void reportRejected(Object message) {
        dropCounts().rejected();
        if (runtime.telemetry.enabled()) {
            runtime.telemetry.emit(new BeamEvent.MessageRejected(this, policy(), message.getClass()));
        }
    }

    private DropCounts dropCounts() {
        DropCounts d = drops;
        if (d == null) {
            DropCounts fresh = new DropCounts();
            d = (DropCounts) DROPS.compareAndExchange(this, null, fresh);
            if (d == null) {
                d = fresh;
            }
        }
        return d;
    }

    // ------------------------------------------------------------------ scheduling

    /** Makes sure someone will look at newly queued work. Any thread. */
    private void wake() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            switch (s) {
                case SCHEDULED:
                    return;
                case PARKED:
                    // Written before the state change, which the parked activation may see before its unpark (a
                    // sender that then loses the race only leaves a hint a little off).
                    wakeNanos = System.nanoTime();
                    if (STATE.compareAndSet(this, PARKED, SCHEDULED)) {
                        Thread current = Thread.currentThread();
                        if (current.isVirtual() && !dedicated) {
                            // The unparked thread goes to this carrier's queue, as a started one does: hint it.
                            startedBy = current;
                            UNPARK_PENDING.setOpaque(this, true);
                            LockSupport.unpark(thread);
                            runtime.handoff.started(this);
                        } else {
                            LockSupport.unpark(thread);
                        }
                        return;
                    }
                    break;
                case DEFERRED:
                    Thread waker = startedBy;
                    if (waker == Thread.currentThread()) {
                        // Its waker streams to it: start it, so that the two run at once. (The waker sees its slot
                        // empty and that it did not start it itself, and backs off from deferring for a while.)
                        runtime.runNext.flush(RunNext.slotOf(waker), this);
                    }
                    return;
                default: // IDLE or HIBERNATED
                    if (s == IDLE && deferToRunningHandler()) {
                        return;
                    }
                    if (STATE.compareAndSet(this, s, SCHEDULED)) {
                        if (exitReason != null) {
                            drainDeadInline();
                        } else {
                            startWoken();
                        }
                        return;
                    }
            }
        }
    }

    /**
     * Work arrived for this IDLE process from a thread that runs a handler process of this runtime: claims this
     * process for that thread to run next ({@link RunNext}) instead of starting a thread for it now.
     *
     * @return true if claimed (DEFERRED in the sender's slot, or started here because the slot was taken); false if
     *     the sender cannot run it next, or the state changed (the caller re-reads it)
     */
    private boolean deferToRunningHandler() {
        Thread current = Thread.currentThread();
        if (!current.isVirtual() || dedicated) {
            return false;
        }
        int slot = RunNext.slotOf(current);
        ProcessCell waker = runtime.runNext.runningHandler(slot, current);
        if (waker == null || !waker.mayDefer() || !STATE.compareAndSet(this, IDLE, DEFERRED)) {
            return false;
        }
        // Read after the CAS, so after the last activation's release published them.
        if (exitReason == null && behavior instanceof ProcessHandler) {
            startedBy = current;
            if (runtime.runNext.deposit(slot, this)) {
                waker.deferring = true; // the waker's own field: this runs on its thread
                return true;
            }
        }
        claimDeferred();
        startClaimed();
        return true;
    }

    /** Taken out of a run-next slot (or never put in): DEFERRED to SCHEDULED; the caller owns it now. */
    void claimDeferred() {
        STATE.setVolatile(this, SCHEDULED);
    }

    /** The caller owns this SCHEDULED process and does not run it: start its activation (or drain it, if dead). */
    void startClaimed() {
        if (exitReason != null) {
            drainDeadInline();
        } else {
            startWoken();
        }
    }

    /**
     * As the waker, on this process's own thread: whether a process it wakes may wait for this thread. Not for a
     * while after the sweeper had to start one (this process's handler blocks or runs long after its sends).
     */
    private boolean mayDefer() {
        if (deferralBackoff > 0) {
            deferralBackoff--;
            return false;
        }
        return true;
    }

    /**
     * On this process's own thread, where it takes or starts what it deferred: if the slot is empty although this
     * process deferred a process and did not take it, the sweeper started it; back off.
     */
    private void checkDeferral(RunNext runNext, int slot) {
        if (deferring && !runNext.holds(slot)) {
            deferring = false;
            backOffFromDeferring();
        }
    }

    /** The sweeper (or a stream's second send) started what this process deferred: skip deferring for a while. */
    private void backOffFromDeferring() {
        int level = Math.min(MAX_DEFERRAL_LEVEL, deferralLevel + 1);
        deferralLevel = (byte) level;
        deferralBackoff = (short) (1 << level);
    }

    /** Whether {@code t} runs this process's activation now. */
    boolean runsOn(Thread t) {
        return thread == t;
    }

    /** The caller moved the state from IDLE or HIBERNATED to SCHEDULED for work that arrived: start an activation. */
    private void startWoken() {
        wakeNanos = System.nanoTime();
        Thread current = Thread.currentThread();
        startedBy = current;
        startActivation();
        if (current.isVirtual() && !dedicated) {
            runtime.handoff.started(this);
        }
    }

    /**
     * A fatal exit signal (sent with {@code exit}, not along a link) was queued for a process that runs no code of its
     * own when it ends (see "Ending without a
     * thread" in the class comment). If the process is idle, the caller claims it (as {@link #wake} would), takes its
     * queued signals in order here, and ends it on this thread; otherwise the process's own activation sees the
     * signal, as usual.
     */
    private void endIdleOrWake() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s != IDLE && s != HIBERNATED) {
                wake();
                return;
            }
            if (!STATE.compareAndSet(this, s, SCHEDULED)) {
                continue;
            }
            if (exitReason == null) {
                ExitReason fatal = takeSignals(); // oldest first: the first fatal signal in order is the reason
                if (fatal != null) {
                    die(fatal);
                } else {
                    startWoken(); // it began to trap exits meanwhile: no fatal signal after all; run as usual
                    return;
                }
            }
            drainDeadInline();
            return;
        }
    }

    /** @return whether ending this process would run no code of its own (no {@code terminate} to call) */
    private boolean endsWithoutThread() {
        Object b = behavior;
        if (b instanceof InlineLifecycle il) {
            return !il.terminateNeedsOwnThread();
        }
        return b instanceof ProcessHandler && !ProcessKernel.overridesTerminate(b);
    }

    /**
     * Spawning thread, for a process created without an initial activation: runs an {@link InlineLifecycle}'s
     * start-up work (nothing for other behaviours). A throw ends the process as a failed {@code init} does.
     */
    void initInline() {
        if (!(behavior instanceof InlineLifecycle il) || exitReason != null) {
            return;
        }
        try {
            il.initInline(this);
        } catch (Throwable t) {
            runtime.telemetryHandlerFailed(this, "init", t);
            die(ExitReason.crashed(t));
            wake(); // claims the idle process and drains it on this thread
        }
    }

    /** Starts the first activation of a new process (state already SCHEDULED). */
    void startInitial() {
        STATE.setVolatile(this, SCHEDULED);
        startActivation();
    }

    boolean needsInitialActivation() {
        Object b = behavior;
        if (b instanceof InlineLifecycle il) {
            return il.initNeedsOwnThread();
        }
        return b instanceof ProcessBody || ProcessKernel.overridesInit(b);
    }

    private void startActivation() {
        try {
            DedicatedThreadPool pool = dedicated ? runtime.dedicatedPoolOf(this) : null;
            if (pool == null) {
                Thread.startVirtualThread(this::activate); // (also a dedicated process that died: it only drains)
            } else {
                pool.execute(this, this::activate); // a platform thread: see DedicatedThreadPool
            }
        } catch (Throwable t) {
            // Out of memory or similar: the process cannot run; end it rather than lose it silently.
            STATE.setVolatile(this, IDLE);
            die(ExitReason.crashed(t));
            drainDeadInline();
        }
    }

    /**
     * A virtual thread's (or dedicated thread's) work: this process's activation, then, as long as each activation
     * hands one on ({@link RunNext}), the activations of the processes it woke. A chain that has run for a slice
     * while other threads wait for a carrier starts the next process on its own thread instead, and ends.
     */
    private void activate() {
        ProcessCell cell = this;
        int handed = 0;
        long chainStart = 0L;
        for (;;) {
            ProcessCell next = cell.runActivation();
            if (next == null) {
                return;
            }
            if ((++handed & 63) == 0) {
                long now = System.nanoTime();
                if (chainStart == 0L) {
                    chainStart = now;
                } else if (now - chainStart >= CarrierSlice.MIN_SLICE_NANOS && runtime.carrierQueue.getAsLong() > 0) {
                    next.startClaimed(); // give the carrier up: the next one queues for a carrier like any other
                    return;
                }
            }
            cell = next;
        }
    }

    /** @return a process this activation hands its thread on to (SCHEDULED, owned by this thread), or null */
    private ProcessCell runActivation() {
        thread = Thread.currentThread();
        runtime.activeThreads.increment();
        runtime.turnsBegun.increment();
        adaptSpin();
        ProcessCell next = null;
        try {
            if (behavior instanceof ProcessBody) {
                runBody();
            } else {
                next = runHandler();
            }
        } catch (Throwable bug) {
            // Never let a failure escape the activation silently.
            die(ExitReason.crashed(bug));
            runtime.telemetryHandlerFailed(this, "runtime", bug);
            thread = null;
            STATE.setVolatile(this, IDLE);
            if (!dedicated) {
                // A process this one woke and deferred must not wait for a thread that is ending.
                int slot = RunNext.slotOf(Thread.currentThread());
                runtime.runNext.flush(slot);
                runtime.runNext.leave(slot, this);
            }
        } finally {
            runtime.activeThreads.decrement();
            if (orphaned || exitReason instanceof ExitReason.Killed) {
                runtime.activationEndedAfterKill(this);
            }
        }
        return next;
    }

    /**
     * Gives up the consumer role: clear {@code thread}, publish the idle state, re-check for work.
     *
     * @return true if the activation should end; false if work arrived and this thread owns the process again
     */
    private boolean release(int idleState) {
        if (hibernation != null) {
            hibernation.lastActiveNanos = runtime.ticker.read();
        }
        slice = null;
        Thread me = thread;
        thread = null;
        idleSinceNanos = System.nanoTime();
        STATE.setVolatile(this, idleState);
        if (hasWork() && STATE.compareAndSet(this, idleState, SCHEDULED)) {
            thread = me;
            return false;
        }
        return true;
    }

    private boolean hasWork() {
        Mailbox m = (Mailbox) MAILBOX.getVolatile(this);
        return signals != null || (m != null && !m.isEmpty());
    }

    /**
     * Waits a little for work before giving the thread up (see {@link #MAX_SPIN_NANOS}), first letting a stream of
     * messages get ahead when one is coming in (see {@link StreamWait}). When this thread just started
     * another process's activation that has not begun to run, that partner is probably queued behind it on this
     * carrier: the wait is then cut to {@link #MAX_STEAL_WAIT_NANOS the steal wait}, and ends as soon as it is clear
     * that no other carrier took the partner.
     *
     * @return {@link #WORK}, {@link #NO_WORK} or {@link #HAND_OVER}
     */
    private int spinForWork() {
        int limit = spinNanos;
        if (limit == 0) {
            return NO_WORK;
        }
        ProcessCell partner = runtime.handoff.partnerWaitingBehind(Thread.currentThread());
        int stealWait = 0;
        if (partner != null) {
            stealWait = stealWaitNanos;
            if (stealWait == 0) {
                if (++handoffs % STEAL_PROBE_INTERVAL != 0) {
                    return HAND_OVER; // hand the carrier to the partner at once
                }
                stealWait = MAX_STEAL_WAIT_NANOS; // probe: maybe another carrier is free now
            }
        }
        // The clock is read lazily: a spin that finds work within its first CLOCK_STRIDE iterations (a partner
        // answering from the other carrier) reads it not at all. A clock read is about 25 ns on a VM, a sixth of a
        // receive-loop hop there; the wait so measured starts up to CLOCK_STRIDE iterations late, well within the
        // spin's microseconds.
        long start = 0L;
        boolean timed = false;
        int streamWait = partner == null ? streamWaitNanos : 0;
        if (streamWait > 0) {
            // Let a stream's senders get ahead: do not read the slot they are writing (see StreamWait).
            start = System.nanoTime();
            timed = true;
            long until = start + streamWait;
            while (System.nanoTime() - until < 0L) {
                Thread.onSpinWait();
            }
        }
        long deadline = timed ? start + Math.max(limit, stealWait) : 0L;
        for (int i = 1;; i++) {
            Mailbox m = (Mailbox) MAILBOX.getAcquire(this);
            if (signals != null || (m != null && m.hasReadyMessage())) {
                if (partner == null) {
                    int next = StreamWait.next(streamWait, i,
                            streamWait > 0 && m != null && m.hasTwoReadyMessages());
                    if (next != streamWait) {
                        // Written only when it changes: this line of the cell is read by every sender.
                        streamWaitNanos = (short) next;
                    }
                }
                return WORK;
            }
            Thread.onSpinWait();
            if ((i & (CLOCK_STRIDE - 1)) == 0) {
                long now = System.nanoTime();
                if (!timed) {
                    timed = true;
                    start = now;
                    deadline = now + Math.max(limit, stealWait);
                }
                if (partner != null) {
                    if (!partner.isQueuedNotRunning()) {
                        // Another carrier took it: spin on as usual; the two may now answer each other directly.
                        stealWaitNanos = (short) Math.min(MAX_STEAL_WAIT_NANOS, Math.max(MIN_SPIN_NANOS, 2 * stealWait));
                        partner = null;
                    } else if (now - start >= stealWait || now - deadline >= 0L) {
                        int halved = stealWait >>> 1;
                        stealWaitNanos = (short) (halved < MIN_SPIN_NANOS ? 0 : halved);
                        return HAND_OVER; // nobody took it: give the carrier up to it
                    }
                }
                if (now - deadline >= 0L) {
                    if (streamWait != 0) {
                        streamWaitNanos = 0;
                    }
                    return NO_WORK;
                }
            }
        }
    }

    /**
     * A handler process out of work, whose spin ran out: parks for up to {@link #IDLE_PARK_NANOS} instead of ending
     * its activation when the scheduler is busy and work tends to come back soon (see there). Consumer only.
     *
     * @return true if work arrived (this thread owns the process again); false to end the activation as usual
     */
    private boolean parkWhileCarriersAreBusy() {
        if (!wokenSoon || dedicated || runtime.carrierQueue.getAsLong() < BUSY_QUEUE) {
            return false;
        }
        long idleSince = goParked();
        boolean registered = false;
        for (;;) {
            Thread.interrupted(); // a leftover interrupt would end every park at once; signals are checked next
            if (hasWork() || exitReason != null) {
                if (!STATE.compareAndSet(this, PARKED, SCHEDULED)) {
                    adaptSpin(); // a sender moved it to SCHEDULED and unparks this thread: a spare permit at worst
                }
                return true;
            }
            long remaining = idleSince + runtime.idleParkNanos - System.nanoTime();
            if (remaining <= 0L) {
                if (STATE.compareAndSet(this, PARKED, SCHEDULED)) {
                    wokenSoon = false; // nothing came: end (should work come before it ends, do not park again)
                    return false;
                }
                adaptSpin();
                return true;
            }
            if (!registered) {
                // IdleParks ends the park once it ran its length. Registering may block on a lock (arming its timer
                // task), which can consume the permit of a sender's unpark: so the checks above run again first.
                registered = true;
                runtime.idleParks.parked(this, idleSince);
                continue;
            }
            LockSupport.park(this); // untimed: a timed park would wake the JDK's delay scheduler (see IdleParks)
            resumedFromPark();
            if ((int) STATE.getVolatile(this) != PARKED) {
                adaptSpin(); // a sender woke us (and wrote wakeNanos before its state change)
                return true;
            }
        }
    }

    /**
     * Before a park (receive, or a handler's idle park): the turn on the carrier ends, the wait begins, and the state
     * says PARKED; the caller then re-checks for work (no lost wake-up). Consumer only.
     *
     * @return when the wait began ({@link System#nanoTime()})
     */
    private long goParked() {
        CarrierSlice turn = slice;
        if (turn != null) {
            turn.restart();
        }
        long now = System.nanoTime();
        idleSinceNanos = now;
        STATE.setVolatile(this, PARKED);
        return now;
    }

    /**
     * For {@link IdleParks}, on its timer thread: whether this process is still in the idle park that began at
     * {@code since} (not woken since, nor parked again).
     */
    boolean idleParkedSince(long since) {
        return (int) STATE.getVolatile(this) == PARKED && idleSinceNanos == since;
    }

    /** For {@link IdleParks}: the idle park ran its length; the parked thread finds so and ends its activation. */
    void endIdlePark() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** After a park returns: the process has a carrier again (a turn begun) and is no longer queued behind a waker. */
    private void resumedFromPark() {
        runtime.turnsBegun.increment();
        if ((boolean) UNPARK_PENDING.getOpaque(this)) {
            UNPARK_PENDING.setOpaque(this, false);
        }
    }

    /** After an idle period (activation start, or return from park): tunes the spin by how long it lasted. */
    private void adaptSpin() {
        long idleSince = idleSinceNanos;
        if (idleSince != 0L) {
            long idle = wakeNanos - idleSince;
            if (idle >= 0L) { // else wakeNanos is older than this wait: leave the flag as it was
                boolean soon = idle < runtime.idleParkNanos;
                if (soon != wokenSoon) {
                    wokenSoon = soon;
                }
            }
            if (idle >= 0L && idle < MAX_SPIN_NANOS) {
                spinNanos = (short) Math.min(MAX_SPIN_NANOS, Math.max(MIN_SPIN_NANOS, 2L * idle));
            } else {
                int halved = spinNanos >>> 1;
                spinNanos = (short) (halved < MIN_SPIN_NANOS ? 0 : halved);
            }
        }
    }

    // ------------------------------------------------------------------ handler style

    /**
     * The handler style's activation: handles messages until there are none, then spins, parks or ends.
     *
     * @return a process this one woke and deferred ({@link RunNext}), to run next on this thread; or null
     */
    private ProcessCell runHandler() {
        int budget = runtime.messagesPerActivation;
        RunNext runNext = runtime.runNext;
        // Dedicated (platform) threads neither defer nor run deferred processes.
        int slot = dedicated ? -1 : RunNext.slotOf(Thread.currentThread());
        if (slot >= 0) {
            runNext.enter(slot, this);
        }
        for (;;) {
            if (exitReason != null) {
                discardAfterDeath();
                if (release(IDLE)) {
                    return handOn(slot);
                }
                continue;
            }
            ProcessHandler handler = (ProcessHandler) behavior;
            try {
                if (!initialized) {
                    initialized = true;
                    runInit(handler);
                }
                Thread.interrupted(); // a stale interrupt must not reach the next handler call
                if (signals != null) {
                    processSignals();
                }
                Object message = nextMessage();
                if (message != null) {
                    delivered();
                    dispatch(handler, message);
                    if (deferring) {
                        checkDeferral(runNext, slot);
                        if (deferring && hasWork()) {
                            deferring = false;
                            runNext.flush(slot); // this process goes on: the one it woke gets its own thread
                        }
                    }
                    if (--budget == 0) {
                        budget = runtime.messagesPerActivation;
                        slice().budgetSpent();
                    }
                    // Stay in the inner loop while messages keep coming: no flush, no idle check.
                    continue;
                }
            } catch (ProcessExit e) {
                exitHandler(handler, e.reason);
                continue; // discards and releases at the top of the loop
            }
            settleEnvelopes();
            if (deferring) {
                checkDeferral(runNext, slot);
            }
            // A process this one woke waits to run on this thread: no spin, no park.
            if (!deferring) {
                int spin = spinForWork();
                if (spin == WORK || (spin == NO_WORK && !hibernateRequested && parkWhileCarriersAreBusy())) {
                    continue;
                }
            }
            if (hibernateRequested) {
                hibernateRequested = false;
                trim();
                if (runtime.telemetry.enabled()) {
                    runtime.telemetry.emit(new BeamEvent.ProcessHibernated(this));
                }
                if (release(HIBERNATED)) {
                    return handOn(slot);
                }
                continue;
            }
            if (release(IDLE)) {
                return handOn(slot);
            }
            if (deferring) {
                deferring = false;
                runNext.flush(slot); // work came back: this process goes on, the one it woke gets its own thread
            }
        }
    }

    /**
     * This activation has released the process and its thread is free: the process it woke and deferred, if any,
     * runs next on this thread.
     */
    private ProcessCell handOn(int slot) {
        if (slot < 0) {
            return null;
        }
        RunNext runNext = runtime.runNext;
        runNext.leave(slot, this);
        if (!deferring) {
            return null;
        }
        deferring = false;
        ProcessCell next = runNext.take(slot);
        if (next == null) {
            backOffFromDeferring(); // the sweeper started it: this process's handler blocked or ran long
        } else if (deferralLevel > 0) {
            deferralLevel--;
        }
        return next;
    }

    private void runInit(ProcessHandler handler) {
        try {
            handler.init(context());
        } catch (ProcessExit e) {
            throw e;
        } catch (Throwable t) {
            runtime.telemetryHandlerFailed(this, "init", t);
            throw new ProcessExit(ExitReason.crashed(t));
        }
        CompletableFuture<Void> done = initDone;
        if (done != null) {
            done.complete(null);
        }
    }

    private void dispatch(ProcessHandler handler, Object message) {
        try {
            if (message instanceof CallEnvelope call) {
                call.reply(handler.handle(call.payload(), context()));
            } else {
                handler.handle(message, context());
            }
        } catch (ProcessExit e) {
            throw e;
        } catch (Throwable t) {
            // A kill or an exit signal that interrupted the handler wins over the exception the interrupt caused.
            ExitReason dead = exitReason;
            if (dead != null) {
                throw new ProcessExit(dead);
            }
            if (signals != null) {
                processSignals();
            }
            runtime.telemetryHandlerFailed(this, "handle", t);
            throw new ProcessExit(ExitReason.crashed(t));
        }
    }

    private void exitHandler(ProcessHandler handler, ExitReason reason) {
        if (exitReason == null && !(reason instanceof ExitReason.Killed)) {
            exiting = true;
            try {
                handler.terminate(reason, context());
            } catch (ProcessExit ignored) {
                // exit() called from terminate: the process is ending anyway, with the first reason.
            } catch (Throwable t) {
                runtime.telemetryHandlerFailed(this, "terminate", t);
            }
        }
        die(reason);
    }

    private Object nextMessage() {
        ArrayDeque<Object> sys = systemMessages;
        if (sys != null && !sys.isEmpty()) {
            return take(sys.poll());
        }
        ArrayDeque<Object> sv = saved;
        if (sv != null && !sv.isEmpty()) {
            savedCount = sv.size() - 1;
            return take(sv.poll());
        }
        Mailbox mb = mailbox;
        Object m = mb == null ? null : mb.poll();
        return m == null ? null : take(m);
    }

    // ------------------------------------------------------------------ receive-loop style

    private void runBody() {
        for (;;) {
            ExitReason reason;
            if (exitReason != null) {
                reason = exitReason;
            } else {
                ProcessBody body = (ProcessBody) behavior;
                CompletableFuture<Void> done = initDone;
                if (done != null) {
                    done.complete(null);
                }
                try {
                    body.run(context());
                    reason = ExitReason.NORMAL;
                } catch (ProcessExit e) {
                    reason = e.reason;
                } catch (Throwable t) {
                    reason = ExitReason.crashed(t);
                    try {
                        if (signals != null) {
                            processSignals();
                        }
                    } catch (ProcessExit e) {
                        reason = e.reason;
                    }
                    if (exitReason != null) {
                        reason = exitReason; // killed: the throw was the interrupt's doing
                    } else if (reason instanceof ExitReason.Crashed) {
                        runtime.telemetryHandlerFailed(this, "body", t);
                    }
                }
                if (reason instanceof ExitReason.Normal && continuation != null && exitReason == null) {
                    behavior = continuation;
                    continuation = null;
                    if (savedCount > 0 || (systemMessages != null && !systemMessages.isEmpty())) {
                        continue; // messages are already waiting (skipped by a selective receive): wake at once
                    }
                    settleEnvelopes();
                    trim();
                    if (runtime.telemetry.enabled()) {
                        runtime.telemetry.emit(new BeamEvent.ProcessHibernated(this));
                    }
                    if (release(HIBERNATED)) {
                        return;
                    }
                    continue;
                }
            }
            die(reason);
            for (;;) {
                discardAfterDeath();
                if (release(IDLE)) {
                    return;
                }
            }
        }
    }

    /**
     * Receives on the process's own thread.
     *
     * @param matcher null for any message
     * @param timeoutNanos negative to wait forever, zero to poll
     * @return the message, or null on timeout
     */
    Object receive(Predicate<Object> matcher, long timeoutNanos) {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0L;
        for (;;) {
            Thread.interrupted();
            ExitReason dead = exitReason;
            if (dead != null) {
                throw new ProcessExit(dead);
            }
            if (signals != null) {
                processSignals();
            }
            Object m = takeMatching(matcher);
            if (m != null) {
                delivered();
                slice().messageTaken();
                return m;
            }
            settleEnvelopes();
            long remaining = 0L;
            if (timeoutNanos == 0L || (timeoutNanos > 0L && (remaining = deadline - System.nanoTime()) <= 0L)) {
                return null;
            }
            if (deferring) {
                // A handler waiting in receive (a supervisor awaiting a child's exit, say): what it woke must not wait
                // for this thread, which may be waiting for it.
                deferring = false;
                runtime.runNext.flush(RunNext.slotOf(Thread.currentThread()));
            }
            if (spinForWork() == WORK) {
                continue;
            }
            goParked();
            if (hasWork() || exitReason != null) {
                STATE.compareAndSet(this, PARKED, SCHEDULED);
                continue;
            }
            if (timeoutNanos < 0L) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, remaining);
            }
            resumedFromPark();
            if (!STATE.compareAndSet(this, PARKED, SCHEDULED)) {
                adaptSpin(); // a sender woke us (and wrote wakeNanos before its state change)
            }
        }
    }

    private Object takeMatching(Predicate<Object> matcher) {
        if (matcher == null) {
            return nextMessage();
        }
        Object m = removeFirstMatch(systemMessages, matcher);
        if (m != null) {
            return take(m);
        }
        m = removeFirstMatch(saved, matcher);
        if (m != null) {
            savedCount = saved.size();
            return take(m);
        }
        Object x;
        Mailbox mb = mailbox;
        while (mb != null && (x = mb.poll()) != null) {
            if (matcher.test(peek(x))) {
                return take(x);
            }
            saved().addLast(x);
            savedCount = saved.size();
        }
        return null;
    }

    private static Object removeFirstMatch(ArrayDeque<Object> queue, Predicate<Object> matcher) {
        if (queue == null || queue.isEmpty()) {
            return null;
        }
        for (Iterator<Object> it = queue.iterator(); it.hasNext();) {
            Object m = it.next();
            if (matcher.test(peek(m))) {
                it.remove();
                return m;
            }
        }
        return null;
    }

    private ArrayDeque<Object> saved() {
        if (saved == null) {
            saved = new ArrayDeque<>();
        }
        return saved;
    }

    private ArrayDeque<Object> systemMessages() {
        if (systemMessages == null) {
            systemMessages = new ArrayDeque<>(4);
        }
        return systemMessages;
    }

    void requestHibernate() {
        hibernateRequested = true;
    }

    void hibernateThen(ProcessBody next) {
        if (!(behavior instanceof ProcessBody)) {
            throw new IllegalStateException(this + " is a handler process: use hibernate() without a body");
        }
        continuation = Objects.requireNonNull(next, "next");
    }

    private void trim() {
        if (saved != null && saved.isEmpty()) {
            saved = null;
        }
        if (systemMessages != null && systemMessages.isEmpty()) {
            systemMessages = null;
        }
        context = null;
        Mailbox mb = mailbox;
        if (mb != null) {
            mb.trim();
        }
    }

    // ------------------------------------------------------------------ signals

    /** Queues a signal and wakes the process. Any thread. */
    void deliverSignal(SystemSignal signal) {
        if (exitReason != null) {
            return;
        }
        SystemSignal top;
        do {
            top = signals;
            signal.next = top;
        } while (!SIGNALS.compareAndSet(this, top, signal));
        if (signal instanceof SystemSignal.ExitSignal exit && isFatal(exit)) {
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
            if (!exit.viaLink && endsWithoutThread()) {
                endIdleOrWake();
                return;
            }
        }
        wake();
    }

    private boolean isFatal(SystemSignal.ExitSignal exit) {
        // Erlang: only a 'normal' exit signal from another process leaves a non-trapping process alive.
        return !trapExits && (!(exit.reason instanceof ExitReason.Normal) || exit.from == this);
    }

    /** Consumes all queued signals, oldest first. Consumer thread only. */
    private void processSignals() {
        ExitReason fatal = takeSignals();
        if (fatal != null) {
            throw new ProcessExit(fatal);
        }
    }

    /**
     * Consumes all queued signals, oldest first. Consumer only.
     *
     * @return the reason of the first fatal exit signal (the later signals are dropped), or null if none was fatal
     */
    private ExitReason takeSignals() {
        SystemSignal top = (SystemSignal) SIGNALS.getAndSet(this, null);
        SystemSignal oldest = null;
        while (top != null) {
            SystemSignal next = top.next;
            top.next = oldest;
            oldest = top;
            top = next;
        }
        ExitReason fatal = null;
        for (SystemSignal s = oldest; s != null; s = s.next) {
            if (fatal != null) {
                continue;
            }
            switch (s) {
                case SystemSignal.ExitSignal e -> {
                    if (trapExits) {
                        systemMessages().addLast(new Signal.Exit(e.from, e.reason));
                    } else if (!(e.reason instanceof ExitReason.Normal) || e.from == this) {
                        fatal = e.reason;
                    }
                    // a normal exit signal from another process is ignored
                }
                case SystemSignal.DownSignal d -> {
                    Set<Monitor> ms = monitors;
                    if (ms != null && ms.remove(d.monitor)) {
                        systemMessages().addLast(new Signal.Down(d.monitor, d.monitor.target(), d.reason));
                    }
                }
                case SystemSignal.Urgent u -> systemMessages().addLast(u.message);
                case SystemSignal.Wake w -> {
                    if (w.hibernate) {
                        hibernateRequested = true;
                    }
                }
            }
        }
        return fatal;
    }

    // ------------------------------------------------------------------ death

    /**
     * Ends the process with a reason, once. Any thread. Tells the registry, links and watchers.
     *
     * @return whether this call ended it
     */
    boolean die(ExitReason reason) {
        if (!EXIT_REASON.compareAndSet(this, null, reason)) {
            return false;
        }
        exiting = false;
        int unprocessed = queuedInMailbox() + savedCount;
        runtime.onDeath(this);
        // Listeners hear of the exit before links and monitors do, so anything that reacts to a Down or an exit
        // signal can rely on the telemetry having seen it.
        if (runtime.telemetry.enabled()) {
            runtime.telemetry.emit(new BeamEvent.ProcessExited(this, reason, unprocessed));
        }
        announced = true;
        // Each entry is claimed by removal: an adder that saw no announcement claims its own entry the same way.
        CompactSet<ProcessRef> ls = links;
        if (ls != null) {
            ls.removeEach(ProcessCell::linkEnded, this);
        }
        CompactSet<Monitor> ms = monitors;
        if (ms != null) {
            ms.removeEach((m, dead) -> m.release(), this);
        }
        CompactSet<Watcher> ws = watchers;
        if (ws != null) {
            ws.removeEach((w, dead) -> w.targetExited(dead, dead.exitReason), this);
        }
        CompletableFuture<Void> done = initDone;
        if (done != null && !done.isDone()) {
            done.completeExceptionally(new ProcessInitException(this, reason));
        }
        return true;
    }

    /** A process linked to {@code dead} hears of its end (its exit reason): the link is gone. */
    private static void linkEnded(ProcessRef linked, ProcessCell dead) {
        ExitReason reason = dead.exitReason;
        if (linked instanceof ProcessCell other) {
            other.removeLink(dead);
            other.deliverSignal(new SystemSignal.ExitSignal(dead, reason, true));
        } else {
            dead.runtime.remoteRouter().linkedProcessEnded(dead, linked, reason);
        }
    }

    /** Kills the process: ends it at once, then interrupts or drains it. Any thread. */
    void kill() {
        if (!die(ExitReason.KILLED)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            runtime.killedWhileRunning(this);
            if (t != Thread.currentThread()) {
                t.interrupt();
            }
        }
        wake();
    }

    /** Consumer only, after death: drop everything queued. */
    private void discardAfterDeath() {
        settleEnvelopes();
        SIGNALS.setVolatile(this, null);
        Mailbox mb = mailbox;
        int n = mb == null ? 0 : mb.discardAll();
        if (saved != null) {
            n += saved.size();
            saved = null;
        }
        savedCount = 0;
        systemMessages = null;
        context = null;
        continuation = null;
        behavior = null;
        // A hint only, and the thread it names (a virtual thread that started this process's last activation, long
        // ended) would stay reachable through a dead process that something still names: an ecosystem's info, a
        // monitor's Down (issue 18: a stopped ecosystem kept about 300 bytes of dead thread per worker).
        startedBy = null;
        runtime.discarded(this, n);
    }

    /** The caller moved the state of a dead process to SCHEDULED: discard on the caller's thread. */
    private void drainDeadInline() {
        do {
            discardAfterDeath();
            STATE.setVolatile(this, IDLE);
        } while (hasWork() && STATE.compareAndSet(this, IDLE, SCHEDULED));
    }

    // ------------------------------------------------------------------ links, monitors, watchers

    // One method per set, each with its own constant VarHandle: a VarHandle passed as an argument is not a constant
    // to the JIT, and its every access then went through the generic invocation path (a tenth of the time of creating
    // an ecosystem of 1000 workers, by JFR).

    private CompactSet<ProcessRef> linkSet(int expected) {
        CompactSet<ProcessRef> s = links;
        if (s == null) {
            CompactSet<ProcessRef> fresh = new CompactSet<>(expected);
            s = LINKS.compareAndSet(this, null, fresh) ? fresh : links;
        }
        return s;
    }

    private CompactSet<Monitor> monitorSet(int expected) {
        CompactSet<Monitor> s = monitors;
        if (s == null) {
            CompactSet<Monitor> fresh = new CompactSet<>(expected);
            s = MONITORS.compareAndSet(this, null, fresh) ? fresh : monitors;
        }
        return s;
    }

    private CompactSet<Watcher> watcherSet() {
        CompactSet<Watcher> s = watchers;
        if (s == null) {
            CompactSet<Watcher> fresh = new CompactSet<>();
            s = WATCHERS.compareAndSet(this, null, fresh) ? fresh : watchers;
        }
        return s;
    }

    /**
     * A hint before adding many links (a supervisor about to start many children): creates the link set at that
     * capacity if there is none yet, so it is not grown step by step. Any thread.
     */
    void expectLinks(int count) {
        linkSet(count);
    }

    /** As {@link #expectLinks}, before creating many monitors (a coordinator about to watch its workers). */
    void expectMonitors(int count) {
        monitorSet(count);
    }

    /**
     * Links this process and another, both ways. If the other had already ended, no link is made and this process
     * gets an exit signal {@code noproc} from it (OTP's {@code link/1} to a process that does not exist).
     */
    void link(ProcessCell other) {
        if (!tryLink(other)) {
            deliverSignal(new SystemSignal.ExitSignal(other, ExitReason.NOPROC, true));
        }
    }

    /**
     * Links this process and another, both ways, unless the other had already ended.
     *
     * @return false if the other had already ended (no link, no signal: the caller decides how {@code noproc}
     *     reaches this process); true if linked, or if the other ended meanwhile and its exit signal with its own
     *     reason was delivered (the link stood before it ended)
     */
    boolean tryLink(ProcessCell other) {
        if (other == this) {
            return true;
        }
        if (other.announced) {
            return false;
        }
        Set<ProcessRef> mine = linkSet(1);
        Set<ProcessRef> theirs = other.linkSet(1);
        mine.add(other);
        theirs.add(this);
        // Either side may have died meanwhile without seeing the new entry: claim it and signal here.
        if (other.announced && theirs.remove(this)) {
            mine.remove(other);
            deliverSignal(new SystemSignal.ExitSignal(other, other.exitReason, true));
        }
        if (announced && mine.remove(other)) {
            theirs.remove(this);
            other.deliverSignal(new SystemSignal.ExitSignal(this, exitReason, true));
        }
        return true;
    }

    void unlink(ProcessCell other) {
        Set<ProcessRef> mine = links;
        if (mine != null) {
            mine.remove(other);
        }
        other.removeLink(this);
    }

    /**
     * Links this process to a process on another node (this side of the link; the router keeps the other side). If
     * this process had already ended, the router is told {@code noproc} at once (a link to a process that does not
     * exist); if it ends meanwhile, its own reason, as {@link #die} would have told it.
     */
    void linkRemote(ProcessRef remote) {
        boolean endedBefore = announced;
        Set<ProcessRef> mine = linkSet(1);
        mine.add(remote);
        if (announced && mine.remove(remote)) {
            runtime.remoteRouter().linkedProcessEnded(this, remote, endedBefore ? ExitReason.NOPROC : exitReason);
        }
    }

    /**
     * A linked process on another node ended: if the link still stands, it is removed and this process gets the exit
     * signal, as from a local linked process.
     */
    void remoteLinkExited(ProcessRef remote, ExitReason reason) {
        Set<ProcessRef> ls = links;
        if (ls != null && ls.remove(remote)) {
            deliverSignal(new SystemSignal.ExitSignal(remote, reason, true));
        }
    }

    /** Removes {@code other} (a local cell or a process on another node) from this process's links. */
    void removeLink(ProcessRef other) {
        Set<ProcessRef> ls = links;
        if (ls != null) {
            ls.remove(other);
        }
    }

    /** Registers a watcher; if the process has ended, the watcher fires at once on this thread. */
    void addWatcher(Watcher w) {
        if (!announced) {
            Set<Watcher> ws = watcherSet();
            ws.add(w);
            if (!announced || !ws.remove(w)) {
                return; // die() will tell it (it iterates the watchers after announcing)
            }
        }
        w.targetExited(this, exitReason);
    }

    void removeWatcher(Watcher w) {
        Set<Watcher> ws = watchers;
        if (ws != null) {
            ws.remove(w);
        }
    }

    /**
     * Creates a monitor held by this process on {@code target}. If the target had already ended, its Down comes at
     * once with reason {@code noproc} (OTP); if it ends while the monitor is being made, with its own reason.
     */
    Monitor monitor(ProcessCell target, long monitorId) {
        Monitor m = new Monitor(monitorId, this, target);
        monitorSet(1).add(m);
        if (target.announced) {
            m.down(ExitReason.NOPROC);
        } else {
            target.addWatcher(m);
        }
        return m;
    }

    /**
     * Creates a monitor held by this process on a process on another node; the router delivers its Down (see
     * {@link Kernel#deliverDown}).
     */
    Monitor monitorRemote(ProcessRef target, long monitorId, RemoteRouter router) {
        Monitor m = new Monitor(monitorId, this, target, router);
        monitorSet(1).add(m);
        router.monitor(m);
        if (announced && monitors.remove(m)) {
            m.release(); // this process ended meanwhile: die() may have missed the new monitor
        }
        return m;
    }

    boolean demonitor(Monitor m) {
        Set<Monitor> ms = monitors;
        boolean active = ms != null && ms.remove(m);
        m.release();
        ArrayDeque<Object> sys = systemMessages;
        if (sys != null) {
            sys.removeIf(x -> x instanceof Signal.Down d && d.monitor() == m);
        }
        return active;
    }

    // ------------------------------------------------------------------ context and introspection

    /** @return this turn's slice, created by the first busy stretch of the turn. Consumer only. */
    private CarrierSlice slice() {
        CarrierSlice s = slice;
        if (s == null) {
            s = !dedicated ? new CarrierSlice(runtime.messagesPerActivation, runtime.turnsBegunSoFar)
                    : CarrierSlice.neverYielding(runtime.messagesPerActivation);
            slice = s;
        }
        return s;
    }

    CellContext context() {
        CellContext c = context;
        if (c == null) {
            c = new CellContext(this);
            context = c;
        }
        return c;
    }

    /**
     * @return whether an activation was started, or a parked one unparked, and has not begun to run again (a
     *     momentary hint: a stale answer only makes a partner spin when it need not, or not when it could have)
     */
    boolean isQueuedNotRunning() {
        return (int) STATE.getOpaque(this) == SCHEDULED
                && (thread == null || (boolean) UNPARK_PENDING.getOpaque(this));
    }

    @Override
    public boolean isOwnedByCurrentThread() {
        return thread == Thread.currentThread();
    }

    @Override
    public boolean hasEnded() {
        return exitReason != null;
    }

    Thread thread() {
        return thread;
    }

    /** Claims the process's one name slot; false if it already has a name. */
    boolean claimName(String name) {
        return REGISTERED_NAME.compareAndSet(this, null, name);
    }

    /** Frees the name slot if it still holds {@code name}. */
    void releaseName(String name) {
        REGISTERED_NAME.compareAndSet(this, name, null);
    }

    boolean isolatesMessages() {
        return isolatedHeap;
    }

    boolean trapExits() {
        return trapExits;
    }

    void trapExits(boolean trap) {
        trapExits = trap;
    }

    /** Whether it hibernates by itself once idle for its {@code hibernateAfter} (and is tracked for it). */
    boolean hibernatesWhenIdle() {
        return hibernation != null;
    }

    /** Housekeeping: asks an idle handler process past its idle time to hibernate. */
    void maybeHibernate(long now) {
        HibernationClock h = hibernation;
        if (h != null && (int) STATE.getVolatile(this) == IDLE && exitReason == null
                && now - h.lastActiveNanos >= h.afterNanos) {
            deliverSignal(new SystemSignal.Wake(true));
        }
    }

    /** Housekeeping, at spawn: idle from now. */
    void touch(long now) {
        hibernation.lastActiveNanos = now;
    }

    String behaviorName() {
        Object b = behavior;
        return b == null ? "(ended)" : b.getClass().getName();
    }

    ProcessStatus status() {
        if (exitReason != null) {
            return ProcessStatus.DEAD;
        }
        if (exiting) {
            return ProcessStatus.EXITING;
        }
        return switch ((int) STATE.getVolatile(this)) {
            case SCHEDULED, DEFERRED -> ProcessStatus.RUNNING;
            case HIBERNATED -> ProcessStatus.HIBERNATING;
            default -> ProcessStatus.WAITING;
        };
    }

    ProcessInfo info() {
        List<ProcessRef> linkList = new ArrayList<>();
        CompactSet<ProcessRef> ls = links;
        if (ls != null) {
            linkList.addAll(ls);
        }
        List<ProcessRef> monitorList = new ArrayList<>();
        CompactSet<Monitor> ms = monitors;
        if (ms != null) {
            for (Monitor m : ms) {
                monitorList.add(m.target());
            }
        }
        List<ProcessRef> monitoredBy = new ArrayList<>();
        CompactSet<Watcher> ws = watchers;
        if (ws != null) {
            for (Watcher w : ws) {
                if (w instanceof Monitor m) {
                    monitoredBy.add(m.watcher());
                }
            }
        }
        Mailbox mb = (Mailbox) MAILBOX.getAcquire(this);
        int queued = mb == null ? 0 : mb.size();
        int savedNow = savedCount;
        long memory = memoryBytes(mb, queued, savedNow, ls, ms, ws) + sideObjectBytes();
        DropCounts d = drops;
        return new ProcessInfo(this, Optional.ofNullable(registeredName), status(), queued + savedNow,
                mb == null ? 0L : mb.deliveredCount(), d == null ? 0L : d.droppedCount(), d == null ? 0L : d.rejectedCount(),
                List.copyOf(linkList), List.copyOf(monitorList),
                List.copyOf(monitoredBy), trapExits, memory, orphaned, behaviorName());
    }

    /**
     * Shows this process to {@code visitor} with the figures {@link #info()} would give (mailbox length, messages
     * processed, memory figure), without building a {@code ProcessInfo}: it allocates nothing. Any thread; the
     * figures are read as {@code info()} reads them, so they are as consistent as its.
     */
    void visit(ProcessVisitor visitor) {
        Mailbox mb = (Mailbox) MAILBOX.getAcquire(this);
        int queued = mb == null ? 0 : mb.size();
        int savedNow = savedCount;
        long memory = memoryBytes(mb, queued, savedNow, links, monitors, watchers) + sideObjectBytes();
        visitor.visit(this, behavior, status(), queued + savedNow, mb == null ? 0L : mb.deliveredCount(), memory);
    }

    /** The cell's side objects that exist ({@link HibernationClock}, {@link DropCounts}). */
    private long sideObjectBytes() {
        return (hibernation == null ? 0 : Footprint.HIBERNATION_CLOCK) + (drops == null ? 0 : Footprint.DROP_COUNTS);
    }

    /**
     * The memory figure of {@link ProcessInfo#memoryBytes()}, from the parts read by {@link #info()} and
     * {@link #visit}: the one formula, so the two never disagree.
     */
    private static long memoryBytes(Mailbox mb, int queued, int savedNow, CompactSet<ProcessRef> ls,
            CompactSet<Monitor> ms, CompactSet<Watcher> ws) {
        return Footprint.CELL + (mb == null ? 0 : mb.footprintBytes() + queued * mb.bytesPerMessage())
                + savedNow * Footprint.SAVED_SLOT + setBytes(ls) + setBytes(ms) + setBytes(ws);
    }

    /** A link, monitor or watcher set's part of the memory figure (see {@link CompactSet}). */
    private static long setBytes(CompactSet<?> s) {
        if (s == null) {
            return 0;
        }
        return s.isMany() ? Footprint.COMPACT_SET_MANY + Footprint.SET + s.size() * Footprint.SET_ENTRY
                : Footprint.COMPACT_SET;
    }
}
