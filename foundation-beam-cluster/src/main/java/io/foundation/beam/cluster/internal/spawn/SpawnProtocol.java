package io.foundation.beam.cluster.internal.spawn;

import io.foundation.beam.process.ProcessRef;
import java.util.List;
import java.util.Objects;

/**
 * The request a node sends to another node's {@link Spawner} (a call to its registered name) and the answers; they
 * cross between nodes, so they are records the codec accepts as the cluster's own types. Failures are answers, not
 * exceptions, so that the requester can say precisely what went wrong.
 */
public final class SpawnProtocol {

    private SpawnProtocol() {
    }

    /**
     * Spawn a process of a behaviour.
     *
     * @param behaviour the name the behaviour is registered under on the receiving node
     * @param argument the argument for its factory (may be null)
     * @param linkTo a process to link the new process to before it runs (from its {@code init}), or null
     */
    public record Request(String behaviour, Object argument, ProcessRef linkTo) {
        /** @throws NullPointerException if the behaviour is null */
        public Request {
            Objects.requireNonNull(behaviour, "behaviour");
        }
    }

    /** An answer. */
    public sealed interface Reply {
    }

    /** @param process the new process */
    public record Spawned(ProcessRef process) implements Reply {
    }

    /**
     * @param behaviour the name asked for
     * @param registered the names the node has
     */
    public record UnknownBehaviour(String behaviour, List<String> registered) implements Reply {
    }

    /**
     * @param cause what the factory threw (or a NullPointerException if it returned null)
     */
    public record FactoryFailed(Throwable cause) implements Reply {
    }

    /**
     * @param reason the new process's exit reason, in words
     * @param cause what its init threw, or null
     */
    public record InitFailed(String reason, Throwable cause) implements Reply {
    }
}
