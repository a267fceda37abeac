package io.foundation.beam.cluster.internal.ecosystem;

import io.foundation.beam.cluster.internal.journal.ItemId;
import io.foundation.beam.process.ProcessRef;
import java.util.Objects;

/**
 * The messages between a distributed ecosystem's coordinator (on the Raft leader's node) and its node agents (one on
 * every node that runs workers). They cross between nodes, so they are records the codec accepts as the cluster's own
 * types; the work and its outcome travel as the bytes the journal holds. Every message of the coordinator carries its
 * epoch (the Raft term it started in): an agent answers an older epoch than the highest it has seen with
 * {@link Stale}, so a deposed coordinator cannot dispatch.
 */
public sealed interface EcosystemWire {

    /**
     * Coordinator to agent: "I coordinate for this epoch; tell me your workers".
     *
     * @param epoch the coordinator's epoch
     * @param coordinator the coordinator process
     */
    record Hello(long epoch, ProcessRef coordinator) implements EcosystemWire {
        /** @throws NullPointerException if the coordinator is null */
        public Hello {
            Objects.requireNonNull(coordinator, "coordinator");
        }
    }

    /**
     * Agent to coordinator, answering {@link Hello}: this node's share, and how many pieces it takes in flight.
     *
     * @param epoch the epoch of the hello it answers
     * @param agent the agent process
     * @param node the agent's node name
     * @param workers its workers now
     * @param capacity the most pieces it takes in flight (dispatched, not yet answered)
     */
    record Ready(long epoch, ProcessRef agent, String node, int workers, int capacity) implements EcosystemWire {
        /** @throws NullPointerException if the agent or node is null */
        public Ready {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * Coordinator to agent: run this item (its {@code attempt}-th dispatch) and answer {@link Done}.
     *
     * @param id the item
     * @param epoch the coordinator's epoch
     * @param attempt which dispatch this is, from 1
     * @param key the item's key, or null
     * @param work the encoded work
     * @param coordinator where to answer
     */
    record Dispatch(ItemId id, long epoch, int attempt, String key, byte[] work, ProcessRef coordinator)
            implements EcosystemWire {
        /** @throws NullPointerException if a part other than the key is null */
        public Dispatch {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(coordinator, "coordinator");
        }
    }

    /**
     * Agent to coordinator: the outcome of an item it was dispatched.
     *
     * @param id the item
     * @param epoch the epoch of the dispatch it answers (the latest the agent had for the item)
     * @param attempt the attempt of that dispatch
     * @param success whether the work returned a value (else it failed)
     * @param outcome the encoded value, or the encoded exception
     * @param agent the agent that answers
     */
    record Done(ItemId id, long epoch, int attempt, boolean success, byte[] outcome, ProcessRef agent)
            implements EcosystemWire {
        /** @throws NullPointerException if a part is null */
        public Done {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Agent to a coordinator whose epoch is older than the highest the agent has seen: it is deposed.
     *
     * @param epoch the highest epoch the agent has seen
     * @param agent the agent
     */
    record Stale(long epoch, ProcessRef agent) implements EcosystemWire {
        /** @throws NullPointerException if the agent is null */
        public Stale {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Agent to coordinator: this node's share is leaving gracefully ({@code shutdown(drain, ...)} with a drain). The
     * coordinator dispatches nothing more to it; the agent answers what it holds within the drain and then ends, and
     * the coordinator re-dispatches whatever it had sent and was not answered when the agent's {@code Down} comes.
     *
     * @param epoch the highest epoch the agent has seen
     * @param agent the agent
     */
    record Leaving(long epoch, ProcessRef agent) implements EcosystemWire {
        /** @throws NullPointerException if the agent is null */
        public Leaving {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Agent to coordinator: a {@link Dispatch} that reached a {@link Leaving} agent, not run there: dispatch it
     * elsewhere now (same attempt), rather than when the agent ends.
     *
     * @param id the item
     * @param epoch the epoch of the dispatch
     * @param agent the agent
     */
    record Returned(ItemId id, long epoch, ProcessRef agent) implements EcosystemWire {
        /** @throws NullPointerException if a part is null */
        public Returned {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Coordinator to the submitters of an ecosystem whose journal is submitter-local (a process per node, in the
     * group {@link DistributedEcosystemHandle#submittersGroup}): "I coordinate for this epoch; send me what you hold".
     *
     * @param epoch the coordinator's epoch
     * @param coordinator the coordinator process
     */
    record CoordinatorUp(long epoch, ProcessRef coordinator) implements EcosystemWire {
        /** @throws NullPointerException if the coordinator is null */
        public CoordinatorUp {
            Objects.requireNonNull(coordinator, "coordinator");
        }
    }

    /**
     * Submitter to coordinator (journal submitter-local): items to run; sent once when submitted, and again, all that
     * are unfinished, to every new coordinator. The coordinator ignores an item it holds already.
     *
     * @param submitter the submitter process, where the {@link Outcome}s go
     * @param items the items
     */
    record Submit(ProcessRef submitter, java.util.List<io.foundation.beam.cluster.internal.journal.JournalItem> items)
            implements EcosystemWire {
        /** Copies the list. */
        public Submit {
            Objects.requireNonNull(submitter, "submitter");
            items = java.util.List.copyOf(items);
        }
    }

    /**
     * Coordinator to submitter (journal submitter-local): the outcome of an item; the submitter completes its future
     * with the first one and ignores the others.
     *
     * @param id the item
     * @param epoch the coordinator's epoch
     * @param attempt the attempt that produced it
     * @param success whether the work returned a value (else it failed)
     * @param outcome the encoded value, or the encoded exception
     */
    record Outcome(ItemId id, long epoch, int attempt, boolean success, byte[] outcome) implements EcosystemWire {
        /** @throws NullPointerException if a part is null */
        public Outcome {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
