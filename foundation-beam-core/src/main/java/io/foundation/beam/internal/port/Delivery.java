package io.foundation.beam.internal.port;

import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ProcessRef;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a port's output to its receiver without losing it to a full mailbox.
 *
 * <p>Model: the reader threads call {@link #deliver} for each frame. A receiver whose bounded mailbox refuses the
 * message ({@code REJECT}, or {@code BLOCK_SENDER} after its timeout) makes the reader wait and try again, with a
 * backoff from 0.1 ms up to 50 ms: the reader stops reading, the pipe fills, and the program blocks on its next
 * write, which is backpressure to the program rather than a drop. (Each refused attempt is counted by the receiver's
 * mailbox, as any refusal.) A receiver with a {@code DROP_*} policy chose to drop: its mailbox drops, counts and
 * reports as for any sender. Delivery stops when the receiver has ended or the port is closing.
 *
 * <p>Thread-safety: used by the stdout and stderr readers and the exit waiter at once; it holds no state but the
 * shared closing flag.
 */
final class Delivery {

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ProcessRef receiver;
    private final AtomicBoolean closing;

    Delivery(ProcessRef receiver, AtomicBoolean closing) {
        this.receiver = receiver;
        this.closing = closing;
    }

    /**
     * @param message the message
     * @return whether it reached the receiver's mailbox (false: the receiver has ended or the port is closing)
     */
    boolean deliver(Object message) {
        long backoff = FIRST_BACKOFF_NANOS;
        while (!closing.get()) {
            SendResult result = receiver.trySend(message);
            switch (result) {
                case ACCEPTED, DROPPED_OLDEST, DROPPED_NEWEST -> {
                    return true;
                }
                case NO_SUCH_PROCESS -> {
                    return false;
                }
                case MAILBOX_FULL -> {
                    LockSupport.parkNanos(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                }
            }
        }
        return false;
    }
}
