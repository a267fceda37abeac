package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code foundation.beam.shutdown.*}: a negative drain period fails the startup with an analysis naming the property;
 * a drain that, with the shutdown timeout, does not fit {@code spring.lifecycle.timeout-per-shutdown-phase} is
 * warned about at startup, naming both.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class))
            .withUserConfiguration(OrderWorker.class);

    @Worker(ecosystem = "orders")
    static class OrderWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void aNegativeDrainPeriodFailsTheStartupNamingTheProperty() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.withPropertyValues("foundation.beam.shutdown.await-termination=true",
                "foundation.beam.shutdown.await-termination-period=-1s")
                .run(context -> failure.set(context.getStartupFailure()));
        FailureAnalysis analysis = new BeamConfigurationFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("foundation.beam.shutdown.await-termination-period is PT-1S");
        assertThat(analysis.getAction()).contains("foundation.beam.shutdown.await-termination=false");
    }

    @Test
    void aDrainThatDoesNotFitThePhaseTimeoutIsWarnedAbout(CapturedOutput output) {
        runner.withPropertyValues("foundation.beam.shutdown.await-termination=true",
                "foundation.beam.shutdown.await-termination-period=28s",
                "spring.lifecycle.timeout-per-shutdown-phase=30s")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("Ecosystem 'orders' may take up to PT33S to shut down "
                + "(foundation.beam.shutdown.await-termination-period PT28S plus "
                + "foundation.beam.ecosystems.orders.shutdown-timeout PT5S), longer than "
                + "spring.lifecycle.timeout-per-shutdown-phase (PT30S)");
    }

    @Test
    void theDefaultDrainFitsTheDefaultPhaseTimeout(CapturedOutput output) {
        runner.withPropertyValues("foundation.beam.shutdown.await-termination=true")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("may take up to");
    }
}
