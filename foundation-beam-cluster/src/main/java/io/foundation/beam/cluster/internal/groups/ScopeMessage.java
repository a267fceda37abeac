package io.foundation.beam.cluster.internal.groups;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The messages between the group scopes of two nodes (see {@link GroupScope}); they cross between nodes, so they are
 * records the codec accepts as the cluster's own types. Each names the scope that sent it, as a message has no sender.
 */
public sealed interface ScopeMessage {

    /** @return the scope that sent the message */
    ProcessRef scope();

    /**
     * "Send me your memberships": answered with a {@link Sync}; a scope not yet known is taken as a peer and asked in
     * turn.
     *
     * @param scope the sender
     */
    record Discover(ProcessRef scope) implements ScopeMessage {
        /** @throws NullPointerException if the scope is null */
        public Discover {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /**
     * All the sender's local memberships: they replace what the receiver knew of that scope's.
     *
     * @param scope the sender
     * @param groups group name to its members on the sender's node (a process once per join)
     */
    record Sync(ProcessRef scope, Map<String, List<ProcessRef>> groups) implements ScopeMessage {
        /** Copies the map. */
        public Sync {
            Objects.requireNonNull(scope, "scope");
            groups = Map.copyOf(groups);
        }
    }

    /**
     * Processes of the sender's node joined a group.
     *
     * @param scope the sender
     * @param group the group
     * @param members the processes, once per join
     */
    record Joined(ProcessRef scope, String group, List<ProcessRef> members) implements ScopeMessage {
        /** Copies the list. */
        public Joined {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(group, "group");
            members = List.copyOf(members);
        }
    }

    /**
     * Processes of the sender's node left a group (called leave, or ended).
     *
     * @param scope the sender
     * @param group the group
     * @param members the processes, once per membership lost
     */
    record Left(ProcessRef scope, String group, List<ProcessRef> members) implements ScopeMessage {
        /** Copies the list. */
        public Left {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(group, "group");
            members = List.copyOf(members);
        }
    }
}
