package io.foundation.beam.internal.mailbox;

import io.foundation.beam.mailbox.SendResult;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded mailbox with the DROP_OLDEST policy: a full mailbox accepts the new message and drops its oldest.
 *
 * <p><b>Model.</b> Dropping the oldest message means a producer removes from the head, which the consumer also
 * does, so this mailbox is an {@link ArrayDeque} guarded by a {@link ReentrantLock} (short, non-blocking critical
 * sections: no pinning concern). The displaced message is handed to a listener outside the lock, for reporting.
 *
 * <p><b>Invariants.</b> {@code size <= capacity}; FIFO order; {@code size} is written under the lock and read
 * volatile, and the lock's acquire/release makes {@link #isEmpty()} see every completed offer (the scheduler's
 * lost-wake-up check).
 */
final class RingMailbox extends Mailbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    private final Consumer<Object> displaced;
    private ArrayDeque<Object> queue = new ArrayDeque<>();
    private volatile int size;
    private volatile long delivered;

    RingMailbox(int capacity, Consumer<Object> displaced) {
        this.capacity = capacity;
        this.displaced = displaced;
    }

    @Override
    public SendResult offer(Object message, MailboxOwner receiver) {
        Object dropped = null;
        lock.lock();
        try {
            if (queue.size() >= capacity) {
                dropped = queue.pollFirst();
            }
            queue.addLast(message);
            size = queue.size();
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            displaced.accept(dropped);
            return SendResult.DROPPED_OLDEST;
        }
        return SendResult.ACCEPTED;
    }

    @Override
    public Object poll() {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            Object m = queue.pollFirst();
            size = queue.size();
            return m;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int discardAll() {
        lock.lock();
        try {
            int n = queue.size();
            queue.clear();
            size = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void trim() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                queue = new ArrayDeque<>(0);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delivered() {
        delivered = delivered + 1;
    }

    @Override
    public long deliveredCount() {
        return delivered;
    }

    @Override
    public io.foundation.beam.mailbox.OverflowPolicy policy() {
        return io.foundation.beam.mailbox.OverflowPolicy.DROP_OLDEST;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long footprintBytes() {
        return MailboxFootprint.RING_MAILBOX + MailboxFootprint.LOCK;
    }

    @Override
    public long bytesPerMessage() {
        return 4;
    }
}
