package io.foundation.beam.cluster;

import io.foundation.beam.process.BeamException;
import java.util.List;
import java.util.Objects;

/**
 * A {@linkplain BeamCluster#spawn remote spawn} failed; {@link #failure()} says how, the message says it in words
 * and names the node and the behaviour.
 */
public final class RemoteSpawnException extends BeamException {

    private static final long serialVersionUID = 1L;

    /** How a remote spawn failed. */
    public enum Failure {
        /** The node has no behaviour of that name: {@link #registeredBehaviours()} lists those it has. */
        UNKNOWN_BEHAVIOUR,
        /** The node is not up (or was lost before it answered): Erlang's {@code noconnection}. */
        NOCONNECTION,
        /** The behaviour's factory threw (the cause, as a {@link RemoteException}) or returned null. */
        FACTORY_FAILED,
        /** The process was spawned but its {@code init} threw (the cause) or it ended during init. */
        INIT_FAILED,
        /** No answer within the timeout (the process may still be spawned there, later). */
        TIMEOUT,
        /** The request or its argument could not be sent or made (the cause says why). */
        FAILED
    }

    private final Failure failure;
    private final String node;
    private final String behaviour;
    private final transient List<String> registeredBehaviours;

    /**
     * @param failure how it failed
     * @param node the node asked
     * @param behaviour the behaviour's name
     * @param registeredBehaviours the behaviours the node has (for {@code UNKNOWN_BEHAVIOUR}; else empty)
     * @param message what went wrong
     * @param cause the underlying failure, or null
     */
    public RemoteSpawnException(Failure failure, String node, String behaviour, List<String> registeredBehaviours,
            String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.node = node;
        this.behaviour = behaviour;
        this.registeredBehaviours = List.copyOf(registeredBehaviours);
    }

    /** @return how it failed */
    public Failure failure() {
        return failure;
    }

    /** @return the node asked */
    public String node() {
        return node;
    }

    /** @return the behaviour's name */
    public String behaviour() {
        return behaviour;
    }

    /** @return the behaviours the node has, for {@link Failure#UNKNOWN_BEHAVIOUR} (else empty) */
    public List<String> registeredBehaviours() {
        return registeredBehaviours;
    }
}
