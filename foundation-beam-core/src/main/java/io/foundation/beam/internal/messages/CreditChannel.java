package io.foundation.beam.internal.messages;

import io.foundation.beam.internal.isolation.HeapIsolation;
import io.foundation.beam.internal.process.Envelope;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.messages.BackpressureException;
import io.foundation.beam.messages.FlowChannel;
import io.foundation.beam.messages.FlowControl;
import io.foundation.beam.messages.FlowResult;
import io.foundation.beam.messages.FlowStats;
import io.foundation.beam.messages.FlowStrategy;
import io.foundation.beam.process.NoSuchProcessException;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A credit-based channel to one process (see {@link FlowControl} for the model).
 *
 * <p><b>Credits.</b> {@code inFlight} counts this channel's messages in the receiver's mailbox, plus those the
 * receiver took and has not yet returned the credit of. A sender takes a credit by a compare-and-set that keeps
 * {@code inFlight <= limit}, then sends a {@link CreditEnvelope}; if the send itself fails (the receiver died, or its
 * own bounded mailbox is full) the credit is given back at once.
 *
 * <p><b>Batched returns.</b> The receiver does not decrement {@code inFlight} for each message it takes: that would
 * move the counter's cache line between the two cores on every message (it cost small messages about 4x against a
 * plain send). {@link #taken} counts taken envelopes in {@code pendingReturns}, a plain field of the receiver's
 * consumer, and returns them in one step every {@code returnBatch} messages ({@code max(1, window / 8)}); the
 * receiving process also returns what is pending ({@link #flushReturns()}) before it waits for more
 * messages, before it takes an envelope of another channel, and when it dies. So credits are held back only while the
 * receiver works through a backlog, at most {@code returnBatch - 1} of them, and a sender never waits for a credit of
 * a message the receiver has finished with while it is idle.
 *
 * <p><b>Adaptive limit.</b> With {@link FlowControl#targetQueueWait()} set, each envelope carries the time it was
 * sent ({@link CreditEnvelope.Timed}, read from the runtime's ticker) and {@link #taken} measures how long it waited in
 * the mailbox. Every period of {@code clamp(limit / 2, 1, 64)} messages the receiver compares the period's mean wait
 * with the target: above it, {@code limit} drops by a quarter (at least 1, never below 1); at or below half of it,
 * {@code limit} grows by an eighth (at least 1, never above the window). Senders read {@code limit} (volatile) in
 * place of the window, so the rate they get follows the receiver's pace: by Little's law about {@code limit / wait}
 * messages per second. Only the receiver's consumer writes {@code limit} and the period fields.
 *
 * <p><b>Waiting.</b> Blocking senders without credit wait on {@code creditLock}'s condition, each wait bounded by the
 * retry delay. The receiver signals only when {@code waiters > 0}: the waiter increments {@code waiters} before
 * re-checking credits, the receiver decrements {@code inFlight} before reading {@code waiters} (both volatile), so
 * one of them sees the other and no wake-up is lost; a missed one would only cost the rest of the bounded wait.
 *
 * <p><b>Queue (QUEUE strategy).</b> {@code held} keeps messages that found no credit, in order, guarded by
 * {@code queueLock}. While it is not empty new messages join it, so order is kept. It is drained, under the lock, by
 * whoever returns a credit and by each sender right after it added to it (so a message held just as the last credit
 * came back is not stranded).
 *
 * <p><b>Invariants.</b> {@code 0 <= inFlight <= window} ({@code inFlight} may exceed a lowered {@code limit} until
 * the receiver catches up; no credit is taken meanwhile); {@code 1 <= limit <= window}; {@code held.size() <= queueLimit}; every message offered is
 * counted exactly once as accepted, queued, redirected, dropped or refused (or the send failed because the receiver
 * ended).
 */
public final class CreditChannel implements FlowChannel, Envelope.Settlement {

    private final Kernel kernel;
    private final ProcessRef receiver;
    /** Whether the receiver has an isolated heap (fixed at its spawn): messages are copied for it. */
    private final boolean isolates;
    private final FlowControl control;
    private final List<CreditChannel> alternates;

    private final AtomicInteger inFlight = new AtomicInteger();
    /** Credits the channel lets out now: the window, or less when adaptive; written by the receiver only. */
    private volatile int limit;
    private final int returnBatch;
    /** Taken envelopes whose credit is not yet returned; the receiver's consumer only. */
    private int pendingReturns;
    /** The adaptive limit's target wait in nanoseconds, or 0 for a fixed window. */
    private final long targetWaitNanos;
    /** The adaptive limit's current period (messages, summed wait); the receiver's consumer only. */
    private int periodMessages;
    private long periodWaitNanos;
    private final LongAdder limitChanges = new LongAdder();
    private final ReentrantLock creditLock = new ReentrantLock();
    private final Condition creditBack = creditLock.newCondition();
    private volatile int waiters;

    private final ReentrantLock queueLock;
    private final ArrayDeque<Object> held;
    private volatile int heldCount;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final LongAdder redirected = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder retries = new LongAdder();

    /**
     * @param kernel the runtime's kernel
     * @param receiver a process of that runtime
     * @param control the channel's settings
     */
    public CreditChannel(Kernel kernel, ProcessRef receiver, FlowControl control) {
        this.kernel = kernel;
        this.receiver = kernel.requireOwn(receiver);
        this.isolates = kernel.isolatesMessages(receiver);
        this.control = Objects.requireNonNull(control, "control");
        this.limit = control.window();
        this.returnBatch = Math.max(1, control.window() / 8);
        this.targetWaitNanos = control.targetQueueWait() == null ? 0L : control.targetQueueWait().toNanos();
        if (control.strategy() == FlowStrategy.QUEUE) {
            queueLock = new ReentrantLock();
            held = new ArrayDeque<>();
        } else {
            queueLock = null;
            held = null;
        }
        List<CreditChannel> alts = new ArrayList<>();
        FlowControl rejecting = new FlowControl(control.window(), 0, Duration.ZERO, FlowStrategy.REJECT,
                control.queueLimit(), List.of(), control.targetQueueWait());
        for (ProcessRef alt : control.alternates()) {
            alts.add(new CreditChannel(kernel, alt, rejecting));
        }
        this.alternates = List.copyOf(alts);
    }

    @Override
    public ProcessRef receiver() {
        return receiver;
    }

    @Override
    public FlowControl control() {
        return control;
    }

    @Override
    public int credits() {
        return Math.max(0, limit - inFlight.get());
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public FlowStats stats() {
        return new FlowStats(accepted.sum(), queued.sum(), redirected.sum(), dropped.sum(), refused.sum(),
                retries.sum(), inFlight.get(), heldCount, limit, limitChanges.sum());
    }

    // ------------------------------------------------------------------ sending

    @Override
    public FlowResult trySend(Object message) {
        Object m = prepare(message);
        if (!receiver.isAlive()) {
            kernel.deadLetter(receiver, m);
            return FlowResult.NO_SUCH_PROCESS;
        }
        if (heldCount > 0) {
            return hold(m);
        }
        FlowResult direct = tryDirect(m);
        return direct != null ? direct : overflow(m);
    }

    @Override
    public FlowResult send(Object message) {
        Object m = prepare(message);
        long start = System.nanoTime();
        long delay = control.initialRetryDelay().toNanos();
        for (int attempt = 0;; attempt++) {
            if (!receiver.isAlive()) {
                kernel.deadLetter(receiver, m);
                throw new NoSuchProcessException("cannot send to " + receiver + " through a flow channel: it has ended"
                        + receiver.exitReason().map(r -> " (" + r + ")").orElse(""));
            }
            FlowResult r = heldCount > 0 && !queueFull() ? hold(m) : tryDirect(m);
            if (r == FlowResult.NO_SUCH_PROCESS) {
                continue; // reported by the alive check at the top
            }
            if (r != null) {
                return r;
            }
            if (attempt == control.maxRetries()) {
                break;
            }
            retries.increment();
            awaitCredit(delay);
            delay = delay > Long.MAX_VALUE / 2 ? delay : delay * 2;
        }
        FlowResult r = overflow(m);
        if (r == FlowResult.BACKPRESSURE) {
            throw new BackpressureException(receiver, control.window(), control.maxRetries(),
                    Duration.ofNanos(System.nanoTime() - start), control.strategy());
        }
        return r;
    }

    private Object prepare(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        return HeapIsolation.forReceiver(isolates, message);
    }

    /** With a credit, sends; null if there is none. */
    private FlowResult tryDirect(Object m) {
        if (!tryAcquire()) {
            return null;
        }
        return deliver(m);
    }

    private boolean tryAcquire() {
        int max = limit;
        for (;;) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Sends holding a credit. */
    private FlowResult deliver(Object m) {
        CreditEnvelope envelope = targetWaitNanos > 0L ? new CreditEnvelope.Timed(this, m, kernel.ticker().read())
                : new CreditEnvelope(this, m);
        SendResult result = kernel.sendInternal(receiver, envelope);
        switch (result) {
            case ACCEPTED, DROPPED_OLDEST -> {
                accepted.increment();
                return FlowResult.ACCEPTED;
            }
            case NO_SUCH_PROCESS -> {
                creditReturned();
                return FlowResult.NO_SUCH_PROCESS;
            }
            default -> {
                // The receiver's own bounded mailbox refused it (and reported it): backpressure all the same.
                creditReturned();
                refused.increment();
                return FlowResult.BACKPRESSURE;
            }
        }
    }

    private FlowResult overflow(Object m) {
        switch (control.strategy()) {
            case DROP -> {
                dropped.increment();
                report(FlowResult.DROPPED, m);
                return FlowResult.DROPPED;
            }
            case QUEUE -> {
                return hold(m);
            }
            case REDIRECT -> {
                for (CreditChannel alt : alternates) {
                    if (alt.receiver.isAlive() && alt.tryDirect(alt.prepare(m)) == FlowResult.ACCEPTED) {
                        redirected.increment();
                        return FlowResult.REDIRECTED;
                    }
                }
                return refuse(m);
            }
            default -> {
                return refuse(m);
            }
        }
    }

    private FlowResult refuse(Object m) {
        refused.increment();
        report(FlowResult.BACKPRESSURE, m);
        return FlowResult.BACKPRESSURE;
    }

    private void report(FlowResult result, Object m) {
        if (kernel.telemetry().enabled()) {
            kernel.telemetry().emit(new BeamEvent.FlowRefused(receiver, result, m.getClass()));
        }
    }

    // ------------------------------------------------------------------ QUEUE strategy

    private boolean queueFull() {
        return heldCount >= control.queueLimit();
    }

    private FlowResult hold(Object m) {
        if (held == null) {
            return overflow(m);
        }
        queueLock.lock();
        try {
            if (held.size() >= control.queueLimit()) {
                return refuse(m);
            }
            held.addLast(m);
            heldCount = held.size();
            queued.increment();
        } finally {
            queueLock.unlock();
        }
        drainHeld();
        return FlowResult.QUEUED;
    }

    /** Moves held messages to the receiver while there are credits. Any thread. */
    private void drainHeld() {
        queueLock.lock();
        try {
            while (!held.isEmpty() && receiver.isAlive() && tryAcquire()) {
                Object m = held.pollFirst();
                heldCount = held.size();
                if (deliver(m) == FlowResult.ACCEPTED) {
                    accepted.decrement(); // counted as queued already
                }
            }
        } finally {
            queueLock.unlock();
        }
    }

    // ------------------------------------------------------------------ credits coming back

    /**
     * The receiver took an envelope of this channel. Receiver's consumer only.
     *
     * @return whether credits are left pending (the caller must {@link #flushReturns()} before it waits or dies)
     */
    boolean taken(CreditEnvelope envelope) {
        if (envelope instanceof CreditEnvelope.Timed timed) {
            adapt(kernel.ticker().read() - timed.sentAt);
        }
        if (++pendingReturns >= returnBatch) {
            flushReturns();
            return false;
        }
        return true;
    }

    /** Returns the credits of the envelopes taken since the last return. Receiver's consumer only. */
    @Override
    public void settle() {
        flushReturns();
    }

    void flushReturns() {
        int n = pendingReturns;
        if (n > 0) {
            pendingReturns = 0;
            creditsReturned(n);
        }
    }

    /** One period's step of the adaptive limit (see the class comment). Receiver's consumer only. */
    private void adapt(long waitNanos) {
        periodWaitNanos += Math.max(0L, waitNanos);
        int current = limit;
        if (++periodMessages < Math.max(1, Math.min(64, current / 2))) {
            return;
        }
        long mean = periodWaitNanos / periodMessages;
        periodMessages = 0;
        periodWaitNanos = 0L;
        int next = current;
        if (mean > targetWaitNanos) {
            next = Math.max(1, current - Math.max(1, current / 4));
        } else if (mean <= targetWaitNanos / 2) {
            next = Math.min(control.window(), current + Math.max(1, current / 8));
        }
        if (next != current) {
            limit = next;
            limitChanges.increment();
            if (next > current) {
                wakeWaiters(); // more credits now
                if (heldCount > 0 && !queueLock.isHeldByCurrentThread()) {
                    drainHeld();
                }
            }
        }
    }

    /** A message of this channel left the receiver's mailbox without being taken (displaced, or its send failed). */
    void creditReturned() {
        creditsReturned(1);
    }

    private void creditsReturned(int n) {
        inFlight.addAndGet(-n);
        if (heldCount > 0 && !queueLock.isHeldByCurrentThread()) {
            drainHeld();
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        if (waiters > 0) {
            creditLock.lock();
            try {
                creditBack.signalAll();
            } finally {
                creditLock.unlock();
            }
        }
    }

    private void awaitCredit(long nanos) {
        creditLock.lock();
        try {
            waiters++;
            try {
                while (inFlight.get() >= limit && nanos > 0L && receiver.isAlive()) {
                    nanos = creditBack.awaitNanos(nanos);
                }
            } finally {
                waiters--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            creditLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FlowChannel[to " + receiver + ", window " + control.window() + ", " + control.strategy() + "]";
    }
}
