package io.foundation.beam.internal;

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
 * <p><b>Credits.</b> {@code inFlight} counts this channel's messages in the receiver's mailbox. A sender takes a
 * credit by a compare-and-set that keeps {@code inFlight <= window}, then sends a {@link CreditEnvelope}; the receiver
 * decrements {@code inFlight} when it takes the envelope ({@link #creditReturned()}, on its own thread). If the send
 * itself fails (the receiver died, or its own bounded mailbox is full) the credit is given back at once.
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
 * <p><b>Invariants.</b> {@code 0 <= inFlight <= window}; {@code held.size() <= queueLimit}; every message offered is
 * counted exactly once as accepted, queued, redirected, dropped or refused (or the send failed because the receiver
 * ended).
 */
final class CreditChannel implements FlowChannel {

    private final DefaultBeamRuntime runtime;
    private final ProcessCell receiver;
    private final FlowControl control;
    private final List<CreditChannel> alternates;

    private final AtomicInteger inFlight = new AtomicInteger();
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

    CreditChannel(DefaultBeamRuntime runtime, ProcessCell receiver, FlowControl control) {
        this.runtime = runtime;
        this.receiver = receiver;
        this.control = Objects.requireNonNull(control, "control");
        if (control.strategy() == FlowStrategy.QUEUE) {
            queueLock = new ReentrantLock();
            held = new ArrayDeque<>();
        } else {
            queueLock = null;
            held = null;
        }
        List<CreditChannel> alts = new ArrayList<>();
        FlowControl rejecting = new FlowControl(control.window(), 0, Duration.ZERO, FlowStrategy.REJECT,
                control.queueLimit(), List.of());
        for (ProcessRef alt : control.alternates()) {
            alts.add(new CreditChannel(runtime, runtime.cellOf(alt), rejecting));
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
        return control.window() - inFlight.get();
    }

    @Override
    public FlowStats stats() {
        return new FlowStats(accepted.sum(), queued.sum(), redirected.sum(), dropped.sum(), refused.sum(),
                retries.sum(), inFlight.get(), heldCount);
    }

    // ------------------------------------------------------------------ sending

    @Override
    public FlowResult trySend(Object message) {
        Object m = prepare(message);
        if (!receiver.isAlive()) {
            runtime.deadLetter(receiver, m);
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
                runtime.deadLetter(receiver, m);
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
        return receiver.isolatesMessages() ? MessageIsolation.standard().isolate(message) : message;
    }

    /** With a credit, sends; null if there is none. */
    private FlowResult tryDirect(Object m) {
        if (!tryAcquire()) {
            return null;
        }
        return deliver(m);
    }

    private boolean tryAcquire() {
        int window = control.window();
        for (;;) {
            int n = inFlight.get();
            if (n >= window) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Sends holding a credit. */
    private FlowResult deliver(Object m) {
        SendResult result = receiver.sendInternal(new CreditEnvelope(this, m));
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
        if (runtime.telemetry.enabled()) {
            runtime.telemetry.emit(new BeamEvent.FlowRefused(receiver, result, m.getClass()));
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

    /** A message of this channel left the receiver's mailbox (taken, displaced, or its send failed). */
    void creditReturned() {
        inFlight.decrementAndGet();
        if (heldCount > 0 && !queueLock.isHeldByCurrentThread()) {
            drainHeld();
        }
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
                while (inFlight.get() >= control.window() && nanos > 0L && receiver.isAlive()) {
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
