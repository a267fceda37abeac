package io.foundation.beam.ecosystem;

import io.foundation.beam.messages.MessageStats;
import java.util.List;

/**
 * Message analytics of an ecosystem whose configuration has {@link EcosystemConfig#messageAnalytics()} on (see
 * {@link MessageStats} for what is counted and measured). The role totals are cumulative since the ecosystem started:
 * they include the messages of processes that were since restarted, replaced or retired by a resize. The supervisor's
 * own messages are not counted.
 *
 * @param coordinator every coordinator process's messages since the ecosystem started
 * @param workers every worker process's messages since the ecosystem started
 * @param currentWorkers the messages of each current worker process (by index, as {@link Ecosystem#workers()}),
 *     since that process started
 */
public record EcosystemMessageStats(MessageStats coordinator, MessageStats workers, List<MessageStats> currentWorkers) {

    /** Copies the list. */
    public EcosystemMessageStats {
        currentWorkers = List.copyOf(currentWorkers);
    }

    /** @return the coordinator's and the workers' messages together */
    public MessageStats total() {
        return coordinator.plus(workers);
    }
}
