package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * A monitor of a process group ({@link ProcessGroups#monitor}): its handle and the group's members when it began.
 * Every later change reaches the watcher as a {@link GroupJoined} or {@link GroupLeft}, in order after this list.
 *
 * @param group the group's name
 * @param id the monitor's number on this node, for {@link ProcessGroups#demonitor}
 * @param members the group's members, on every node, when the monitor began
 */
public record GroupMonitor(String group, long id, List<ProcessRef> members) {

    /** Copies the list. */
    public GroupMonitor {
        Objects.requireNonNull(group, "group");
        members = List.copyOf(members);
    }
}
