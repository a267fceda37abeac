package io.foundation.beam.internal.process;

import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans events out to listeners. The listener array is copy-on-write (a volatile read per event, nothing when there
 * is no listener); a listener that throws is logged and counted, and never reaches the process that emitted the
 * event.
 */
public final class Telemetry {

    private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
    private static final BeamEventListener[] NONE = new BeamEventListener[0];

    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile BeamEventListener[] listeners;
    private final LongAdder failures = new LongAdder();

    Telemetry(List<BeamEventListener> initial) {
        this.listeners = initial.toArray(NONE);
    }

    public boolean enabled() {
        return listeners.length != 0;
    }

    public void emit(BeamEvent event) {
        for (BeamEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable t) {
                failures.increment();
                LOG.log(System.Logger.Level.WARNING, "telemetry listener " + listener + " failed on " + event, t);
            }
        }
    }

    /** One message taken by a process that keeps analytics (see {@link BeamEventListener#onMessageTaken}). */
    void messageTaken(ProcessRef process, long estimatedBytes, long queueWaitNanos) {
        for (BeamEventListener listener : listeners) {
            try {
                listener.onMessageTaken(process, estimatedBytes, queueWaitNanos);
            } catch (Throwable t) {
                failures.increment();
                LOG.log(System.Logger.Level.WARNING, "telemetry listener " + listener + " failed on a message taken by "
                        + process, t);
            }
        }
    }

    void add(BeamEventListener listener) {
        writeLock.lock();
        try {
            BeamEventListener[] current = listeners;
            BeamEventListener[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            listeners = next;
        } finally {
            writeLock.unlock();
        }
    }

    void remove(BeamEventListener listener) {
        writeLock.lock();
        try {
            BeamEventListener[] current = listeners;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == listener) {
                    BeamEventListener[] next = new BeamEventListener[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    listeners = next;
                    return;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    long failures() {
        return failures.sum();
    }
}
