package io.foundation.beam.cluster;

import java.util.List;
import java.util.Objects;

/**
 * This node was refused by the cluster it was told to join, and no member accepted it: thrown by
 * {@link BeamCluster#join} instead of starting the node as a cluster of its own. The members it contacted answered
 * but refused it, because their security settings differ from this node's: another authentication secret, a secret on
 * one side only, TLS certificates that one side does not trust, or TLS on their side only. The message names this node, each refusing peer
 * (its address, as in {@link ClusterConfig#initialMembers()}), the reason, and the setting to check:
 * {@link ClusterConfig.Builder#authSecret} ({@code foundation.beam.cluster.auth-secret}) or
 * {@link ClusterConfig.Builder#tls} ({@code foundation.beam.cluster.tls.*}). The refusing members log a warning
 * naming this node too. Erlang's counterpart: a node with a wrong cookie fails to connect, and the other node logs
 * "Connection attempt from disallowed node".
 *
 * <p>A node that finds nobody (it is the first to start) is not refused: it starts alone as before. A refusal that
 * cannot be told apart from silence (a node with TLS connecting to nodes without) leaves it alone as well: see the
 * README's cluster security section.
 */
public final class ClusterJoinRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @serial this node's name */
    private final String node;
    /** The refusing peers' addresses (not serialized: a deserialized exception has none, its message names them). */
    private final transient List<String> peers;

    /**
     * @param node this node's name
     * @param peers the addresses ({@code host:port}) of the peers that refused it, at least one
     * @param message what was refused, by whom, why, and which setting to check
     */
    public ClusterJoinRefusedException(String node, List<String> peers, String message) {
        super(message);
        this.node = Objects.requireNonNull(node, "node");
        this.peers = List.copyOf(peers);
    }

    /** @return the name of the node that was refused (this node) */
    public String node() {
        return node;
    }

    /** @return the addresses ({@code host:port}) of the peers that refused it (empty if deserialized) */
    public List<String> peers() {
        return peers == null ? List.of() : peers;
    }
}
