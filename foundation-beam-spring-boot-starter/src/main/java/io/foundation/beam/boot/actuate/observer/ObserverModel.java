package io.foundation.beam.boot.actuate.observer;

import java.util.List;
import java.util.Map;

/**
 * The JSON the observer sends: what one sample, one process's details, the ecosystems' history and one pushed event
 * hold. Records only; field names are the JSON's. Pids are the processes' printable form ({@code <beam.42>}) and
 * {@code id} their number. Memory figures are the runtime's bookkeeping bytes (see {@code ProcessInfo}), not heap
 * shares.
 *
 * <p><b>Size.</b> A sample never lists every process: it holds at most {@code top} processes in each of its three
 * lists ({@code foundation.beam.observer.top}, at most {@value ObserverSampler#MAX_TOP}), at most
 * {@value ObserverSampler#MAX_TREE_WORKERS} workers per ecosystem, at most {@value ObserverSampler#MAX_SUPERVISORS}
 * plain supervisors with at most {@value ObserverSampler#MAX_CHILDREN} children each, down to
 * {@value ObserverSampler#MAX_DEPTH} levels and {@value ObserverSampler#MAX_TREE_CHILDREN} children in all; whatever
 * is left out is counted ({@code moreWorkers}, {@code moreSupervisors}, {@code moreChildren}). Its size depends on
 * those limits and on the number of ecosystems, not on the number of processes.
 */
public final class ObserverModel {

    private ObserverModel() {
    }

    /**
     * One sample, pushed to the page as the {@code sample} event and answered by {@code GET observer/sample}.
     *
     * @param sequence the sampler's tick number
     * @param at when it was taken (ISO-8601)
     * @param intervalMillis the sampler's interval
     * @param write whether the page may act (the endpoint's access is {@code unrestricted})
     * @param runtime the runtime's totals
     * @param cluster this node's view of its cluster, or null outside a cluster
     * @param tree the supervision tree's summary
     * @param top the busiest processes
     * @param ecosystems one panel per ecosystem, in declaration order
     */
    public record Sample(long sequence, String at, long intervalMillis, boolean write, RuntimeFigures runtime,
            Cluster cluster, Tree tree, Top top, List<EcosystemPanel> ecosystems) {
    }

    /**
     * @param name the runtime's name
     * @param processes live processes
     * @param supervisors live supervisors
     * @param mailbox messages queued across all processes
     * @param memoryBytes the sum of the processes' memory figures
     * @param messagesPerSecond messages taken per second across all processes, over the last interval
     * @param scanMicros how long the pass over the processes took, in microseconds
     */
    public record RuntimeFigures(String name, int processes, int supervisors, long mailbox, long memoryBytes,
            double messagesPerSecond, long scanMicros) {
    }

    /**
     * @param node this node's name
     * @param members the nodes up as this node sees them, this one included
     */
    public record Cluster(String node, List<ClusterMember> members) {
    }

    /**
     * @param name a node's name
     * @param self whether it is the node serving the page
     */
    public record ClusterMember(String name, boolean self) {
    }

    /**
     * @param ecosystems every ecosystem's subtree, in declaration order
     * @param supervisors the supervisors that no other supervisor (and no ecosystem) supervises, lowest id first
     * @param moreSupervisors such supervisors left out
     */
    public record Tree(List<EcosystemNode> ecosystems, List<SupervisorNode> supervisors, int moreSupervisors) {
    }

    /**
     * @param name the ecosystem
     * @param status its health status, or {@code NOT_STARTED}
     * @param running whether it runs
     * @param supervisor its supervisor, or null before it starts
     * @param coordinator its coordinator, or null before it starts
     * @param workers its workers by index
     * @param moreWorkers workers left out
     * @param nodes for a distributed ecosystem, the workers each node runs; null otherwise
     */
    public record EcosystemNode(String name, String status, boolean running, Member supervisor, Member coordinator,
            List<Member> workers, int moreWorkers, List<NodeWorkers> nodes) {
    }

    /**
     * @param node a node's name
     * @param workers the workers of the ecosystem it runs
     */
    public record NodeWorkers(String node, int workers) {
    }

    /**
     * An ecosystem's member.
     *
     * @param id the process's number
     * @param pid the process
     * @param role {@code supervisor}, {@code coordinator} or {@code worker}
     * @param index the worker's index, -1 otherwise
     * @param status its status
     * @param mailbox messages queued
     * @param processed messages it handled
     * @param restarts times its role and index were restarted
     * @param memoryBytes its memory figure
     */
    public record Member(long id, String pid, String role, int index, String status, int mailbox, long processed,
            int restarts, long memoryBytes) {
    }

    /**
     * @param id the supervisor's number
     * @param pid the supervisor
     * @param name its registered name, or null
     * @param kind {@code supervisor} or {@code dynamic}
     * @param status its status
     * @param answered whether it answered in time; its children are empty when it did not
     * @param children its children, in its order
     * @param moreChildren children left out
     */
    public record SupervisorNode(long id, String pid, String name, String kind, String status, boolean answered,
            List<Child> children, int moreChildren) {
    }

    /**
     * A supervisor's child.
     *
     * @param childId its id (a dynamic supervisor's children have none: null)
     * @param id its current process's number, or null when it runs none
     * @param pid its current process, or null
     * @param status its state ({@code ChildStatus})
     * @param restarts times its supervisor restarted it
     * @param supervisor whether it is a supervisor
     * @param children its own children when it is a supervisor shown here, else null
     * @param moreChildren its children left out
     */
    public record Child(String childId, Long id, String pid, String status, int restarts, boolean supervisor,
            List<Child> children, int moreChildren) {
    }

    /**
     * @param limit the lists' length limit
     * @param byMailbox longest mailboxes first
     * @param byRate highest message rates first
     * @param byMemory largest memory figures first
     */
    public record Top(int limit, List<Entry> byMailbox, List<Entry> byRate, List<Entry> byMemory) {
    }

    /**
     * A process in a top list.
     *
     * @param id its number
     * @param pid the process
     * @param name its registered name, or null
     * @param status its status
     * @param mailbox messages queued
     * @param processed messages handled
     * @param rate messages per second over the last interval
     * @param memoryBytes its memory figure
     * @param behavior its handler's or body's class
     * @param role its place in an ecosystem ({@code orders worker 2}), or null
     */
    public record Entry(long id, String pid, String name, String status, int mailbox, long processed, double rate,
            long memoryBytes, String behavior, String role) {
    }

    /**
     * One ecosystem's panel.
     *
     * @param name the ecosystem
     * @param status its health status, or {@code NOT_STARTED}
     * @param reasons why the status is not healthy
     * @param running whether it runs
     * @param topology its topology
     * @param faultTolerance its fault tolerance
     * @param workers its current worker count
     * @param alive live workers
     * @param backlog messages queued across members plus work not yet dispatched
     * @param inFlight submitted work not yet completed
     * @param redistributed work moved off a dead worker since the observer started
     * @param restarts the members' restarts
     * @param messagesPerSecond messages its members took per second over the last interval
     * @param messageAnalytics whether it keeps message analytics
     * @param messages its message totals when it keeps them, else null
     */
    public record EcosystemPanel(String name, String status, List<String> reasons, boolean running, String topology,
            String faultTolerance, int workers, int alive, long backlog, long inFlight, long redistributed,
            long restarts, double messagesPerSecond, boolean messageAnalytics, Messages messages) {
    }

    /**
     * @param count messages its members took
     * @param meanQueueWaitNanos their mean wait in the mailbox
     */
    public record Messages(long count, long meanQueueWaitNanos) {
    }

    /**
     * The ecosystems' recent figures, one point per sampler interval, oldest first.
     *
     * @param intervalMillis the interval between points
     * @param ecosystems each ecosystem's series by name
     */
    public record History(long intervalMillis, Map<String, Series> ecosystems) {
    }

    /**
     * @param at each point's time, epoch milliseconds
     * @param messagesPerSecond messages per second at each point
     * @param restarts the members' restarts at each point
     * @param backlog the backlog at each point
     */
    public record Series(List<Long> at, List<Double> messagesPerSecond, List<Long> restarts, List<Long> backlog) {
    }

    /**
     * One process's details ({@code GET observer/processes/{id}}).
     *
     * @param id its number
     * @param pid the process
     * @param name its registered name, or null
     * @param status its status
     * @param mailbox messages queued
     * @param processed messages handled
     * @param dropped messages its bounded mailbox dropped
     * @param rejected messages its bounded mailbox refused
     * @param memoryBytes its memory figure
     * @param orphaned whether it was killed and its thread still runs
     * @param trapExits whether it traps exits
     * @param behavior its handler's or body's class
     * @param links processes linked to it
     * @param monitors processes it monitors
     * @param monitoredBy processes that monitor it
     * @param lastExitReason how the previous process in its slot (its ecosystem role and index, or its supervisor's
     *     child id) ended, as far as the observer saw it; null if none did
     * @param ecosystem its place in an ecosystem, or null
     */
    public record Details(long id, String pid, String name, String status, int mailbox, long processed, long dropped,
            long rejected, long memoryBytes, boolean orphaned, boolean trapExits, String behavior, List<String> links,
            List<String> monitors, List<String> monitoredBy, String lastExitReason, EcosystemRole ecosystem) {
    }

    /**
     * @param name the ecosystem
     * @param role {@code supervisor}, {@code coordinator} or {@code worker}
     * @param index the worker's index, -1 otherwise
     * @param restarts times its role and index were restarted
     * @param topology the ecosystem's topology
     * @param backlog the ecosystem's backlog
     * @param inFlight the ecosystem's work in flight
     */
    public record EcosystemRole(String name, String role, int index, int restarts, String topology, long backlog,
            long inFlight) {
    }

    /**
     * A telemetry event pushed at once ({@code telemetry} event of the stream): crashes, restarts, give-ups,
     * redistributed work, ecosystems started, stopped or resized, memory pressure.
     *
     * @param at when the observer saw it (ISO-8601)
     * @param kind the event's type ({@code WorkerRestarted}, ...)
     * @param pid the process it is about
     * @param processId that process's number
     * @param ecosystem its ecosystem, or null
     * @param text what happened, in a sentence
     */
    public record Event(String at, String kind, String pid, long processId, String ecosystem, String text) {
    }
}
