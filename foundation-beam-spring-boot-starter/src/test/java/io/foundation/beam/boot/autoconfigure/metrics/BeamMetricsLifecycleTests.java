package io.foundation.beam.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.metrics.BeamMetricNames;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters over an application context's life: the declared ecosystems' state gauges and counters exist before
 * the ecosystems start, and what a stop counts (abandoned work) stays readable after the context closed.
 */
class BeamMetricsLifecycleTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    BeamMetricsAutoConfiguration.class))
            .withUserConfiguration(Meters.class, SlowWorker.class);

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Gate gate() {
            return new Gate();
        }
    }

    static class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
    }

    @Worker(ecosystem = "slow")
    static class SlowWorker {
        private final Gate gate;

        SlowWorker(Gate gate) {
            this.gate = gate;
        }

        @HandleMessage
        String handle(String work) throws InterruptedException {
            gate.entered.countDown();
            gate.release.await(); // until released, or interrupted by the shutdown
            return "done " + work;
        }
    }

    /**
     * Starts in a phase before the ecosystems' and reads the meters then. It depends on no ecosystem bean: Spring
     * would start that bean's lifecycle first.
     */
    static class EarlyObserver implements SmartLifecycle {
        final Map<String, Double> stateAtStart = new ConcurrentHashMap<>();
        volatile Double abandonedAtStart;
        private final MeterRegistry registry;
        private volatile boolean running;

        EarlyObserver(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void start() {
            for (Gauge gauge : registry.find(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow")
                    .gauges()) {
                stateAtStart.put(gauge.getId().getTag(BeamMetricNames.TAG_STATE), gauge.value());
            }
            var abandoned = registry.find(BeamMetricNames.MESSAGES_PROCESSED).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow")
                    .tag(BeamMetricNames.TAG_OUTCOME, "abandoned").counter();
            abandonedAtStart = abandoned == null ? null : abandoned.count();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 8192; // below the ecosystems' DEFAULT_PHASE - 4096
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Early {
        @Bean
        EarlyObserver earlyObserver(MeterRegistry registry) {
            return new EarlyObserver(registry);
        }
    }

    @Test
    void theStateGaugesAndCountersOfTheDeclaredEcosystemsExistBeforeTheyStart() {
        runner.withUserConfiguration(Early.class).run(context -> {
            EarlyObserver early = context.getBean(EarlyObserver.class);
            // "starting" is the state of an ecosystem that never ran: the gauges were read before its start
            assertThat(early.stateAtStart).containsExactlyInAnyOrderEntriesOf(Map.of("starting", 1.0, "healthy", 0.0,
                    "degraded", 0.0, "critical", 0.0, "stopped", 0.0));
            assertThat(early.abandonedAtStart).isZero();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow")
                    .tag(BeamMetricNames.TAG_STATE, "healthy").gauge().value()).isEqualTo(1);
        });
    }

    @RepeatedTest(3)
    void workAbandonedWhenTheContextClosesWithoutADrainStaysReadable() {
        runner.withPropertyValues("foundation.beam.shutdown.await-termination=false").run(context -> {
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            Ecosystem slow = context.getBean(EcosystemRegistry.class).get("slow");
            List<CompletableFuture<Object>> pending = List.of(slow.submit("running"), slow.submit("queued-1"),
                    slow.submit("queued-2"));
            assertThat(context.getBean(Gate.class).entered.await(10, TimeUnit.SECONDS)).isTrue();

            context.close(); // the ecosystem stops at once: its accepted work is abandoned

            assertThat(pending).allSatisfy(future -> assertThat(future).failsWithin(WAIT)
                    .withThrowableThat().havingCause().isInstanceOf(EcosystemStoppedException.class));
            assertThat(registry.get(BeamMetricNames.MESSAGES_PROCESSED).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow")
                    .tag(BeamMetricNames.TAG_OUTCOME, "abandoned").counter().count()).isEqualTo(3);
            assertThat(registry.get(BeamMetricNames.ECOSYSTEM_STATE).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow")
                    .tag(BeamMetricNames.TAG_STATE, "stopped").gauge().value()).isEqualTo(1);
            assertThat(registry.find(BeamMetricNames.PROCESSES).tag(BeamMetricNames.TAG_ECOSYSTEM, "slow").gauges())
                    .isEmpty();
        });
    }
}
