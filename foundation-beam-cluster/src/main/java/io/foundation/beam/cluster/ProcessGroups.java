package io.foundation.beam.cluster;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Set;

/**
 * Cluster-wide process groups, as Erlang's {@code pg} (its default scope): a process joins a named group on its own
 * node, and every node sees it among the group's members until it leaves, ends, or its node is lost.
 *
 * <h2>Semantics (pg's)</h2>
 * <ul>
 *   <li>A process may join a group several times: it is then listed as many times, and must leave as many times (or
 *       end). Groups need no creation; a group with no members does not exist.</li>
 *   <li>Membership is eventually consistent: {@link #join} and {@link #leave} change this node's view before they
 *       return and reach the other nodes asynchronously, in the order this node made them. Reads
 *       ({@link #members}, {@link #localMembers}, {@link #groups}) read a snapshot and never wait for a process.</li>
 *   <li>A member that ends leaves all its groups, everywhere. When a node is lost (stopped, crashed, or cut off by a
 *       partition for longer than the failure detection timeout) its members vanish from the other nodes' views; when
 *       it comes back (a restart, or the partition heals) the nodes exchange their memberships again, so both sides
 *       of a healed partition end with every node's members. There is nothing to reconcile: each node owns its own
 *       processes' memberships.</li>
 *   <li>Monitors: a watcher gets the members when it begins, then every change as {@link GroupJoined} and
 *       {@link GroupLeft} messages (a lost node's members as {@code GroupLeft}).</li>
 * </ul>
 * Each node runs a scope process (registered as {@value io.foundation.beam.cluster.internal.groups.GroupScope#NAME})
 * that keeps its memberships and talks to the other nodes' scopes with ordinary messages.
 *
 * <p>Thread-safety: every method may be called from any thread, processes included. {@code join}, {@code leave},
 * {@code monitor} and {@code demonitor} are calls to this node's scope process (they wait for it, at most ten
 * seconds); the reads and {@code broadcast} never wait.
 */
public interface ProcessGroups {

    /**
     * Adds a process of this node to a group (once more, if it is a member already).
     *
     * @param group the group's name
     * @param process a live process of this node
     * @throws IllegalArgumentException if the process is not of this node
     * @throws io.foundation.beam.process.NoSuchProcessException if it has ended
     */
    void join(String group, ProcessRef process);

    /**
     * Removes one membership of a process of this node.
     *
     * @param group the group's name
     * @param process a process of this node
     * @return whether it was a member
     */
    boolean leave(String group, ProcessRef process);

    /**
     * @param group the group's name
     * @return its members on every node, as this node knows them now (a process is listed once per join)
     */
    List<ProcessRef> members(String group);

    /**
     * @param group the group's name
     * @return its members on this node now
     */
    List<ProcessRef> localMembers(String group);

    /** @return the groups with at least one member on some node, as this node knows them now */
    Set<String> groups();

    /**
     * Monitors a group: returns its members now, then sends {@code watcher} a {@link GroupJoined} or
     * {@link GroupLeft} for every change. Ends with {@link #demonitor} or when the watcher ends.
     *
     * @param watcher a process of this node
     * @param group the group's name
     * @return the monitor and the members when it began
     * @throws IllegalArgumentException if the watcher is not of this node
     */
    GroupMonitor monitor(ProcessRef watcher, String group);

    /**
     * @param monitor a monitor {@link #monitor} returned
     * @return whether it was active
     */
    boolean demonitor(GroupMonitor monitor);

    /**
     * Sends a message to every member of a group, on every node: once to each process, however many times it joined.
     * A member of another node gets it as any remote send (a dead letter there if it has ended).
     *
     * @param group the group's name
     * @param message the message (it must be able to cross if the group has members on other nodes: else
     *     {@link MessageNotTransferableException} is thrown before any member got it)
     * @return to how many processes it was sent
     */
    int broadcast(String group, Object message);
}
