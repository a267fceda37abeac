package io.foundation.beam.boot.ecosystem;

import java.util.concurrent.Callable;

/**
 * Wraps the handling of one message by a worker or coordinator bean ({@link #NONE} unless observations are enabled).
 * Called on the handling process's thread.
 *
 * <p>Public because the auto-configuration (another package) provides the Micrometer implementation as a bean when
 * {@code foundation.beam.observations.enabled} is true; applications have no need of it.
 */
@FunctionalInterface
public interface HandlerObservation {

    /** Handles the message as it is. */
    HandlerObservation NONE = (ecosystem, role, message, handling) -> handling.call();

    /**
     * @param ecosystem the ecosystem's name
     * @param role "worker" or "coordinator"
     * @param message the message
     * @param handling the handling
     * @return the handler's result
     * @throws Exception what the handler threw
     */
    Object observe(String ecosystem, String role, Object message, Callable<Object> handling) throws Exception;
}
