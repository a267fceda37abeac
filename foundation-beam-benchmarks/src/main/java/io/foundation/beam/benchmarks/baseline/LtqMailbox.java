package io.foundation.beam.benchmarks.baseline;

import java.util.concurrent.LinkedTransferQueue;

/**
 * A mailbox on a {@link LinkedTransferQueue}: {@code offer} to send, blocking {@code take()} to receive. When the
 * receiver is waiting, the queue hands a message to it directly and unparks it; all the waiting logic is the JDK's.
 */
final class LtqMailbox implements Mailbox {

    private final LinkedTransferQueue<Object> queue = new LinkedTransferQueue<>();

    @Override
    public void send(Object message) {
        queue.offer(message);
    }

    @Override
    public Object receive() throws InterruptedException {
        return queue.take();
    }
}
