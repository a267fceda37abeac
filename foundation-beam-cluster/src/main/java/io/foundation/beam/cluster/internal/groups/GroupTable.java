package io.foundation.beam.cluster.internal.groups;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The snapshot of one node's groups that readers use without asking its scope (pg's ETS table): group name to an
 * immutable list of members, on every node and on this node.
 *
 * <p>Model: one writer, the scope process, which replaces a group's lists whole after each change; any number of
 * readers. Invariant: a group is present only with a non-empty list; {@code local(g)} is a sub-multiset of
 * {@code all(g)} once the scope's handler that changed {@code g} has returned.
 */
final class GroupTable {

    private final ConcurrentHashMap<String, List<ProcessRef>> all = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<ProcessRef>> local = new ConcurrentHashMap<>();

    List<ProcessRef> all(String group) {
        return all.getOrDefault(group, List.of());
    }

    List<ProcessRef> local(String group) {
        return local.getOrDefault(group, List.of());
    }

    Set<String> groups() {
        return Set.copyOf(all.keySet());
    }

    /** Called by the scope only. */
    void publish(String group, List<ProcessRef> localMembers, List<ProcessRef> allMembers) {
        put(local, group, localMembers);
        put(all, group, allMembers);
    }

    private static void put(ConcurrentHashMap<String, List<ProcessRef>> map, String group, List<ProcessRef> members) {
        if (members.isEmpty()) {
            map.remove(group);
        } else {
            map.put(group, List.copyOf(members));
        }
    }
}
