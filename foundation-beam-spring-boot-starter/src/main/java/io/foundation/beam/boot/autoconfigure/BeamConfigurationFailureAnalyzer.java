package io.foundation.beam.boot.autoconfigure;

import io.foundation.beam.boot.BeamConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BeamConfigurationException}: its description names the ecosystem, bean, method or property and
 * the offending value; its action what to change.
 */
final class BeamConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BeamConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BeamConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
