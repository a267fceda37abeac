package io.foundation.beam.process;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one process, for introspection. Figures are read without stopping the process, so they are a
 * consistent-enough view of a moving target, not an atomic one.
 *
 * <p><b>What {@code memoryBytes} means.</b> The JVM has no per-thread heap, and its allocation counters do not cover
 * virtual threads, so no JVM can say how much heap one process "uses". The figure is the runtime's own bookkeeping
 * for the process: its process record, its mailbox and the mailbox's current chunk (a 4-byte slot per queued
 * message), saved messages awaiting a selective receive, and link and monitor entries, from object sizes measured
 * with JOL on a 64-bit JVM with compressed references. It excludes message payloads, the state held by the user's
 * handler object and the virtual thread's stack while the process runs or is parked in {@code receive}. It is above
 * zero for every live process and grows with its backlog, which is what it is for.
 *
 * @param process the process
 * @param registeredName its registered name, if any
 * @param status what it is doing
 * @param mailboxLength messages queued and not yet handled (including saved messages awaiting a selective receive)
 * @param messagesProcessed messages handed to its code so far
 * @param messagesDropped messages its bounded mailbox dropped (DROP_NEWEST and DROP_OLDEST)
 * @param messagesRejected messages its bounded mailbox refused (REJECT and BLOCK_SENDER)
 * @param links processes linked to it
 * @param monitors processes it monitors
 * @param monitoredBy processes that monitor it
 * @param trapExits whether it traps exits
 * @param memoryBytes the runtime's bookkeeping bytes for it, as described above
 * @param orphaned whether it was killed but its thread ignored the interrupt and still runs
 * @param behavior the class name of its handler or body
 */
public record ProcessInfo(ProcessRef process, Optional<String> registeredName, ProcessStatus status,
        int mailboxLength, long messagesProcessed, long messagesDropped, long messagesRejected,
        List<ProcessRef> links, List<ProcessRef> monitors, List<ProcessRef> monitoredBy, boolean trapExits,
        long memoryBytes, boolean orphaned, String behavior) {
}
