package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.NoSuchEcosystemException;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.ecosystem.DispatchStrategy;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemInfo;
import io.foundation.beam.ecosystem.FaultTolerance;
import io.foundation.beam.ecosystem.GcStrategy;
import io.foundation.beam.ecosystem.MemoryStrategy;
import io.foundation.beam.ecosystem.RingToken;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import io.foundation.beam.mailbox.MailboxSpec;
import io.foundation.beam.mailbox.OverflowPolicy;
import io.foundation.beam.supervision.RestartBackoff;
import io.foundation.beam.supervision.RestartIntensity;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Annotation attributes are the defaults and {@code foundation.beam.ecosystems.<name>.*} overrides each of them;
 * checked through {@link Ecosystem#config()} and {@link Ecosystem#info()} of the running ecosystem.
 */
class EcosystemPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class));

    @Worker(ecosystem = "jobs", workers = 2, topology = Topology.MESH, faultTolerance = FaultTolerance.SELF_HEALING,
            dispatch = DispatchStrategy.KEY_HASH, memoryStrategy = MemoryStrategy.SHARED_HEAP,
            gcStrategy = GcStrategy.FREQUENT_MINOR, maxAttempts = 7, workTimeout = "12s", shutdownTimeout = "750ms")
    static class JobWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }

        @HandleMessage
        void token(RingToken token, WorkerContext context) {
            // keeps the token: enough for a ring that does nothing else
        }
    }

    @Worker(ecosystem = "plain")
    static class PlainWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    private static EcosystemConfig config(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(EcosystemRegistry.class).get(name).config();
    }

    @Test
    void withoutAttributesOrPropertiesTheCoreDefaultsApply() {
        runner.withUserConfiguration(PlainWorker.class).run(context -> {
            EcosystemConfig c = config(context, "plain");
            EcosystemConfig core = EcosystemConfig.builder("plain").workers(1, () -> (m, ctx) -> m).build();
            assertThat(c.workerCount()).isEqualTo(core.workerCount());
            assertThat(c.topology()).isEqualTo(core.topology());
            assertThat(c.faultTolerance()).isEqualTo(core.faultTolerance());
            assertThat(c.memoryStrategy()).isEqualTo(core.memoryStrategy());
            assertThat(c.gcStrategy()).isEqualTo(core.gcStrategy());
            assertThat(c.hibernateAfter()).isEqualTo(core.hibernateAfter());
            assertThat(c.dispatch()).isEqualTo(core.dispatch());
            assertThat(c.mailbox()).isEqualTo(core.mailbox());
            assertThat(c.restartIntensity()).isEqualTo(core.restartIntensity());
            assertThat(c.restartBackoff()).isNull();
            assertThat(c.maxAttempts()).isEqualTo(core.maxAttempts());
            assertThat(c.workTimeout()).isEqualTo(core.workTimeout());
            assertThat(c.shutdownTimeout()).isEqualTo(core.shutdownTimeout());
            assertThat(c.backlogThreshold()).isEqualTo(core.backlogThreshold());
            assertThat(c.messageAnalytics()).isEqualTo(core.messageAnalytics()).isFalse();
            assertThat(c.dedicatedThreads()).isEqualTo(core.dedicatedThreads()).isFalse();
            assertThat(context.getBean(EcosystemRegistry.class).get("plain").messageStats()).isEmpty();
        });
    }

    @Test
    void annotationAttributesAreTheDefaults() {
        runner.withUserConfiguration(JobWorker.class).run(context -> {
            EcosystemConfig c = config(context, "jobs");
            assertThat(c.workerCount()).isEqualTo(2);
            assertThat(c.topology()).isEqualTo(Topology.MESH);
            assertThat(c.faultTolerance()).isEqualTo(FaultTolerance.SELF_HEALING);
            assertThat(c.dispatch()).isEqualTo(DispatchStrategy.KEY_HASH);
            assertThat(c.memoryStrategy()).isEqualTo(MemoryStrategy.SHARED_HEAP);
            assertThat(c.gcStrategy()).isEqualTo(GcStrategy.FREQUENT_MINOR);
            assertThat(c.maxAttempts()).isEqualTo(7);
            assertThat(c.workTimeout()).isEqualTo(Duration.ofSeconds(12));
            assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(750));
            EcosystemInfo info = context.getBean(EcosystemRegistry.class).get("jobs").info();
            assertThat(info.workers()).hasSize(2);
            assertThat(info.topology()).isEqualTo(Topology.MESH);
            assertThat(info.faultTolerance()).isEqualTo(FaultTolerance.SELF_HEALING);
        });
    }

    @Test
    void everyPropertyOverridesTheAnnotation() {
        runner.withUserConfiguration(JobWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.jobs.workers=4",
                "foundation.beam.ecosystems.jobs.topology=ring",
                "foundation.beam.ecosystems.jobs.fault-tolerance=standard",
                "foundation.beam.ecosystems.jobs.memory-strategy=isolated-heaps",
                "foundation.beam.ecosystems.jobs.gc-strategy=standard",
                "foundation.beam.ecosystems.jobs.dispatch=least-loaded",
                "foundation.beam.ecosystems.jobs.max-attempts=5",
                "foundation.beam.ecosystems.jobs.work-timeout=45s",
                "foundation.beam.ecosystems.jobs.shutdown-timeout=2s",
                "foundation.beam.ecosystems.jobs.backlog-threshold=500",
                "foundation.beam.ecosystems.jobs.max-pending-work=250",
                "foundation.beam.ecosystems.jobs.message-analytics=true",
                "foundation.beam.ecosystems.jobs.dedicated-threads=true",
                "foundation.beam.ecosystems.jobs.mailbox.capacity=100",
                "foundation.beam.ecosystems.jobs.mailbox.overflow-policy=drop-oldest").run(context -> {
                    EcosystemConfig c = config(context, "jobs");
                    assertThat(c.workerCount()).isEqualTo(4);
                    assertThat(c.topology()).isEqualTo(Topology.RING);
                    assertThat(c.faultTolerance()).isEqualTo(FaultTolerance.STANDARD);
                    assertThat(c.memoryStrategy()).isEqualTo(MemoryStrategy.ISOLATED_HEAPS);
                    assertThat(c.gcStrategy()).isEqualTo(GcStrategy.STANDARD);
                    assertThat(c.dispatch()).isEqualTo(DispatchStrategy.LEAST_LOADED);
                    assertThat(c.maxAttempts()).isEqualTo(5);
                    assertThat(c.workTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.backlogThreshold()).isEqualTo(500);
                    assertThat(c.maxPendingWork()).isEqualTo(250);
                    assertThat(c.messageAnalytics()).isTrue();
                    assertThat(c.dedicatedThreads()).isTrue();
                    assertThat(c.mailbox()).isEqualTo(MailboxSpec.bounded(100, OverflowPolicy.DROP_OLDEST));
                    EcosystemInfo info = context.getBean(EcosystemRegistry.class).get("jobs").info();
                    assertThat(info.workers()).hasSize(4);
                    assertThat(info.topology()).isEqualTo(Topology.RING);
                    assertThat(info.faultTolerance()).isEqualTo(FaultTolerance.STANDARD);
                    assertThat(context.getBean(EcosystemRegistry.class).get("jobs").messageStats()).isPresent();
                });
    }

    /** Restart, backoff and hibernation settings, where the fault tolerance and GC strategy give them an effect. */
    @Test
    void restartBackoffAndHibernationProperties() {
        runner.withUserConfiguration(JobWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.jobs.hibernate-after=3s",
                "foundation.beam.ecosystems.jobs.restart.max-restarts=3",
                "foundation.beam.ecosystems.jobs.restart.period=10s",
                "foundation.beam.ecosystems.jobs.backoff.min=100ms",
                "foundation.beam.ecosystems.jobs.backoff.max=2s",
                "foundation.beam.ecosystems.jobs.backoff.jitter=0.25").run(context -> {
                    EcosystemConfig c = config(context, "jobs");
                    assertThat(c.hibernateAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.restartIntensity()).isEqualTo(new RestartIntensity(3, Duration.ofSeconds(10)));
                    assertThat(c.restartBackoff())
                            .isEqualTo(new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.25));
                });
    }

    @Worker(ecosystem = "bare", workTimeout = "12")
    static class BareNumberWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    /** A duration written as a bare number is in the unit its documentation states, not milliseconds. */
    @Test
    void bareNumbersAreInTheDocumentedUnit() {
        runner.withUserConfiguration(JobWorker.class, BareNumberWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.jobs.work-timeout=30",
                "foundation.beam.ecosystems.jobs.shutdown-timeout=2",
                "foundation.beam.ecosystems.jobs.hibernate-after=4",
                "foundation.beam.ecosystems.jobs.restart.period=10",
                "foundation.beam.ecosystems.jobs.backoff.min=1",
                "foundation.beam.ecosystems.jobs.backoff.max=8",
                "foundation.beam.ecosystems.jobs.mailbox.capacity=8",
                "foundation.beam.ecosystems.jobs.mailbox.overflow-policy=block-sender",
                "foundation.beam.ecosystems.jobs.mailbox.send-timeout=3",
                "foundation.beam.runtime.shutdown-timeout=6",
                "foundation.beam.runtime.orphan-grace-period=2",
                "foundation.beam.runtime.housekeeping-interval=50").run(context -> {
                    EcosystemConfig c = config(context, "jobs");
                    assertThat(c.workTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.hibernateAfter()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(c.restartIntensity().period()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(c.restartBackoff().min()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(c.restartBackoff().max()).isEqualTo(Duration.ofSeconds(8));
                    assertThat(config(context, "bare").workTimeout()).isEqualTo(Duration.ofSeconds(12));
                    BeamProperties properties = context.getBean(BeamProperties.class);
                    assertThat(properties.getEcosystems().get("jobs").getMailbox().getSendTimeout())
                            .isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.getRuntime().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(6));
                    assertThat(properties.getRuntime().getOrphanGracePeriod()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.getRuntime().getHousekeepingInterval()).isEqualTo(Duration.ofMillis(50));
                });
    }

    @Test
    void seedSpellingsOfEnumValuesBind() {
        runner.withUserConfiguration(PlainWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.plain.fault-tolerance=self_healing",
                "foundation.beam.ecosystems.plain.topology=MESH",
                "foundation.beam.ecosystems.plain.memory-strategy=SHARED_HEAP").run(context -> {
                    EcosystemConfig c = config(context, "plain");
                    assertThat(c.faultTolerance()).isEqualTo(FaultTolerance.SELF_HEALING);
                    assertThat(c.topology()).isEqualTo(Topology.MESH);
                    assertThat(c.memoryStrategy()).isEqualTo(MemoryStrategy.SHARED_HEAP);
                });
    }

    @Test
    void aBlockSenderMailboxTakesItsSendTimeout() {
        runner.withUserConfiguration(PlainWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.plain.mailbox.capacity=8",
                "foundation.beam.ecosystems.plain.mailbox.overflow-policy=block-sender",
                "foundation.beam.ecosystems.plain.mailbox.send-timeout=250ms").run(context -> {
                    assertThat(config(context, "plain").mailbox())
                            .isEqualTo(MailboxSpec.blocking(8, Duration.ofMillis(250)));
                });
        runner.withUserConfiguration(PlainWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.plain.mailbox.capacity=8",
                "foundation.beam.ecosystems.plain.mailbox.overflow-policy=block-sender").run(context -> {
                    assertThat(config(context, "plain").mailbox())
                            .isEqualTo(MailboxSpec.blocking(8, EcosystemConfigFactory.DEFAULT_SEND_TIMEOUT));
                });
        runner.withUserConfiguration(PlainWorker.class).withPropertyValues(
                "foundation.beam.ecosystems.plain.mailbox.capacity=8").run(context -> {
                    assertThat(config(context, "plain").mailbox())
                            .isEqualTo(MailboxSpec.bounded(8, OverflowPolicy.REJECT));
                });
    }

    @Worker(ecosystem = "EU.Orders")
    static class EuWorker {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    static class EuClient {
        final Ecosystem orders;

        EuClient(@org.springframework.beans.factory.annotation.Qualifier("EU.Orders") Ecosystem orders) {
            this.orders = orders;
        }
    }

    @Test
    void aNameWithCapitalsOrDotsIsConfiguredWithTheBracketNotation() {
        runner.withUserConfiguration(EuWorker.class).withBean(EuClient.class)
                .withPropertyValues("foundation.beam.ecosystems[EU.Orders].workers=3").run(context -> {
                    Ecosystem orders = context.getBean(EuClient.class).orders;
                    assertThat(orders.name()).isEqualTo("EU.Orders");
                    assertThat(orders.config().workerCount()).isEqualTo(3);
                    assertThat(orders.isRunning()).isTrue();
                });
        runner.withUserConfiguration(EuWorker.class)
                .withPropertyValues("foundation.beam.ecosystems[EU.Orders].enabled=false").run(context -> {
                    assertThat(context.getBean(EcosystemRegistry.class).names()).isEmpty();
                });
        runner.withUserConfiguration(EuWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.eu.workers=3").run(context -> {
                    assertThat(context).getFailure().rootCause()
                            .isInstanceOf(io.foundation.beam.boot.BeamConfigurationException.class)
                            .hasMessage("Properties foundation.beam.ecosystems.eu.* configure ecosystem 'eu', which "
                                    + "no @Worker bean declares. Known ecosystems: EU.Orders. An ecosystem name with "
                                    + "capitals or dots needs the bracket notation: "
                                    + "foundation.beam.ecosystems[EU.Orders].workers.");
                });
    }

    @Test
    void aMisspeltKeyFailsTheStartup() {
        runner.withUserConfiguration(PlainWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.plain.wokers=3").run(context -> {
                    assertThat(context).getFailure().rootCause().isInstanceOf(
                            org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException.class)
                            .hasMessageContaining("foundation.beam.ecosystems.plain.wokers");
                });
    }

    @Test
    void anEcosystemIsDisabledByProperty() {
        runner.withUserConfiguration(JobWorker.class, PlainWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.jobs.enabled=false").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("jobsEcosystem").hasBean("plainEcosystem");
                    EcosystemRegistry registry = context.getBean(EcosystemRegistry.class);
                    assertThat(registry.names()).containsExactly("plain");
                    assertThat(registry.find("jobs")).isEmpty();
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> registry.get("jobs")))
                            .isInstanceOf(NoSuchEcosystemException.class)
                            .hasMessage("ecosystem 'jobs' is disabled (foundation.beam.ecosystems.jobs.enabled=false)");
                    assertThat(registry.get("plain").isRunning()).isTrue();
                });
    }
}
