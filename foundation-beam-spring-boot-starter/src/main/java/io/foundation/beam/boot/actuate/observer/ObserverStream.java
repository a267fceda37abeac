package io.foundation.beam.boot.actuate.observer;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One page's live stream: a bounded queue of events and a virtual thread that writes them to the client, so that a
 * slow or vanished client never holds up the sampler or the processes whose telemetry it pushes.
 *
 * <p><b>Model.</b> {@link #offer} never blocks: when {@value #CAPACITY} events wait already, the oldest is dropped
 * (a client that far behind is shown newer samples rather than stale ones; samples are whole, not deltas). The writer
 * takes events in order and writes each one; a write that fails (the client went away) closes the stream.
 * {@link #close} runs the close actions once, whoever calls it first (the writer, the sampler, the container's
 * completion or timeout callbacks).
 */
public final class ObserverStream {

    /** The most events waiting for one client. */
    static final int CAPACITY = 32;

    /** Where a stream's events go: a server-sent events response. */
    public interface Sink {

        /**
         * Writes one event.
         *
         * @param event its name
         * @param data its data, JSON
         * @throws IOException if the client cannot be written to any more
         */
        void send(String event, String data) throws IOException;

        /** Ends the response. */
        void complete();
    }

    private final Sink sink;
    private final LinkedBlockingDeque<String[]> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CopyOnWriteArrayList<Runnable> onClose = new CopyOnWriteArrayList<>();
    private final Thread writer;

    /**
     * Starts the stream's writer.
     *
     * @param sink where its events go
     */
    public ObserverStream(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.writer = Thread.ofVirtual().name("foundation-beam-observer-stream").start(this::write);
    }

    /**
     * Queues an event for the client, dropping the oldest waiting one if the queue is full. Never blocks.
     *
     * @param event its name
     * @param data its data, JSON
     */
    public void offer(String event, String data) {
        if (closed.get()) {
            return;
        }
        String[] item = {event, data};
        while (!queue.offerLast(item)) {
            queue.pollFirst();
        }
    }

    /** @param action run once when the stream closes */
    public void onClose(Runnable action) {
        onClose.add(action);
        if (closed.get()) {
            action.run();
        }
    }

    /** @return whether the stream has closed */
    public boolean isClosed() {
        return closed.get();
    }

    /** Ends the stream: stops its writer, completes the response and runs the close actions. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.interrupt();
        queue.clear();
        try {
            sink.complete();
        } catch (RuntimeException alreadyGone) {
            // the response was already completed or broken
        }
        for (Runnable action : onClose) {
            action.run();
        }
    }

    private void write() {
        try {
            while (!closed.get()) {
                String[] item = queue.takeFirst();
                sink.send(item[0], item[1]);
            }
        } catch (InterruptedException stopping) {
            // closed
        } catch (IOException | RuntimeException clientGone) {
            // the client went away, or the response was completed under us
        } finally {
            close();
        }
    }
}
