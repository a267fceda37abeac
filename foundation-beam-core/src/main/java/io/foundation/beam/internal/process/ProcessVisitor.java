package io.foundation.beam.internal.process;

import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;

/**
 * What {@link Kernel#forEachProcess} shows of each live process: the figures of its
 * {@link io.foundation.beam.process.ProcessInfo} that cost no allocation, read as {@code BeamRuntime.info} reads them.
 *
 * <p>Threading: called on the thread that called {@code forEachProcess}, once per process, never concurrently.
 */
@FunctionalInterface
public interface ProcessVisitor {

    /**
     * @param process the process
     * @param behavior its {@code ProcessHandler} or {@code ProcessBody} (a body's hibernate continuation after it
     *     hibernated), or null if it ended while it was being visited; to be tested, not called
     * @param status what it is doing, as {@code ProcessInfo.status}
     * @param mailboxLength as {@code ProcessInfo.mailboxLength}: queued and saved messages
     * @param messagesProcessed as {@code ProcessInfo.messagesProcessed}
     * @param memoryBytes as {@code ProcessInfo.memoryBytes}, by the same formula
     */
    void visit(ProcessRef process, Object behavior, ProcessStatus status, int mailboxLength, long messagesProcessed,
            long memoryBytes);
}
