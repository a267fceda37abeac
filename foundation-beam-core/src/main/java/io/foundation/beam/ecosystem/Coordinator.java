package io.foundation.beam.ecosystem;

import io.foundation.beam.process.ExitReason;
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

    /**
     * Called once on the coordinator's own thread when its process ends normally or crashes, but not when it was
     * killed (as {@link Worker#terminate}). A throw is reported to telemetry and does not change the exit reason.
     *
     * @param reason why the coordinator's process is ending
     * @param context the coordinator's context
     * @throws Exception reported, then ignored
     */
    default void terminate(ExitReason reason, CoordinatorContext context) throws Exception {
    }
}
