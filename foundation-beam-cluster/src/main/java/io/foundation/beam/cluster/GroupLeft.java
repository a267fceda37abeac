package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * Processes left a monitored group: they called leave, they ended, or their node was lost (stopped, crashed, cut off
 * by a partition).
 *
 * @param group the group's name
 * @param members the processes that left, once per membership they lost
 */
public record GroupLeft(String group, List<ProcessRef> members) implements GroupEvent {

    /** Copies the list. */
    public GroupLeft {
        Objects.requireNonNull(group, "group");
        members = List.copyOf(members);
    }
}
