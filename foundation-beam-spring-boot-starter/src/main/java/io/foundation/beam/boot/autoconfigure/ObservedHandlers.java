package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.ecosystem.HandlerObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.Callable;

/**
 * A Micrometer {@link Observation} named {@value #NAME} around each message handled by a worker or coordinator bean,
 * with low-cardinality key values {@code ecosystem}, {@code role} and {@code message.type} (the message's class
 * simple name, bounded by the application's code). A handler's exception is recorded as the observation's error.
 */
final class ObservedHandlers implements HandlerObservation {

    static final String NAME = "foundation.beam.message";

    private final ObservationRegistry registry;

    ObservedHandlers(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object observe(String ecosystem, String role, Object message, Callable<Object> handling) throws Exception {
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName(ecosystem + " " + role)
                .lowCardinalityKeyValue("ecosystem", ecosystem)
                .lowCardinalityKeyValue("role", role)
                .lowCardinalityKeyValue("message.type", message == null ? "null" : message.getClass().getSimpleName());
        return observation.observeChecked(handling::call);
    }
}
