package io.foundation.beam.boot.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemStoppedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;

/** Ecosystems start after the refresh, stop before the runtime closes, within their timeouts. */
class EcosystemLifecycleTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class));

    @Worker(ecosystem = "slow")
    static class SlowWorker {
        private final Gate gate;

        SlowWorker(Gate gate) {
            this.gate = gate;
        }

        @HandleMessage
        String handle(String work) throws InterruptedException {
            gate.entered.countDown();
            gate.release.await(); // blocks until released or interrupted by a kill
            return "done " + work;
        }
    }

    static class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
    }

    /** Records whether the ecosystem ran during the refresh and once it was over. */
    static class Observer implements SmartInitializingSingleton {
        final Ecosystem slow;
        final AtomicReference<Boolean> runningAfterSingletons = new AtomicReference<>();
        final AtomicReference<Throwable> submitDuringRefresh = new AtomicReference<>();
        final AtomicReference<Boolean> runningAtRefreshedEvent = new AtomicReference<>();

        Observer(Ecosystem slow) {
            this.slow = slow;
        }

        @Override
        public void afterSingletonsInstantiated() {
            runningAfterSingletons.set(slow.isRunning());
            try {
                slow.submit("too early");
            } catch (RuntimeException e) {
                submitDuringRefresh.set(e);
            }
        }

        @EventListener
        void refreshed(ContextRefreshedEvent event) {
            runningAtRefreshedEvent.set(slow.isRunning());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Setup {
        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        Observer observer(@Qualifier("slow") Ecosystem slow) {
            return new Observer(slow);
        }
    }

    private ApplicationContextRunner slow() {
        return runner.withUserConfiguration(Setup.class, SlowWorker.class);
    }

    @Test
    void runsInAPhaseBelowTheWebServersStartStopAndGracefulShutdownPhases() {
        slow().run(context -> {
            DefaultEcosystemRegistry registry = context.getBean(DefaultEcosystemRegistry.class);
            assertThat(registry.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 4096);
            // WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE = DEFAULT_PHASE - 1024 and
            // START_STOP_LIFECYCLE_PHASE = DEFAULT_PHASE - 2048 (spring-boot-web-server, not on this classpath)
            assertThat(registry.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
            assertThat(registry.isAutoStartup()).isTrue();
        });
    }

    @Test
    void ecosystemsStartOnceTheContextIsRefreshed() {
        slow().run(context -> {
            Observer observer = context.getBean(Observer.class);
            assertThat(observer.runningAfterSingletons.get()).isFalse();
            assertThat(observer.submitDuringRefresh.get()).isInstanceOf(EcosystemStoppedException.class)
                    .hasMessageContaining("ecosystem 'slow' has not started");
            assertThat(observer.runningAtRefreshedEvent.get()).isTrue();
            assertThat(context.getBean(DefaultEcosystemRegistry.class).isRunning()).isTrue();
        });
    }

    @RepeatedTest(3)
    void closingTheContextStopsTheEcosystemsWithinTheirTimeoutThenClosesTheRuntime() {
        // No drain (it is on by default): the stuck work is abandoned at once, then the kill after 200 ms.
        slow().withPropertyValues("foundation.beam.shutdown.await-termination=false",
                "foundation.beam.ecosystems.slow.shutdown-timeout=200ms").run(context -> {
            Ecosystem slow = context.getBean(EcosystemRegistry.class).get("slow");
            BeamRuntime runtime = context.getBean(BeamRuntime.class);
            CompletableFuture<Object> stuck = slow.submit("stuck");
            assertThat(context.getBean(Gate.class).entered.await(10, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            context.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(5)); // 200 ms, then a kill; far below the 30 s phase
            assertThat(slow.isRunning()).isFalse();
            assertThat(runtime.isClosed()).isTrue();
            assertThat(runtime.processCount()).isZero();
            assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(EcosystemStoppedException.class);
            assertThatThrownBy(() -> slow.submit("late")).isInstanceOf(EcosystemStoppedException.class);
        });
    }

    @RepeatedTest(3)
    void stopWithACallbackShutsDownAndAlwaysRunsTheCallback() {
        slow().run(context -> {
            DefaultEcosystemRegistry registry = context.getBean(DefaultEcosystemRegistry.class);
            Ecosystem slow = registry.get("slow");
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicBoolean runningWhenCalledBack = new AtomicBoolean(true);
            registry.stop(() -> {
                runningWhenCalledBack.set(slow.isRunning());
                stopped.countDown();
            });
            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runningWhenCalledBack.get()).isFalse();
            assertThat(registry.isRunning()).isFalse();

            // stopping again, with nothing running, still calls back (at once)
            CountDownLatch again = new CountDownLatch(1);
            registry.stop(again::countDown);
            assertThat(again.getCount()).isZero();

            // and the registry starts again (a context restart): the handles then delegate to new ecosystems
            registry.start();
            assertThat(slow.isRunning()).isTrue();
            await().atMost(WAIT).until(() -> slow.info().workers().get(0).alive());
        });
    }
}
