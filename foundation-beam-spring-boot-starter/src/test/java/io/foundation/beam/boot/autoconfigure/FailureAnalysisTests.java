package io.foundation.beam.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.foundation.beam.boot.EcosystemRegistry;
import io.foundation.beam.boot.annotation.Coordinator;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.ecosystem.DefaultEcosystemRegistry;
import io.foundation.beam.ecosystem.CoordinatorContext;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.EcosystemConfig;
import io.foundation.beam.ecosystem.EcosystemConfigException;
import io.foundation.beam.ecosystem.Topology;
import io.foundation.beam.ecosystem.WorkerContext;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every kind of bad configuration fails the startup with an analysis whose description names the property or bean
 * and whose action says what to change. Most cases run the analyzer on the startup failure of an
 * {@link ApplicationContextRunner}; the others start a {@link SpringApplication} (which also proves that the
 * analyzers are registered in {@code META-INF/spring.factories} and come before Spring Boot's generic ones).
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class));

    @Worker(ecosystem = "orders")
    static class OrderWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    private FailureAnalysis analyzeStartupFailure(ApplicationContextRunner configured) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        configured.run(context -> failure.set(context.getStartupFailure()));
        assertThat(failure.get()).as("startup failure").isNotNull();
        FailureAnalysis analysis = new BeamConfigurationFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).as("analysis of " + failure.get()).isNotNull();
        return analysis;
    }

    // ------------------------------------------------------------------ properties and attributes

    @Test
    void zeroWorkersByProperty() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.workers=0"));
        assertThat(analysis.getDescription()).startsWith("Ecosystem 'orders' has workers = 0, but it must be a number "
                + "of worker processes from 1 to 1000000.")
                .contains("Source: property foundation.beam.ecosystems.orders.workers = 0 (from \"foundation.beam."
                        + "ecosystems.orders.workers\" from property source");
        assertThat(analysis.getAction()).isEqualTo("Set foundation.beam.ecosystems.orders.workers to a number of "
                + "worker processes from 1 to 1000000.");
    }

    @Worker(ecosystem = "empty", workers = 0)
    static class NoWorkers {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void isolationAndObserverSettingsNameTheirProperty() {
        FailureAnalysis isolation = analyzeStartupFailure(runner
                .withConfiguration(AutoConfigurations.of(
                        io.foundation.beam.boot.autoconfigure.isolation.BeamIsolationAutoConfiguration.class))
                .withPropertyValues("foundation.beam.isolation.max-heap=4MB"));
        assertThat(isolation.getDescription()).startsWith("Memory isolation has max-heap = 4MB")
                .contains("Source: property foundation.beam.isolation.max-heap = 4MB");
        assertThat(isolation.getAction()).startsWith("Change foundation.beam.isolation.max-heap");
        FailureAnalysis observer = analyzeStartupFailure(runner
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration.class,
                        io.foundation.beam.boot.autoconfigure.endpoint.ObserverEndpointAutoConfiguration.class))
                .withUserConfiguration(OrderWorker.class)
                .withPropertyValues("management.endpoints.web.exposure.include=observer",
                        "foundation.beam.observer.top=500"));
        assertThat(observer.getDescription()).startsWith("The observer has top = 500, but it must be 1 to 100");
        assertThat(observer.getAction()).isEqualTo("Set foundation.beam.observer.top to 1 to 100, such as 20.");
    }

    @Test
    void zeroWorkersByAnnotation() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(NoWorkers.class));
        assertThat(analysis.getDescription()).contains("Ecosystem 'empty' has workers = 0, but it must be")
                .contains("Source: @Worker(workers = 0) on bean 'failureAnalysisTests.NoWorkers' ("
                        + NoWorkers.class.getName() + ")");
        assertThat(analysis.getAction()).isEqualTo("Set @Worker(workers) on " + NoWorkers.class.getName() + " to a "
                + "number of worker processes from 1 to 1000000, or override it with "
                + "foundation.beam.ecosystems.empty.workers.");
    }

    @Test
    void otherInvalidValuesNameTheirProperty() {
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.work-timeout=0s")).getAction())
                .isEqualTo("Set foundation.beam.ecosystems.orders.work-timeout to a positive duration such as 30s.");
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.work-timeout=0s")).getDescription())
                .startsWith("Ecosystem 'orders' has work-timeout = 0s, but it must be a positive duration");
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.mailbox.overflow-policy=drop-oldest"))
                .getAction()).isEqualTo("Remove foundation.beam.ecosystems.orders.mailbox.overflow-policy, or bound "
                        + "the mailbox with foundation.beam.ecosystems.orders.mailbox.capacity.");
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.backoff.min=1s")).getDescription())
                .startsWith("Ecosystem 'orders' has no backoff.max, but it must be set (with backoff.min)");
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.backoff.min=2s",
                        "foundation.beam.ecosystems.orders.backoff.max=1s")).getAction())
                .isEqualTo("Set foundation.beam.ecosystems.orders.backoff.max to at least backoff.min (2s).");
        assertThat(analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.restart.max-restarts=-1")).getAction())
                .isEqualTo("Set foundation.beam.ecosystems.orders.restart.max-restarts to zero or more.");
    }

    /**
     * The core checks every value (EcosystemConfig is the one source of the rules); the analysis names the property
     * its field maps to, the value as it was written, and the core's requirement, in the property's terms.
     */
    @Test
    void valuesTheCoreRejectsAreReportedUnderTheirProperty() {
        String[][] cases = { // properties set (the first is the bad one), its key, its value shown, the requirement
            {"max-attempts=0", "max-attempts", "0", "at least 1"},
            {"hibernate-after=0ms", "hibernate-after", "0s", "a positive duration such as 1s"},
            {"shutdown-timeout=-1s", "shutdown-timeout", "-1s", "zero or a positive duration such as 5s"},
            {"backlog-threshold=0", "backlog-threshold", "0", "at least 1"},
            {"max-pending-work=-3", "max-pending-work", "-3", "at least 1"},
            {"mailbox.capacity=0", "mailbox.capacity", "0", "at least 1 (leave it out for an unbounded mailbox)"},
            {"restart.period=0s", "restart.period", "0s", "a positive duration such as 5s"},
            {"backoff.jitter=1.5,backoff.min=1s,backoff.max=9s", "backoff.jitter", "1.5",
                "a fraction from 0 to 1, such as 0.2"},
            {"backoff.min=0s,backoff.max=9s", "backoff.min", "0s", "a positive duration such as 1s"},
        };
        for (String[] c : cases) {
            String[] properties = Arrays.stream(c[0].split(","))
                    .map(p -> "foundation.beam.ecosystems.orders." + p).toArray(String[]::new);
            String property = properties[0];
            FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                    .withPropertyValues(properties));
            assertThat(analysis.getDescription()).as(property).startsWith("Ecosystem 'orders' has " + c[1] + " = "
                    + c[2] + ", but it must be " + c[3] + ".\n    Source: property foundation.beam.ecosystems.orders."
                    + c[1] + " = " + c[2] + " (from ");
            assertThat(analysis.getAction()).as(property).isEqualTo("Set foundation.beam.ecosystems.orders." + c[1]
                    + " to " + c[3] + ".");
            assertThat(analysis.getCause()).as(property).cause().isInstanceOf(EcosystemConfigException.class);
        }
        FailureAnalysis blocking = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.mailbox.capacity=8",
                        "foundation.beam.ecosystems.orders.mailbox.overflow-policy=block-sender",
                        "foundation.beam.ecosystems.orders.mailbox.send-timeout=-5ms"));
        assertThat(blocking.getAction()).isEqualTo("Set foundation.beam.ecosystems.orders.mailbox.send-timeout to "
                + "zero or a positive duration such as 5s.");
    }

    static Stream<Arguments> invalidRuntimeProperties() {
        return Stream.of( // the property as set, its key, the value as shown, the requirement
                Arguments.of("messages-per-activation=0", "messages-per-activation", "0", "at least 1, such as 256"),
                Arguments.of("shutdown-timeout=-1s", "shutdown-timeout", "-1s",
                        "zero or a positive duration such as 5s"),
                Arguments.of("housekeeping-interval=0ms", "housekeeping-interval", "0s",
                        "a positive duration such as 100ms"),
                Arguments.of("name=", "name", "''", "a name of letters, digits, '.', '-' and '_', such as beam (it "
                        + "prefixes process ids: <beam.42>)"),
                Arguments.of("name=my shop", "name", "'my shop'", "a name of letters, digits, '.', '-' and '_', "
                        + "such as beam (it prefixes process ids: <beam.42>)"),
                Arguments.of("orphan-grace-period=-1s", "orphan-grace-period", "-1s",
                        "zero or a positive duration such as 1s"));
    }

    /** A bad foundation.beam.runtime.* value is a failure analysis naming the property, not the builder's trace. */
    @ParameterizedTest(name = "foundation.beam.runtime.{0}")
    @MethodSource("invalidRuntimeProperties")
    void anInvalidRuntimeProperty(String set, String key, String shown, String requirement) {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.runtime." + set));
        assertThat(analysis.getDescription()).startsWith("The Foundation BEAM runtime has " + key + " = " + shown
                + ", but it must be " + requirement + ".\n    Source: property foundation.beam.runtime." + key + " = "
                + shown + " (from \"foundation.beam.runtime." + key + "\" from property source");
        assertThat(analysis.getAction()).isEqualTo("Set foundation.beam.runtime." + key + " to " + requirement + ".");
    }

    static Stream<Arguments> settingsWithoutEffect() {
        String restart = "fault-tolerance is standard, and under standard fault tolerance a crashed member is "
                + "reported and never restarted, so ";
        return Stream.of( // the properties set (the first is reported), its key, its value, why, the fix
                Arguments.of("restart.max-restarts=5", "restart.max-restarts", "5",
                        restart + "no restart intensity applies", "fault-tolerance=self-healing"),
                Arguments.of("restart.period=10s", "restart.period", "10s",
                        restart + "no restart intensity applies", "fault-tolerance=self-healing"),
                Arguments.of("backoff.min=1s,backoff.max=9s", "backoff.min", "1s",
                        restart + "there is no restart to delay", "fault-tolerance=self-healing"),
                Arguments.of("backoff.jitter=0.5,backoff.min=1s,backoff.max=9s", "backoff.min", "1s",
                        restart + "there is no restart to delay", "fault-tolerance=self-healing"),
                Arguments.of("hibernate-after=2s", "hibernate-after", "2s", "gc-strategy is standard, and only the "
                        + "frequent-minor GC strategy hibernates idle members", "gc-strategy=frequent-minor"));
    }

    /** A valid setting that the rest of the configuration makes pointless fails, saying why and what to change. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsWithoutEffect")
    void aSettingWithoutEffect(String set, String key, String shown, String why, String fix) {
        String[] properties = Arrays.stream(set.split(",")).map(p -> "foundation.beam.ecosystems.orders." + p)
                .toArray(String[]::new);
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues(properties));
        assertThat(analysis.getDescription()).startsWith("Ecosystem 'orders' sets " + key + " = " + shown + ", which "
                + "has no effect: its " + why + ".\n    Source: property foundation.beam.ecosystems.orders." + key
                + " = " + shown + " (from ");
        assertThat(analysis.getAction()).startsWith("Remove foundation.beam.ecosystems.orders." + key + ", or set "
                + "foundation.beam.ecosystems.orders." + fix + " (or @Worker(");
    }

    @Test
    void aSettingWithoutEffectUnderAFaultToleranceSetByProperty() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.orders.fault-tolerance=standard",
                        "foundation.beam.ecosystems.orders.restart.max-restarts=3"));
        assertThat(analysis.getDescription()).contains("; fault-tolerance from property "
                + "foundation.beam.ecosystems.orders.fault-tolerance (from ");
        assertThat(analysis.getAction()).isEqualTo("Remove foundation.beam.ecosystems.orders.restart.max-restarts, "
                + "or set foundation.beam.ecosystems.orders.fault-tolerance=self-healing (or @Worker(faultTolerance = "
                + "FaultTolerance.SELF_HEALING) on " + OrderWorker.class.getName() + ").");
    }

    @Worker(ecosystem = "slow", shutdownTimeout = "-2s")
    static class NegativeShutdown {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void anAnnotationValueTheCoreRejectsNamesTheAttribute() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(NegativeShutdown.class));
        assertThat(analysis.getDescription()).isEqualTo("Ecosystem 'slow' has shutdown-timeout = -2s, but it must be "
                + "zero or a positive duration such as 5s.\n    Source: @Worker(shutdownTimeout = -2s) on bean "
                + "'failureAnalysisTests.NegativeShutdown' (" + NegativeShutdown.class.getName() + ")");
        assertThat(analysis.getAction()).isEqualTo("Set @Worker(shutdownTimeout) on "
                + NegativeShutdown.class.getName() + " to zero or a positive duration such as 5s, or override it "
                + "with foundation.beam.ecosystems.slow.shutdown-timeout.");
    }

    /** Every field of the core's configuration is either set by a property, or by the starter itself. */
    @Test
    void everyCoreFieldMapsToAPropertyOrIsTheStartersOwn() {
        for (EcosystemConfig.Field field : EcosystemConfig.Field.values()) {
            String key = EcosystemConfigFactory.key(field);
            if (key == null) {
                assertThat(field).isIn(EcosystemConfig.Field.NAME, EcosystemConfig.Field.WORKER_FACTORY,
                        EcosystemConfig.Field.MAILBOX, EcosystemConfig.Field.RESTART_INTENSITY);
            } else {
                assertThat(key).as(field.name()).matches("[a-z.-]+");
            }
        }
    }

    @Worker(ecosystem = "timed", workTimeout = "soon")
    static class BadDuration {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void anAnnotationDurationThatIsNotOne() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(BadDuration.class));
        assertThat(analysis.getDescription()).isEqualTo("Ecosystem 'timed': @Worker(workTimeout = \"soon\") on bean "
                + "'failureAnalysisTests.BadDuration' (" + BadDuration.class.getName() + ") is not a duration.");
        assertThat(analysis.getAction()).isEqualTo("Set @Worker(workTimeout) on " + BadDuration.class.getName()
                + " to a duration such as \"30s\", \"500ms\" or \"PT1M\", or set "
                + "foundation.beam.ecosystems.timed.work-timeout instead.");
    }

    @Test
    void propertiesForAnEcosystemThatNoWorkerDeclares() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class)
                .withPropertyValues("foundation.beam.ecosystems.ordrs.workers=4"));
        assertThat(analysis.getDescription()).isEqualTo("Properties foundation.beam.ecosystems.ordrs.* configure "
                + "ecosystem 'ordrs', which no @Worker bean declares. Known ecosystems: orders.");
        assertThat(analysis.getAction()).isEqualTo("Rename foundation.beam.ecosystems.ordrs to one of the known "
                + "ecosystems, or declare it with a @Worker(ecosystem = \"ordrs\") bean.");
    }

    private FailureAnalysis analyzeUnknownKey(String... properties) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.withUserConfiguration(OrderWorker.class).withPropertyValues(properties)
                .run(context -> failure.set(context.getStartupFailure()));
        assertThat(failure.get()).as("startup failure").isNotNull();
        FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).as("analysis of " + failure.get()).isNotNull();
        return analysis;
    }

    /** A misspelt key of an ecosystem is named, with the nearest known key and the keys of an ecosystem. */
    @Test
    void anUnknownEcosystemKeySaysWhichKeyAndTheNearestValidOne() {
        FailureAnalysis analysis = analyzeUnknownKey("foundation.beam.ecosystems.orders.wrker-count=4");
        assertThat(analysis.getDescription()).startsWith("Unknown key foundation.beam.ecosystems.orders.wrker-count; "
                + "did you mean workers? Its value 4 (from \"foundation.beam.ecosystems.orders.wrker-count\" from "
                + "property source").endsWith(" is not used: there is no key wrker-count under "
                        + "foundation.beam.ecosystems.orders, and Foundation BEAM fails rather than ignore a misspelt "
                        + "key.");
        assertThat(analysis.getAction()).startsWith("Rename it to foundation.beam.ecosystems.orders.workers, or "
                + "remove it. The keys under foundation.beam.ecosystems.orders are: ").contains("work-timeout",
                        "mailbox.capacity", "restart.max-restarts");
        analysis = analyzeUnknownKey("foundation.beam.ecosystems.orders.mailbox.capacty=4");
        assertThat(analysis.getDescription()).contains("did you mean mailbox.capacity?");
        analysis = analyzeUnknownKey("foundation.beam.ecosystems.orders.work-timout=4s");
        assertThat(analysis.getDescription()).contains("did you mean work-timeout?");
    }

    @Test
    void anUnknownTopLevelKeySaysWhichKeyAndTheNearestValidOne() {
        FailureAnalysis analysis = analyzeUnknownKey("foundation.beam.runtime.shutdown-timout=4s");
        assertThat(analysis.getDescription()).startsWith("Unknown key foundation.beam.runtime.shutdown-timout; did you "
                + "mean runtime.shutdown-timeout? Its value 4s (from ");
        assertThat(analysis.getAction()).startsWith("Rename it to foundation.beam.runtime.shutdown-timeout, or "
                + "remove it. The keys under foundation.beam are: cluster.auth-secret, ").contains(" enabled, ");
        analysis = analyzeUnknownKey("foundation.beam.zzzzzzzzzzzzzzzzzzzzz=1");
        assertThat(analysis.getDescription()).doesNotContain("did you mean");
        assertThat(analysis.getAction()).startsWith("Remove foundation.beam.zzzzzzzzzzzzzzzzzzzzz. The keys under "
                + "foundation.beam are: ");
    }

    /** Through SpringApplication: the report printed is ours, not Spring Boot's "Binding to target [Bindable@...]". */
    @Test
    void anUnknownKeyThroughSpringApplication(CapturedOutput output) {
        Throwable failure = run(new Class<?>[] {App.class}, "--foundation.beam.ecosystems.orders.wrker-count=4")
                .failure();
        assertThat(failure).isNotNull();
        assertThat(output).contains("Unknown key foundation.beam.ecosystems.orders.wrker-count; did you mean workers? "
                + "Its value 4 (from \"foundation.beam.ecosystems.orders.wrker-count\" from property source "
                + "\"commandLineArgs\") is not used").contains("Rename it to foundation.beam.ecosystems.orders.workers")
                .doesNotContain("Bindable@");
    }

    /** Unknown enum values are bound by Spring Boot, whose own analyzer names the property and lists the values. */
    @Test
    void unknownTopology(CapturedOutput output) {
        Throwable failure = run(new Class<?>[] {App.class}, "--foundation.beam.ecosystems.orders.topology=star")
                .failure();
        assertThat(failure).isNotNull();
        assertThat(output).contains("Failed to bind properties under 'foundation.beam.ecosystems.orders.topology' "
                + "to " + Topology.class.getName())
                .contains("Value: \"star\"")
                .contains("Action:")
                .containsPattern("The following values are valid:\\R\\R\\s+MESH\\R\\s+RING\\R\\s+TREE");
    }

    // ------------------------------------------------------------------ bean declarations

    @Coordinator(ecosystem = "orders")
    static class FirstCoordinator {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Coordinator(ecosystem = "orders")
    static class SecondCoordinator {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Test
    void twoCoordinatorsForOneEcosystem() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(OrderWorker.class,
                FirstCoordinator.class, SecondCoordinator.class));
        assertThat(analysis.getDescription()).isEqualTo("Ecosystem 'orders' has two @Coordinator beans: "
                + "'failureAnalysisTests.FirstCoordinator' (" + FirstCoordinator.class.getName() + ") and "
                + "'failureAnalysisTests.SecondCoordinator' (" + SecondCoordinator.class.getName() + "). An "
                + "ecosystem has at most one coordinator.");
        assertThat(analysis.getAction()).isEqualTo("Keep one @Coordinator(ecosystem = \"orders\") bean: remove the "
                + "other, or point it at another ecosystem.");
    }

    @Worker(ecosystem = "orders")
    static class SecondOrderWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void twoWorkersForOneEcosystem() {
        FailureAnalysis analysis = analyzeStartupFailure(
                runner.withUserConfiguration(OrderWorker.class, SecondOrderWorker.class));
        assertThat(analysis.getDescription()).startsWith("Ecosystem 'orders' has two @Worker beans: ");
        assertThat(analysis.getAction()).startsWith("Keep one @Worker(ecosystem = \"orders\") bean");
    }

    @Coordinator(ecosystem = "nowhere")
    static class LonelyCoordinator {
        @HandleMessage
        Object handle(Object message) {
            return message;
        }
    }

    @Test
    void aCoordinatorForAnEcosystemWithoutWorker() {
        FailureAnalysis analysis = analyzeStartupFailure(
                runner.withUserConfiguration(OrderWorker.class, LonelyCoordinator.class));
        assertThat(analysis.getDescription()).endsWith("coordinates ecosystem 'nowhere', which no @Worker bean "
                + "declares. Known ecosystems: orders.");
        assertThat(analysis.getAction()).startsWith("Declare the ecosystem with a @Worker(ecosystem = \"nowhere\") "
                + "bean, or set @Coordinator(ecosystem = ...) on " + LonelyCoordinator.class.getName());
    }

    @Worker(ecosystem = "scoped")
    @org.springframework.context.annotation.Scope("thread")
    static class ThreadScopedWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    @Test
    void aWorkerWithAnotherScope() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(ThreadScopedWorker.class));
        assertThat(analysis.getDescription()).contains("has scope 'thread'; each process needs its own instance");
        assertThat(analysis.getAction()).isEqualTo("Remove @Scope(\"thread\") from "
                + ThreadScopedWorker.class.getName() + ".");
    }

    @Worker(ecosystem = "shared")
    @org.springframework.context.annotation.Scope("singleton")
    static class SingletonWorker {
        @HandleMessage
        Object handle(Object work) {
            return work;
        }
    }

    /** A worker declared singleton in so many words is not quietly made prototype. */
    @Test
    void aWorkerDeclaredSingleton() {
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(SingletonWorker.class));
        assertThat(analysis.getDescription()).isEqualTo("@Worker bean 'failureAnalysisTests.SingletonWorker' ("
                + SingletonWorker.class.getName() + ") has @Scope(\"singleton\"), but each process needs its own "
                + "instance: @Worker beans are prototype-scoped, one instance per process and a fresh one per "
                + "restart. A singleton would be shared by every process of the ecosystem, so it is not quietly made "
                + "prototype.");
        assertThat(analysis.getAction()).startsWith("Remove @Scope(\"singleton\") from "
                + SingletonWorker.class.getName());
    }

    // ------------------------------------------------------------------ handler methods

    @Worker(ecosystem = "bad")
    static class StaticHandler {
        @HandleMessage
        static Object handle(Object work) {
            return work;
        }
    }

    @Worker(ecosystem = "bad")
    static class NoParameter {
        @HandleMessage
        Object handle() {
            return null;
        }
    }

    @Worker(ecosystem = "bad")
    static class ThreeParameters {
        @HandleMessage
        Object handle(String work, WorkerContext context, int extra) {
            return work;
        }
    }

    @Worker(ecosystem = "bad")
    static class CoordinatorContextInWorker {
        @HandleMessage
        Object handle(String work, CoordinatorContext context) {
            return work;
        }
    }

    @Worker(ecosystem = "bad")
    static class ContextFirst {
        @HandleMessage
        Object handle(WorkerContext context, String work) {
            return work;
        }
    }

    @Worker(ecosystem = "bad")
    static class TwoHandlersForOneType {
        @HandleMessage
        Object first(String work) {
            return work;
        }

        @HandleMessage
        Object second(String work, WorkerContext context) {
            return work;
        }
    }

    @Worker(ecosystem = "bad")
    static class NoHandler {
        Object handle(Object work) {
            return work;
        }
    }

    @Worker(ecosystem = "bad", topology = Topology.RING)
    static class RingWithoutToken {
        @HandleMessage
        Object handle(String work) {
            return work;
        }
    }

    @Test
    void handlerMethodsWithUnusableSignatures() {
        String bean = "@Worker bean 'failureAnalysisTests.";
        FailureAnalysis analysis = analyzeStartupFailure(runner.withUserConfiguration(StaticHandler.class));
        assertThat(analysis.getDescription()).startsWith("@HandleMessage method static java.lang.Object ")
                .contains("StaticHandler.handle(java.lang.Object) of " + bean + "StaticHandler' ("
                        + StaticHandler.class.getName() + ") is static");
        assertThat(analysis.getAction()).startsWith("Make handle an instance method.");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(NoParameter.class));
        assertThat(analysis.getDescription()).contains(bean + "NoParameter'").endsWith("has 0 parameters; a "
                + "handler has 1 or 2.");
        assertThat(analysis.getAction()).startsWith("Change the parameters of handle. A handler takes the message")
                .contains("@HandleMessage Object handle(MyMessage message, WorkerContext context)");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(ThreeParameters.class));
        assertThat(analysis.getDescription()).endsWith("has 3 parameters; a handler has 1 or 2.");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(CoordinatorContextInWorker.class));
        assertThat(analysis.getDescription()).contains(bean + "CoordinatorContextInWorker'")
                .endsWith("has a second parameter of type " + CoordinatorContext.class.getName() + ", but a "
                        + "@Worker handler's second parameter must be " + WorkerContext.class.getName()
                        + " (CoordinatorContext belongs to a @Coordinator bean).");
        assertThat(analysis.getAction()).startsWith("Change the second parameter of handle to WorkerContext, or "
                + "remove it.");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(ContextFirst.class));
        assertThat(analysis.getDescription()).endsWith("takes WorkerContext as its first parameter, which must be "
                + "the message.");
        assertThat(analysis.getAction()).startsWith("Put the message first.");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(TwoHandlersForOneType.class));
        assertThat(analysis.getDescription()).startsWith(bean + "TwoHandlersForOneType' ("
                + TwoHandlersForOneType.class.getName() + ") has two @HandleMessage methods for java.lang.String");
        assertThat(analysis.getAction()).isEqualTo("Keep one @HandleMessage method for java.lang.String in "
                + TwoHandlersForOneType.class.getName() + ", or give one of them a more specific parameter type.");

        analysis = analyzeStartupFailure(runner.withUserConfiguration(NoHandler.class));
        assertThat(analysis.getDescription()).isEqualTo(bean + "NoHandler' (" + NoHandler.class.getName() + ") of "
                + "ecosystem 'bad' has no @HandleMessage method, so its processes could not handle any work.");
        assertThat(analysis.getAction()).startsWith("Add a @HandleMessage method to " + NoHandler.class.getName());

        analysis = analyzeStartupFailure(runner.withUserConfiguration(RingWithoutToken.class));
        assertThat(analysis.getDescription()).startsWith("Ecosystem 'bad' has topology ring, so its workers receive a "
                + "io.foundation.beam.ecosystem.RingToken");
        assertThat(analysis.getAction()).startsWith("Add a handler such as @HandleMessage void token(RingToken "
                + "token, WorkerContext context)");
    }

    @Coordinator(ecosystem = "orders")
    static class WorkerContextInCoordinator {
        @HandleMessage
        Object handle(String message, WorkerContext context) {
            return message;
        }
    }

    @Test
    void aCoordinatorHandlerWithAWorkerContext() {
        FailureAnalysis analysis = analyzeStartupFailure(
                runner.withUserConfiguration(OrderWorker.class, WorkerContextInCoordinator.class));
        assertThat(analysis.getDescription()).contains("@Coordinator bean 'failureAnalysisTests."
                + "WorkerContextInCoordinator'").endsWith("(WorkerContext belongs to a @Worker bean).");
        assertThat(analysis.getAction()).startsWith("Change the second parameter of handle to CoordinatorContext");
    }

    // ------------------------------------------------------------------ unknown or disabled ecosystems

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(OrderWorker.class)
    static class App {
    }

    static class Checkout {
        Checkout(Ecosystem ecosystem) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(App.class)
    static class InjectsOrdrs {
        @Bean
        Checkout checkout(@Qualifier("ordrs") Ecosystem ordrs) {
            return new Checkout(ordrs);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(App.class)
    static class InjectsOrders {
        @Bean
        Checkout checkout(@Qualifier("orders") Ecosystem orders) {
            return new Checkout(orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(App.class)
    static class LooksUpOrdrs {
        @Bean
        Checkout checkout(EcosystemRegistry registry) {
            return new Checkout(registry.get("ordrs"));
        }
    }

    record Started(Throwable failure, ConfigurableApplicationContext context) {
        FailureAnalysis analysis() {
            return new EcosystemInjectionFailureAnalyzer(context.getBeanFactory(), context.getEnvironment())
                    .analyze(failure);
        }
    }

    private static Started run(Class<?>[] sources, String... args) {
        SpringApplication application = new SpringApplication(sources);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
        application.addInitializers(context::set);
        Throwable failure = catchThrowable(() -> application.run(args));
        return new Started(failure, context.get());
    }

    @Test
    void anUnknownEcosystemInjected(CapturedOutput output) {
        Started started = run(new Class<?>[] {InjectsOrdrs.class});
        FailureAnalysis analysis = started.analysis();
        assertThat(analysis.getDescription()).isEqualTo("Parameter 0 of method checkout in "
                + InjectsOrdrs.class.getName() + " required ecosystem 'ordrs', but no ecosystem has that name. Known "
                + "ecosystems: orders.");
        assertThat(analysis.getAction()).isEqualTo("Use one of the known ecosystem names (orders), or declare "
                + "'ordrs' with a @Worker(ecosystem = \"ordrs\") bean.");
        // the report printed by SpringApplication is ours, not Spring Boot's generic "a bean of type Ecosystem"
        assertThat(output).contains(analysis.getDescription()).contains(analysis.getAction());
    }

    @Test
    void anUnknownEcosystemLookedUp(CapturedOutput output) {
        Started started = run(new Class<?>[] {LooksUpOrdrs.class});
        FailureAnalysis analysis = started.analysis();
        assertThat(analysis.getDescription()).isEqualTo("EcosystemRegistry.get(\"ordrs\") required ecosystem "
                + "'ordrs', but no ecosystem has that name. Known ecosystems: orders.");
        assertThat(output).contains(analysis.getDescription());
    }

    /** A @Worker bean whose ecosystem is disabled by property, and that the application still injects. */
    @Test
    void aDisabledEcosystemInjected(CapturedOutput output) {
        Started started = run(new Class<?>[] {InjectsOrders.class},
                "--foundation.beam.ecosystems.orders.enabled=false");
        FailureAnalysis analysis = started.analysis();
        assertThat(analysis.getDescription()).isEqualTo("Parameter 0 of method checkout in "
                + InjectsOrders.class.getName() + " required ecosystem 'orders', which is disabled by "
                + "foundation.beam.ecosystems.orders.enabled=false. Disabled ecosystems do not run and cannot be "
                + "injected.");
        assertThat(analysis.getAction()).isEqualTo("Set foundation.beam.ecosystems.orders.enabled to true, or stop "
                + "injecting it (look it up with EcosystemRegistry.find(\"orders\") where it is optional).");
        assertThat(output).contains(analysis.getDescription());
    }

    @Test
    void anEcosystemInjectedWhileFoundationBeamIsDisabled() {
        Started started = run(new Class<?>[] {InjectsOrders.class}, "--foundation.beam.enabled=false");
        FailureAnalysis analysis = started.analysis();
        assertThat(analysis.getDescription()).isEqualTo("Parameter 0 of method checkout in "
                + InjectsOrders.class.getName() + " required ecosystem 'orders', but Foundation BEAM is disabled "
                + "(foundation.beam.enabled=false), so no ecosystem runs.");
        assertThat(analysis.getAction()).startsWith("Set foundation.beam.enabled to true");
    }

    @Test
    void aBadPropertyThroughSpringApplicationIsReportedWithItsOrigin(CapturedOutput output) {
        Started started = run(new Class<?>[] {App.class}, "--foundation.beam.ecosystems.orders.workers=0");
        assertThat(started.failure()).isNotNull();
        assertThat(output).contains("Ecosystem 'orders' has workers = 0, but it must be")
                .contains("from \"foundation.beam.ecosystems.orders.workers\" from property source "
                        + "\"commandLineArgs\"")
                .contains("Set foundation.beam.ecosystems.orders.workers to a number of worker processes from 1 to "
                        + "1000000.");
    }

    @Test
    void theApplicationStartsAndStopsThroughTheImportsFile() {
        Started started = run(new Class<?>[] {App.class});
        assertThat(started.failure()).isNull();
        DefaultEcosystemRegistry registry;
        try (ConfigurableApplicationContext context = started.context()) {
            registry = context.getBean(DefaultEcosystemRegistry.class);
            assertThat(registry.get("orders").isRunning()).isTrue();
            assertThat(registry.isRunning()).isTrue();
        }
        assertThat(registry.isRunning()).isFalse();
        assertThat(registry.get("orders").isRunning()).isFalse();
    }
}
