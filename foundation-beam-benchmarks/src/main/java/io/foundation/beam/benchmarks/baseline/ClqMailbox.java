package io.foundation.beam.benchmarks.baseline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A mailbox on a {@link ConcurrentLinkedQueue}, a volatile {@code waiting} flag and
 * {@link LockSupport#park}/{@link LockSupport#unpark}.
 *
 * <p><b>Protocol.</b> The receiver polls; if the queue is empty it records itself as {@code owner}, sets
 * {@code waiting = true}, polls again, and parks only if that second poll found nothing. A sender offers its message
 * and then reads {@code waiting}; if it is set, the sender clears it by CAS and, if its CAS won, unparks the owner.
 * No thread spins: a receiver with an empty mailbox parks after one re-check.
 *
 * <p><b>Invariant (no lost wake-up).</b> Whenever the receiver is parked, or about to park, with a message in the
 * queue, then either {@code waiting} is still true and the sender of that message will see it, or a sender has
 * cleared it by CAS and will unpark (or has unparked) the owner. Why: {@code waiting} is only cleared by a sender's
 * successful CAS, which is always followed by an unpark, or by the receiver when it is not going to park. Before
 * every park the receiver writes {@code waiting = true} and then polls; a sender writes the queue (the CAS that
 * links its node) and then reads {@code waiting}. All four are volatile accesses, so they are totally ordered
 * (Dekker): either the receiver's poll sees the message, or the sender's read comes after the receiver's write and
 * sees {@code true} (unless another sender cleared it first, which then unparks). An unpark that comes before the
 * park leaves a permit, so the park returns at once. {@code owner} is a plain field: it is written before the
 * volatile write of {@code waiting} and read by a sender only after it read {@code waiting == true}, so it is seen.
 *
 * <p><b>Spurious wake-ups.</b> {@code park} may return without an unpark (or on a permit left by an earlier,
 * unneeded unpark); the receiver then polls and, finding nothing, sets {@code waiting} and re-checks again. An
 * interrupt makes {@code park} return; the receiver then clears {@code waiting} and throws
 * {@link InterruptedException}.
 */
final class ClqMailbox implements Mailbox {

    private static final VarHandle WAITING;

    static {
        try {
            WAITING = MethodHandles.lookup().findVarHandle(ClqMailbox.class, "waiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /** True while the receiver may be parked (or about to park) on an empty queue; see the class comment. */
    private volatile boolean waiting;
    /** The receiving thread; written by it before it sets {@link #waiting}. */
    private Thread owner;

    @Override
    public void send(Object message) {
        queue.offer(message);
        if (waiting && WAITING.compareAndSet(this, true, false)) {
            LockSupport.unpark(owner);
        }
    }

    @Override
    public Object receive() throws InterruptedException {
        Object message = queue.poll();
        return message != null ? message : await();
    }

    private Object await() throws InterruptedException {
        owner = Thread.currentThread();
        for (;;) {
            waiting = true;
            Object message = queue.poll();
            if (message == null) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    waiting = false;
                    throw new InterruptedException();
                }
                message = queue.poll();
            }
            if (message != null) {
                if (waiting) {
                    // No sender cleared it (the message came before the re-check, or a sender has yet to look):
                    // clear it so senders stop unparking a running receiver. A sender's racing CAS and unpark only
                    // leave a permit, which the next park consumes as a spurious wake-up.
                    waiting = false;
                }
                return message;
            }
            // Spurious wake-up or a stale permit: set the flag and re-check before parking again.
        }
    }
}
