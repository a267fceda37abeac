package io.foundation.beam.telemetry;

import io.foundation.beam.process.ProcessRef;
import java.time.Duration;
import java.util.List;

/**
 * One pass of a {@link ProcessTop} over a runtime's live processes.
 *
 * @param sequence 1 for a {@code ProcessTop}'s first sample, then one more per sample
 * @param interval the runtime's ticker time since the previous sample; zero for the first
 * @param scanTime how long the pass over the processes took (the lists' {@link io.foundation.beam.process.ProcessInfo}
 *     included), on the runtime's ticker
 * @param processCount live processes visited
 * @param totalMailbox messages queued across them
 * @param totalMemoryBytes the sum of their memory figures (see {@link io.foundation.beam.process.ProcessInfo})
 * @param messagesPerSecond the sum of their message rates; 0 in the first sample
 * @param byMailbox the processes with the longest mailboxes, longest first (ties: lower id first); only processes
 *     with a non-empty mailbox
 * @param byMessageRate the processes with the highest rates, highest first (ties: lower id first); only processes
 *     with a rate above zero
 * @param byMemory the processes with the largest memory figures, largest first (ties: lower id first)
 * @param supervisors the live static supervisors ({@link io.foundation.beam.supervision.Supervisor}), lowest id
 *     first, at most {@value ProcessTop#MAX_SUPERVISORS}
 * @param dynamicSupervisors the live dynamic supervisors ({@link io.foundation.beam.supervision.DynamicSupervisor}),
 *     lowest id first, at most {@value ProcessTop#MAX_SUPERVISORS}
 * @param supervisorCount how many live supervisors of both kinds the pass saw, listed or not
 */
public record TopSample(long sequence, Duration interval, Duration scanTime, int processCount, long totalMailbox,
        long totalMemoryBytes, double messagesPerSecond, List<TopEntry> byMailbox, List<TopEntry> byMessageRate,
        List<TopEntry> byMemory, List<ProcessRef> supervisors, List<ProcessRef> dynamicSupervisors,
        int supervisorCount) {
}
