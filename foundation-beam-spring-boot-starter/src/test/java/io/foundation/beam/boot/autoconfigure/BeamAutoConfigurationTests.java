package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.BeamRuntime;
import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.telemetry.BeamEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runtime's auto-configuration: created from properties, closed with the context, backs off, disabled. */
class BeamAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class));

    @Worker(ecosystem = "echo")
    static class EchoWorker {
        @HandleMessage
        Object echo(Object message) {
            return message;
        }
    }

    @Test
    void createsTheRuntimeFromPropertiesAndClosesItWithTheContext() {
        BeamRuntime[] seen = new BeamRuntime[1];
        runner.withPropertyValues("foundation.beam.runtime.name=shop").run(context -> {
            assertThat(context).hasSingleBean(BeamRuntime.class).hasSingleBean(EcosystemRegistry.class);
            BeamRuntime runtime = context.getBean(BeamRuntime.class);
            assertThat(runtime.name()).isEqualTo("shop");
            assertThat(runtime.isClosed()).isFalse();
            seen[0] = runtime;
        });
        assertThat(seen[0].isClosed()).isTrue();
    }

    @Test
    void runsEcosystemsOnTheRuntime() {
        runner.withUserConfiguration(EchoWorker.class).withPropertyValues("foundation.beam.runtime.name=shop")
                .run(context -> {
                    Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
                    assertThat(echo.isRunning()).isTrue();
                    assertThat(echo.supervisor().toString()).startsWith("<shop.");
                    assertThat(echo.submit("hi").get(5, TimeUnit.SECONDS)).isEqualTo("hi");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRuntime {
        @Bean
        BeamRuntime myRuntime() {
            return BeamRuntime.builder().name("mine").build();
        }
    }

    @Test
    void backsOffToAUserRuntimeAndRunsTheEcosystemsOnIt() {
        runner.withUserConfiguration(UserRuntime.class, EchoWorker.class).run(context -> {
            assertThat(context).hasSingleBean(BeamRuntime.class).hasBean("myRuntime").doesNotHaveBean("beamRuntime");
            Ecosystem echo = context.getBean(EcosystemRegistry.class).get("echo");
            assertThat(echo.supervisor().toString()).startsWith("<mine.");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        final List<BeamEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        BeamEventListener recorder() {
            return events::add;
        }
    }

    @Test
    void addsEveryBeamEventListenerBeanToTheRuntime() {
        runner.withUserConfiguration(Listening.class, EchoWorker.class).run(context -> {
            List<BeamEvent> events = context.getBean(Listening.class).events;
            assertThat(events).anyMatch(e -> e instanceof BeamEvent.EcosystemStarted s && s.ecosystem().equals("echo"));
        });
    }

    @Test
    void isDisabledByProperty() {
        runner.withUserConfiguration(EchoWorker.class).withPropertyValues("foundation.beam.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(BeamRuntime.class).doesNotHaveBean(EcosystemRegistry.class)
                            .doesNotHaveBean(Ecosystem.class).doesNotHaveBean(BeamProperties.class);
                });
    }
}
