package io.foundation.beam.benchmarks.distributed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The Pekko side's actors and messages: the nearest Pekko equivalent of a distributed ecosystem's coordinator. One
 * {@link #coordinator} in the cluster (a {@code ClusterSingleton}, on the oldest node) takes {@link Submit}s from
 * every node, gives each item an id, sends it round robin to a worker (the workers of every node, registered with the
 * receptionist under {@link #WORKERS}), takes the worker's {@link Done} and replies {@link Result} to the submitter's
 * {@code ask}. So the coordinator sees each item twice, as ours does; unlike ours, nothing is journaled: an item the
 * coordinator holds is lost with its node (the submitter's ask times out).
 */
final class PekkoWork {

    /** The receptionist's key of every node's workers. */
    static final ServiceKey<Dispatch> WORKERS = ServiceKey.create(Dispatch.class, "dist-bench-workers");

    private PekkoWork() {
    }

    /** The messages that cross nodes, all serialized by {@link PekkoWorkSerializer}. */
    sealed interface Wire permits Submit, Dispatch, Done, Result {
    }

    /** What the coordinator handles. */
    sealed interface CoordinatorMessage permits Submit, Done, WorkersChanged {
    }

    /**
     * A submitter's item.
     *
     * @param item the work item
     * @param replyTo the submitter's ask
     */
    record Submit(String item, ActorRef<Result> replyTo) implements Wire, CoordinatorMessage {
    }

    /**
     * The coordinator's item for a worker.
     *
     * @param id the coordinator's id of the item
     * @param item the work item
     * @param coordinator where the worker answers
     */
    record Dispatch(long id, String item, ActorRef<CoordinatorMessage> coordinator) implements Wire {
    }

    /**
     * A worker's answer.
     *
     * @param id the item's id
     * @param result the worker's result
     */
    record Done(long id, String result) implements Wire, CoordinatorMessage {
    }

    /**
     * The answer to the submitter.
     *
     * @param result the worker's result
     */
    record Result(String result) implements Wire {
    }

    /**
     * The receptionist's news (local only).
     *
     * @param listing the workers now registered
     */
    record WorkersChanged(Receptionist.Listing listing) implements CoordinatorMessage {
    }

    /** @return a worker: runs {@link Work} and answers its coordinator */
    static Behavior<Dispatch> worker() {
        return Behaviors.receiveMessage(d -> {
            d.coordinator().tell(new Done(d.id(), Work.run(d.item())));
            return Behaviors.same();
        });
    }

    /**
     * @param expectedWorkers how many workers the cluster has: items wait until the coordinator knows them all
     * @return the coordinator
     */
    static Behavior<CoordinatorMessage> coordinator(int expectedWorkers) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.subscribe(WORKERS,
                    context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new)));
            List<ActorRef<Dispatch>> workers = new ArrayList<>();
            Map<Long, ActorRef<Result>> pending = new HashMap<>();
            Queue<Submit> waiting = new ArrayDeque<>();
            long[] next = new long[1];
            ActorRef<CoordinatorMessage> self = context.getSelf();
            Runnable dispatchWaiting = () -> {
                while (workers.size() >= expectedWorkers && !waiting.isEmpty()) {
                    Submit s = waiting.poll();
                    long id = next[0]++;
                    pending.put(id, s.replyTo());
                    workers.get((int) (id % workers.size())).tell(new Dispatch(id, s.item(), self));
                }
            };
            return Behaviors.receive(CoordinatorMessage.class)
                    .onMessage(Submit.class, s -> {
                        waiting.add(s);
                        dispatchWaiting.run();
                        return Behaviors.same();
                    })
                    .onMessage(Done.class, d -> {
                        ActorRef<Result> replyTo = pending.remove(d.id());
                        if (replyTo != null) {
                            replyTo.tell(new Result(d.result()));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(WorkersChanged.class, w -> {
                        workers.clear();
                        workers.addAll(w.listing().getServiceInstances(WORKERS));
                        workers.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
                        dispatchWaiting.run();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
