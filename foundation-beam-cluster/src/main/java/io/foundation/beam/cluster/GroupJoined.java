package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * Processes joined a monitored group (on this node or another).
 *
 * @param group the group's name
 * @param members the processes that joined, once per join
 */
public record GroupJoined(String group, List<ProcessRef> members) implements GroupEvent {

    /** Copies the list. */
    public GroupJoined {
        Objects.requireNonNull(group, "group");
        members = List.copyOf(members);
    }
}
