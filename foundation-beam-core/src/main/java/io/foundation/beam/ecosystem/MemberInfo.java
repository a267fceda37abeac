package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.process.ProcessStatus;

/**
 * One member of an ecosystem as {@link EcosystemInfo} shows it: always the <em>current</em> process for its role and
 * index (after a restart, the replacement).
 *
 * @param role "coordinator" or "worker"
 * @param index the worker's index, or -1 for the coordinator
 * @param process the current process
 * @param status its status (DEAD if it ended and was not, or not yet, replaced)
 * @param mailboxLength messages queued
 * @param messagesProcessed messages handled by this process
 * @param restarts times this role/index was restarted
 * @param memoryBytes the runtime's bookkeeping bytes for the process (see {@code ProcessInfo}); 0 when dead
 */
public record MemberInfo(String role, int index, ProcessRef process, ProcessStatus status, int mailboxLength,
        long messagesProcessed, int restarts, long memoryBytes) {

    /** @return whether the process is alive */
    public boolean alive() {
        return status != ProcessStatus.DEAD;
    }
}
