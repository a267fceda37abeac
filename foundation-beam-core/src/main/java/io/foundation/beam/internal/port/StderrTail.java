package io.foundation.beam.internal.port;

import io.foundation.beam.port.PortExitStatus;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last lines a program wrote to stderr, for its exit reason. Written by the stderr reader thread, read by the
 * port process when the program has exited; a lock guards the deque (never held while blocking).
 */
final class StderrTail {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<String> lines = new ArrayDeque<>(PortExitStatus.STDERR_TAIL_LINES);

    void add(String line) {
        lock.lock();
        try {
            if (lines.size() == PortExitStatus.STDERR_TAIL_LINES) {
                lines.removeFirst();
            }
            lines.addLast(line);
        } finally {
            lock.unlock();
        }
    }

    List<String> lines() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }
}
