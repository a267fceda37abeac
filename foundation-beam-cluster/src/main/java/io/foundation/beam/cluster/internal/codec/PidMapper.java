package io.foundation.beam.cluster.internal.codec;

import io.foundation.beam.cluster.MessageNotTransferableException;
import io.foundation.beam.process.ProcessRef;

/**
 * How the codec turns pids into their wire form and back; the router implements it, since it knows which processes
 * are local (and exports them so that other nodes can reach them) and makes the references to remote ones.
 *
 * <p>Thread-safety: both methods are called from any thread, concurrently.
 */
public interface PidMapper {

    /**
     * @param pid a pid inside a message being encoded: a process of this node or a remote one this node knows
     * @return its wire form
     * @throws MessageNotTransferableException if {@code pid} is neither (e.g. a process of another runtime in the
     *     same JVM that is not part of the cluster)
     */
    WirePid toWire(ProcessRef pid);

    /**
     * @param pid a wire pid read from a message
     * @return the same process as this node names it: the local process itself when the pid is this node's (equal to
     *     every other reference to it), otherwise a reference to the remote process
     */
    ProcessRef fromWire(WirePid pid);
}
