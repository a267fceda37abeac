package io.foundation.beam.telemetry;

import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import java.util.Optional;

/**
 * What the runtime tells {@link BeamEventListener}s. Events are plain records; they hold process references, node
 * names and message types, never message contents. Most events are about a process ({@link ProcessEvent}); with the
 * cluster module, {@link NodeUp} and {@link NodeDown} are about another node.
 */
public sealed interface BeamEvent {

    /** An event about one process. */
    sealed interface ProcessEvent extends BeamEvent {

        /** @return the process the event is about */
        ProcessRef process();
    }

    /**
     * Another node is in this runtime's cluster (module {@code foundation-beam-cluster}): emitted once per node
     * incarnation, for each member found when this runtime joins and for each one that joins later, on the cluster's
     * transport thread, in the order the cluster saw the changes.
     *
     * @param node the node's name
     * @param incarnation the node's incarnation (a node that restarts under the same name has a new one)
     */
    record NodeUp(String node, long incarnation) implements BeamEvent {

        /**
         * @throws NullPointerException if the name is null
         */
        public NodeUp {
            java.util.Objects.requireNonNull(node, "node");
        }
    }

    /**
     * A node of this runtime's cluster left it (it closed, crashed, was killed, or is on the other side of a
     * partition), after every link and monitor to its processes has fired with reason {@code noconnection}: emitted
     * at most once after each {@link NodeUp}, with the same incarnation.
     *
     * @param node the node's name
     * @param incarnation the incarnation that left
     */
    record NodeDown(String node, long incarnation) implements BeamEvent {

        /**
         * @throws NullPointerException if the name is null
         */
        public NodeDown {
            java.util.Objects.requireNonNull(node, "node");
        }
    }

    /**
     * A process was spawned.
     *
     * @param process the new process
     * @param parent the process that spawned it, if it was spawned from a process
     * @param behavior the class name of its handler or body
     */
    record ProcessSpawned(ProcessRef process, Optional<ProcessRef> parent, String behavior) implements ProcessEvent {
    }

    /**
     * A process ended.
     *
     * @param process the process
     * @param reason why
     * @param unprocessedMessages messages still queued that it will never handle
     */
    record ProcessExited(ProcessRef process, ExitReason reason, int unprocessedMessages) implements ProcessEvent {
    }

    /**
     * A bounded mailbox dropped a message (policy DROP_NEWEST drops the new one, DROP_OLDEST the oldest queued).
     *
     * @param process the receiver
     * @param policy its overflow policy
     * @param messageType the dropped message's type
     */
    record MessageDropped(ProcessRef process, OverflowPolicy policy, Class<?> messageType) implements ProcessEvent {
    }

    /**
     * A bounded mailbox refused a message (policy REJECT, or BLOCK_SENDER after its timeout).
     *
     * @param process the receiver
     * @param policy its overflow policy
     * @param messageType the refused message's type
     */
    record MessageRejected(ProcessRef process, OverflowPolicy policy, Class<?> messageType) implements ProcessEvent {
    }

    /**
     * A message was sent to a process that had already ended. (Messages still queued when a process ends are not
     * reported one by one: {@link ProcessExited#unprocessedMessages()} gives their number, and
     * {@code RuntimeSnapshot.deadLetters} counts both kinds.)
     *
     * @param process the receiver
     * @param messageType the message's type
     */
    record DeadLetter(ProcessRef process, Class<?> messageType) implements ProcessEvent {
    }

    /**
     * A live process received a message it has no use for, and dropped it: a message sent straight to the default
     * coordinator of an ecosystem (one configured without a {@code Coordinator}, which takes only work through
     * {@code Ecosystem.submit}). Unlike a {@link DeadLetter}, the receiver was alive; the message counts among those
     * it processed.
     *
     * @param process the receiver
     * @param ecosystem the ecosystem the receiver belongs to
     * @param messageType the message's type
     */
    record UnhandledMessage(ProcessRef process, String ecosystem, Class<?> messageType) implements ProcessEvent {
    }

    /**
     * A process hibernated: no thread, trimmed buffers.
     *
     * @param process the process
     */
    record ProcessHibernated(ProcessRef process) implements ProcessEvent {
    }

    /**
     * A process's code threw: its handler or body (the process crashes), or its terminate hook (reported only).
     *
     * @param process the process
     * @param phase where: "init", "handle", "body" or "terminate"
     * @param error what was thrown
     */
    record HandlerFailed(ProcessRef process, String phase, Throwable error) implements ProcessEvent {
    }

    /**
     * A supervisor restarted a child.
     *
     * @param process the child's new process
     * @param supervisor the supervisor
     * @param childId the child's id
     * @param reason why the previous process ended
     * @param restarts the child's restarts so far, this one included
     */
    record ChildRestarted(ProcessRef process, ProcessRef supervisor, String childId, ExitReason reason, int restarts)
            implements ProcessEvent {
    }

    /**
     * A supervisor exceeded its restart intensity and is shutting down (escalating to its own supervisor).
     *
     * @param process the supervisor
     * @param maxRestarts its limit
     * @param period its period
     * @param lastChildId the child whose exit tipped it over
     */
    record SupervisorGaveUp(ProcessRef process, int maxRestarts, java.time.Duration period, String lastChildId)
            implements ProcessEvent {
    }

    /**
     * Isolated work ended ({@code isolateMemoryIntensiveWork}).
     *
     * @param process the process that ran it (gone now)
     * @param outcome "succeeded", "failed", "timed_out" or "cancelled"
     * @param took how long it ran
     */
    record IsolatedWorkFinished(ProcessRef process, String outcome, java.time.Duration took) implements ProcessEvent {
    }

    /**
     * A child JVM of isolated work ({@code IsolationOptions.forked()}) started and connected: its pool process is
     * ready to give it a task.
     *
     * @param process the pool process that owns it
     * @param pid the child JVM's operating-system process id
     * @param took from the start of its {@code java} command until it connected
     */
    record ChildJvmStarted(ProcessRef process, long pid, java.time.Duration took) implements ProcessEvent {
    }

    /**
     * A child JVM of isolated work ended: recycled after its tasks, or dead (heap limit, killed, crashed).
     *
     * @param process the pool process that owned it
     * @param pid the child JVM's operating-system process id
     * @param exitStatus its exit status (3 after its heap limit, 137 after a {@code kill -9})
     * @param recycled whether the pool closed it (after its tasks, or as the pool stopped) rather than it dying
     */
    record ChildJvmEnded(ProcessRef process, long pid, int exitStatus, boolean recycled) implements ProcessEvent {
    }

    /**
     * An ecosystem started.
     *
     * @param process its supervisor
     * @param ecosystem its name
     * @param workers its worker count
     */
    record EcosystemStarted(ProcessRef process, String ecosystem, int workers) implements ProcessEvent {
    }

    /**
     * An ecosystem's worker count changed ({@code Ecosystem.resize}); after a grow that failed part-way, {@code workers}
     * is the count reached.
     *
     * @param process its supervisor
     * @param ecosystem its name
     * @param previousWorkers the count before
     * @param workers the count now
     */
    record EcosystemResized(ProcessRef process, String ecosystem, int previousWorkers, int workers)
            implements ProcessEvent {
    }

    /**
     * An ecosystem stopped (shut down, or its supervisor gave up).
     *
     * @param process its supervisor
     * @param ecosystem its name
     * @param reason the supervisor's exit reason
     */
    record EcosystemStopped(ProcessRef process, String ecosystem, ExitReason reason) implements ProcessEvent {
    }

    /**
     * An ecosystem's coordinator was restarted (self-healing).
     *
     * @param process the new coordinator
     * @param ecosystem the ecosystem
     * @param restarts the coordinator's restarts so far
     */
    record CoordinatorRestarted(ProcessRef process, String ecosystem, int restarts) implements ProcessEvent {
    }

    /**
     * An ecosystem's worker was restarted (self-healing).
     *
     * @param process the new worker
     * @param ecosystem the ecosystem
     * @param index the worker's index
     * @param restarts that index's restarts so far
     */
    record WorkerRestarted(ProcessRef process, String ecosystem, int index, int restarts) implements ProcessEvent {
    }

    /**
     * A piece of submitted work ended (the seed's "message processed"): one event per submission, whatever its
     * {@linkplain WorkOutcome outcome}, emitted when the ecosystem settles it (the work's future may have been completed
     * just before, by its submitter or its timeout).
     *
     * @param process the worker that ran or last held the work, or the ecosystem's supervisor if no worker did
     * @param ecosystem the ecosystem
     * @param outcome how it ended
     * @param exception for {@link WorkOutcome#FAILED}, the class of what the work threw on its last attempt (or of the
     *     {@code ProcessExitedException} for a worker killed holding it); for {@link WorkOutcome#REFUSED}, the
     *     refusal's class; empty otherwise
     * @param took time from submission to the end
     */
    record WorkProcessed(ProcessRef process, String ecosystem, WorkOutcome outcome,
            Optional<Class<? extends Throwable>> exception, java.time.Duration took) implements ProcessEvent {

        /**
         * @throws NullPointerException if an argument is null
         */
        public WorkProcessed {
            java.util.Objects.requireNonNull(process, "process");
            java.util.Objects.requireNonNull(ecosystem, "ecosystem");
            java.util.Objects.requireNonNull(outcome, "outcome");
            java.util.Objects.requireNonNull(exception, "exception");
            java.util.Objects.requireNonNull(took, "took");
        }

        /** @return whether a worker ran the work and returned normally ({@link WorkOutcome#SUCCEEDED}) */
        public boolean succeeded() {
            return outcome == WorkOutcome.SUCCEEDED;
        }
    }

    /**
     * Work that was in flight on a worker that died is sent out again (at-least-once delivery: the dead worker may
     * have done part of it).
     *
     * @param process the worker that died holding it
     * @param ecosystem the ecosystem
     * @param workId the work's id within the ecosystem
     * @param failures failed attempts so far
     */
    record WorkRedistributed(ProcessRef process, String ecosystem, long workId, int failures) implements ProcessEvent {
    }

    /**
     * A member of an ecosystem hibernated after idling (the seed's "gc completed" under FREQUENT_MINOR).
     *
     * @param process the member
     * @param ecosystem the ecosystem
     */
    record EcosystemGcCompleted(ProcessRef process, String ecosystem) implements ProcessEvent {
    }

    /**
     * The heap pressure seen by an ecosystem changed level.
     *
     * @param process the ecosystem's supervisor
     * @param ecosystem the ecosystem
     * @param level "low", "medium" or "high"
     * @param heapUsedRatio used / max heap
     */
    record MemoryPressureChanged(ProcessRef process, String ecosystem, String level, double heapUsedRatio)
            implements ProcessEvent {
    }

    /**
     * A killed process's thread ignored the interrupt and was still running after the runtime's orphan grace
     * period. The process counts as dead; its thread is an orphan until it returns.
     *
     * @param process the killed process
     */
    record ProcessOrphaned(ProcessRef process) implements ProcessEvent {
    }

    /**
     * A flow-controlled send found no credit and its message was dropped or refused with backpressure.
     *
     * @param process the receiver that had no credit left for the channel
     * @param result {@code DROPPED} or {@code BACKPRESSURE}
     * @param messageType the message's class
     */
    record FlowRefused(ProcessRef process, io.foundation.beam.messages.FlowResult result, Class<?> messageType)
            implements ProcessEvent {
    }
}
