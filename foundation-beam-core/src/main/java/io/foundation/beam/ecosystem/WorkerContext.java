package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ProcessContext;
import io.foundation.beam.process.ProcessRef;
import java.util.List;

/**
 * What a worker knows of its ecosystem. Addresses are looked up live, so they always name the current processes
 * (after restarts, the replacements). Methods that the topology does not allow throw
 * {@link IllegalStateException} naming the topology.
 */
public interface WorkerContext {

    /** @return this worker's index, 0 to {@code workerCount - 1}; a replacement keeps the index */
    int index();

    /** @return the ecosystem's name */
    String ecosystem();

    /** @return the topology */
    Topology topology();

    /** @return the current coordinator process (every topology) */
    ProcessRef coordinator();

    /** @return the worker's own process context (receive, call, link, monitor...) */
    ProcessContext process();

    /**
     * @return the other live workers (MESH only)
     * @throws IllegalStateException in TREE and RING
     */
    List<ProcessRef> peers();

    /**
     * Sends to a peer by index (MESH only).
     *
     * @param index the peer's index
     * @param message the message
     * @throws IllegalStateException in TREE and RING, or if that peer is not alive
     */
    void sendToPeer(int index, Object message);

    /**
     * Sends to every other live worker (MESH only).
     *
     * @param message the message
     * @return how many peers it was sent to
     * @throws IllegalStateException in TREE and RING
     */
    int broadcastToPeers(Object message);

    /**
     * @return the next live worker after this one around the ring (RING only; itself if it is the only one)
     * @throws IllegalStateException in TREE and MESH
     */
    ProcessRef successor();

    /**
     * Passes the ring's token to the successor (RING only). The token a worker receives is a {@link RingToken};
     * pass it on, or keep it, as the protocol of the ring requires.
     *
     * @param token the token received
     * @throws IllegalStateException in TREE and MESH
     */
    void passToken(RingToken token);
}
