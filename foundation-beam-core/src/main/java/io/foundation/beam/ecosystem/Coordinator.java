package io.foundation.beam.ecosystem;

import java.util.Optional;

/**
 * Custom coordinator logic. Without one, the ecosystem's default coordinator dispatches submitted work with the
 * configured {@link DispatchStrategy}. A custom coordinator can replace the routing of work and handle messages
 * sent to the coordinator. Each coordinator process gets its own instance; a restarted one a fresh instance that
 * finds its predecessor's last {@linkplain CoordinatorContext#checkpoint(Object) checkpoint} in
 * {@link CoordinatorContext#restoredState()}.
 */
public interface Coordinator {

    /**
     * Called when the coordinator process starts or restarts.
     *
     * @param context the coordinator's context
     * @throws Exception to fail the start
     */
    default void init(CoordinatorContext context) throws Exception {
    }

    /**
     * Chooses the worker for submitted work.
     *
     * @param work the work
     * @param key its key, if submitted with one
     * @param context the coordinator's context
     * @return the index of a live worker; {@link CoordinatorContext#defaultRoute(Object, Optional)} gives the
     *     configured strategy's choice
     */
    default int route(Object work, Optional<Object> key, CoordinatorContext context) {
        return context.defaultRoute(work, key);
    }

    /**
     * Handles a message sent to the coordinator with {@code Ecosystem.send} or {@code Ecosystem.call}, or by a
     * worker.
     *
     * @param message the message
     * @param context the coordinator's context
     * @return the reply to a call
     * @throws Exception to crash the coordinator
     */
    default Object handle(Object message, CoordinatorContext context) throws Exception {
        throw new IllegalArgumentException("coordinator of ecosystem '" + context.ecosystem()
                + "' has no handler for " + message.getClass().getName());
    }
}
