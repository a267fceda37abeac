package io.foundation.beam.internal.ecosystem;

import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.internal.messages.Broadcaster;
import io.foundation.beam.internal.process.Kernel;
import io.foundation.beam.process.ProcessRef;
import java.util.ArrayList;
import java.util.List;

/**
 * MESH: every worker may address every other worker in use directly ({@code WorkerContext.peers},
 * {@code sendToPeer}, {@code broadcastToPeers}); {@code Ecosystem.broadcast} is sent to each worker. Peers are only
 * the indices below the current worker count, so a worker a shrink is retiring is no one's peer. No mutable state;
 * the peer operations run on the calling worker's thread.
 */
final class MeshRule extends TopologyRule {

    MeshRule(EcosystemConfig config, Kernel kernel, WorkerTable workers) {
        super(config, kernel, workers);
    }

    @Override
    Topology topology() {
        return Topology.MESH;
    }

    @Override
    MeshRule mesh(String operation) {
        return this;
    }

    /** @return the live workers other than {@code self} */
    List<ProcessRef> peers(int self) {
        List<ProcessRef> peers = new ArrayList<>();
        int n = workers.count();
        for (int i = 0; i < n; i++) {
            if (i != self && workers.isLive(i)) {
                peers.add(workers.get(i));
            }
        }
        return List.copyOf(peers);
    }

    /**
     * Sends to the worker at {@code peer}, isolated.
     *
     * @throws IllegalArgumentException if there is no such worker
     * @throws IllegalStateException if it is not alive
     */
    void sendToPeer(int peer, Object message) {
        int n = workers.count();
        if (peer < 0 || peer >= n) {
            throw new IllegalArgumentException("no worker " + peer + " in ecosystem '" + ecosystem
                    + "' (indexes 0 to " + (n - 1) + ")");
        }
        ProcessRef p = workers.get(peer);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("worker " + peer + " of ecosystem '" + ecosystem + "' is not alive");
        }
        kernel.sendInternal(p, isolated(message));
    }

    /** @return how many workers other than {@code self} the message reached */
    int broadcastToPeers(int self, Object message) {
        int n = workers.count();
        List<ProcessRef> peers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ProcessRef p = workers.get(i);
            if (i != self && p != null) {
                peers.add(p);
            }
        }
        return Broadcaster.send(kernel, peers, message).reachedCount();
    }
}
