package io.foundation.beam.cluster;

import java.util.Objects;

/**
 * A member of the cluster: one runtime in one JVM, as Erlang's node. Its {@link #name()} is the runtime's name, unique
 * in the cluster, and prints in the pids of its processes ({@code <orders-2.42>}). Its {@link #incarnation()} tells
 * apart two lives of a node with the same name: a pid of a node that was restarted never reaches the new node's
 * processes (Erlang's creation number).
 *
 * @param name the node's name, never blank
 * @param incarnation which life of the node this is (random per start)
 */
public record Node(String name, long incarnation) {

    /**
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Node {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a node name must not be blank");
        }
    }

    /** @return the name, as Erlang prints a node */
    @Override
    public String toString() {
        return name;
    }
}
