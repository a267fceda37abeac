package io.foundation.beam.cluster.internal.codec;

import java.util.Objects;

/**
 * A pid as it crosses the network: the node that runs the process, that node's incarnation, and the process's number
 * in that node's runtime.
 *
 * @param node the node's name
 * @param incarnation the node's incarnation (see {@code Node})
 * @param id the process's number on that node
 */
public record WirePid(String node, long incarnation, long id) {

    /** @throws NullPointerException if {@code node} is null */
    public WirePid {
        Objects.requireNonNull(node, "node");
    }
}
