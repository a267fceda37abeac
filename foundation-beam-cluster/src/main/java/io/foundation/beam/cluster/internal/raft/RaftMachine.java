package io.foundation.beam.cluster.internal.raft;

import io.foundation.beam.cluster.ClusterConfig;
import io.foundation.beam.cluster.Node;
import io.foundation.beam.cluster.internal.transport.JGroupsTransport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jgroups.Address;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.Options;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;

/**
 * One replicated state machine's handle on this node's Raft member: proposes its commands (prefixed with its
 * {@link RaftMultiplexer} id when the log is multiplexed) and tells the Raft role, the leader and the voters in
 * view. What a feature (the global registry, the work journal) needs of jgroups-raft, and nothing of the other
 * machines on the log.
 *
 * <p>Immutable; every method may be called from any thread. The role, leader and view it reports are read from
 * jgroups-raft and the transport at each call.
 */
public final class RaftMachine {

    private final JGroupsTransport transport;
    private final RaftHandle raft;
    private final StateMachine machine;
    /** The machine's id on a multiplexed log, or -1 if the machine is the log's only one. */
    private final int id;

    private RaftMachine(JGroupsTransport transport, RaftHandle raft, StateMachine machine, int id) {
        this.transport = transport;
        this.raft = raft;
        this.machine = machine;
        this.id = id;
    }

    /**
     * The handle of a state machine given to {@code JGroupsTransport.start}: either that state machine itself, or one
     * of the machines of the {@link RaftMultiplexer} given.
     *
     * @param transport the started transport, with Raft
     * @param machine the state machine
     * @return its handle
     * @throws IllegalArgumentException if the transport has no Raft, or was started with another state machine
     */
    public static RaftMachine of(JGroupsTransport transport, StateMachine machine) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(machine, "machine");
        RaftHandle raft = transport.raft().orElseThrow(() -> new IllegalArgumentException("node '"
                + transport.config().nodeName() + "' has no raftMembers, so no Raft log for " + machine));
        StateMachine onLog = raft.stateMachine();
        if (onLog == machine) {
            return new RaftMachine(transport, raft, machine, -1);
        }
        if (onLog instanceof RaftMultiplexer mux) {
            return mux.find(machine).map(m -> new RaftMachine(transport, raft, machine, m.id() & 0xFF))
                    .orElseThrow(() -> new IllegalArgumentException("the transport was started with another Raft "
                            + "state machine: its multiplexer " + mux + " does not hold " + machine));
        }
        throw new IllegalArgumentException("the transport was started with another Raft state machine");
    }

    /** @return the state machine */
    public StateMachine machine() {
        return machine;
    }

    /** @return this node's configuration */
    public ClusterConfig config() {
        return transport.config();
    }

    /** @return whether this node is the Raft leader now */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** @return the leader this node knows now, or null */
    public Address leader() {
        return raft.leader();
    }

    /** @return the Raft term this node knows now */
    public long currentTerm() {
        return raft.currentTerm();
    }

    /** @param listener told of this node's Raft role changes, on a jgroups-raft thread (must not block) */
    public void addRoleListener(RAFT.RoleChange listener) {
        raft.addRoleListener(listener);
    }

    /** @param listener a listener added before */
    public void removeRoleListener(RAFT.RoleChange listener) {
        raft.removeRoleListener(listener);
    }

    /**
     * Proposes a command through this node (a follower forwards it to the leader).
     *
     * @param command the command's bytes
     * @param offset where it starts
     * @param length its length
     * @param options jgroups-raft's options, or null
     * @return the machine's answer, when the entry is committed and applied on the leader
     * @throws Exception as jgroups-raft's {@link RaftHandle#setAsync}
     */
    public CompletableFuture<byte[]> setAsync(byte[] command, int offset, int length, Options options)
            throws Exception {
        byte[] entry = entry(command, offset, length);
        return raft.setAsync(entry, 0, entry.length, options);
    }

    /**
     * Proposes a command only if this node is the leader (no forwarding): for what only the leader decides.
     *
     * @param command the command's bytes
     * @param offset where it starts
     * @param length its length
     * @return the machine's answer, when the entry is committed and applied here
     * @throws RuntimeException if this node is not the leader (jgroups-raft's {@link RAFT#setAsync})
     */
    public CompletableFuture<byte[]> setAsyncAsLeader(byte[] command, int offset, int length) {
        byte[] entry = entry(command, offset, length);
        return raft.raft().setAsync(entry, 0, entry.length, null);
    }

    /** @return the voters in this node's view (itself included), in the configured order */
    public List<String> visibleVoters() {
        Set<String> inView = new HashSet<>();
        inView.add(transport.self().name());
        for (Node n : transport.members()) {
            inView.add(n.name());
        }
        List<String> result = new ArrayList<>();
        for (String voter : config().raftMembers()) {
            if (inView.contains(voter)) {
                result.add(voter);
            }
        }
        return result;
    }

    private byte[] entry(byte[] command, int offset, int length) {
        if (id < 0 && offset == 0 && length == command.length) {
            return command;
        }
        int prefix = id < 0 ? 0 : 1;
        byte[] entry = new byte[length + prefix];
        if (prefix == 1) {
            entry[0] = (byte) id;
        }
        System.arraycopy(command, offset, entry, prefix, length);
        return entry;
    }

    @Override
    public String toString() {
        return "RaftMachine[" + machine + (id < 0 ? "" : ", id " + id) + ", node " + config().nodeName()
                + ", leader " + raft.leader() + "]";
    }
}
