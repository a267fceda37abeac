package io.foundation.beam.boot.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.foundation.beam.Ticker;
import io.foundation.beam.boot.BeamConfigurationException;
import io.foundation.beam.boot.annotation.HandleMessage;
import io.foundation.beam.boot.annotation.Worker;
import io.foundation.beam.boot.autoconfigure.BeamAutoConfiguration;
import io.foundation.beam.boot.autoconfigure.EcosystemAutoConfiguration;
import io.foundation.beam.boot.logging.BeamEventLogger;
import io.foundation.beam.ecosystem.Ecosystem;
import io.foundation.beam.ecosystem.FaultTolerance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The crash, restart and give-up logging of a running application: a worker whose handler throws, with the
 * auto-configuration's conditions and the loggers' levels.
 */
@ExtendWith(OutputCaptureExtension.class)
class BeamLoggingAutoConfigurationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BeamAutoConfiguration.class, EcosystemAutoConfiguration.class,
                    BeamLoggingAutoConfiguration.class))
            .withUserConfiguration(FragileWorker.class);

    /** Each submitted string crashes the worker that takes it; one attempt, so each crashes once. */
    @Worker(ecosystem = "fragile", faultTolerance = FaultTolerance.SELF_HEALING, maxAttempts = 1)
    static class FragileWorker {
        @HandleMessage
        Object handle(String work) {
            throw new IllegalStateException("cannot do " + work);
        }
    }

    /** Submits work that crashes a worker, and waits for its future to fail and the crashed worker's restart. */
    private static void crash(Ecosystem ecosystem, String work, int restartsAfter) {
        try {
            ecosystem.submit(work).join();
        } catch (CompletionException expected) {
            // the worker crashed
        }
        await().atMost(WAIT).until(() -> !ecosystem.isRunning()
                || ecosystem.info().workers().get(0).restarts() >= restartsAfter);
    }

    private static int count(CapturedOutput output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output.getAll());
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void isOnByDefaultAndBacksOff() {
        runner.run(context -> assertThat(context).hasSingleBean(BeamEventLogger.class));
        runner.withPropertyValues("foundation.beam.logging.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BeamEventLogger.class));
        runner.withPropertyValues("foundation.beam.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BeamEventLogger.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BeamLoggingAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(BeamEventLogger.class)); // no runtime
        runner.withUserConfiguration(OwnLogger.class).run(context -> assertThat(context)
                .getBean(BeamEventLogger.class).isSameAs(context.getBean(OwnLogger.class).logger));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLogger {
        final BeamEventLogger logger = new BeamEventLogger(List::of, 1, Duration.ofSeconds(1), Ticker.system());

        @Bean
        BeamEventLogger myLogger() {
            return logger;
        }
    }

    @Test
    void aBadRateLimitFailsTheStartupNamingTheProperty() {
        runner.withPropertyValues("foundation.beam.logging.rate-limit.lines=0").run(context -> assertThat(context)
                .getFailure().rootCause().isInstanceOf(BeamConfigurationException.class)
                .hasMessageContaining("foundation.beam.logging.rate-limit.lines is 0, but it must be at least 1"));
        runner.withPropertyValues("foundation.beam.logging.rate-limit.interval=0").run(context -> assertThat(context)
                .getFailure().rootCause().isInstanceOf(BeamConfigurationException.class)
                .hasMessageContaining("foundation.beam.logging.rate-limit.interval is PT0S"));
        // a bare number is in seconds
        runner.withPropertyValues("foundation.beam.logging.rate-limit.interval=30").run(context -> assertThat(context)
                .hasNotFailed().getBean(io.foundation.beam.boot.autoconfigure.BeamProperties.class)
                .extracting(p -> p.getLogging().getRateLimit().getInterval()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void aCrashingWorkerLogsOneWarningWithTheReasonAndItsRestart(CapturedOutput output) {
        runner.run(context -> {
            Ecosystem fragile = context.getBean("fragileEcosystem", Ecosystem.class);
            crash(fragile, "job-1", 1);
            await().atMost(WAIT).until(() -> output.getAll().contains("restarted child"));
        });
        assertThat(count(output, "WARN.*io\\.foundation\\.beam\\.crash.*Ecosystem 'fragile': worker 0 <[a-z]+\\.\\d+> "
                + "crashed: java\\.lang\\.IllegalStateException: cannot do job-1")).isEqualTo(1);
        assertThat(count(output, " crashed: ")).isEqualTo(1);
        assertThat(output).contains("at " + FragileWorker.class.getName() + ".handle("); // the stack trace
        assertThat(count(output, "INFO.*io\\.foundation\\.beam\\.restart.*Ecosystem 'fragile': supervisor "
                + "<[a-z]+\\.\\d+> restarted child 'worker-0' as <[a-z]+\\.\\d+> after it exited with crashed\\("
                + "java\\.lang\\.IllegalStateException: cannot do job-1\\) \\(1 restart\\(s\\) of that child\\)"))
                .isEqualTo(1);
    }

    @Test
    void aCrashLoopLogsAtMostTheLimitPlusASummary(CapturedOutput output) {
        runner.withPropertyValues("foundation.beam.logging.rate-limit.lines=2",
                "foundation.beam.ecosystems.fragile.restart.max-restarts=100").run(context -> {
                    Ecosystem fragile = context.getBean("fragileEcosystem", Ecosystem.class);
                    for (int i = 1; i <= 10; i++) {
                        crash(fragile, "job-" + i, i);
                    }
                }); // the ecosystem stops with the context: its suppressed lines are summarised
        assertThat(count(output, "Ecosystem 'fragile': worker 0 <[a-z]+\\.\\d+> crashed")).isEqualTo(2);
        assertThat(count(output, "restarted child 'worker-0'")).isEqualTo(2);
        assertThat(output).contains("Suppressed 8 crash lines of ecosystem 'fragile' in the last ")
                .contains("Suppressed 8 restart lines of ecosystem 'fragile' in the last ");
    }

    @Test
    void aSupervisorThatGivesUpLogsAnErrorNamingTheEcosystem(CapturedOutput output) {
        runner.withPropertyValues("foundation.beam.ecosystems.fragile.restart.max-restarts=2",
                "foundation.beam.ecosystems.fragile.restart.period=1m").run(context -> {
                    Ecosystem fragile = context.getBean("fragileEcosystem", Ecosystem.class);
                    for (int i = 1; i <= 3 && fragile.isRunning(); i++) {
                        crash(fragile, "job-" + i, i);
                    }
                    await().atMost(WAIT).until(() -> !fragile.isRunning());
                });
        assertThat(count(output, "ERROR.*io\\.foundation\\.beam\\.supervisor.*Ecosystem 'fragile' is stopping: its "
                + "supervisor <[a-z]+\\.\\d+> gave up after more than 2 restarts in 1m")).isEqualTo(1);
        assertThat(output).contains("raise foundation.beam.ecosystems.fragile.restart.max-restarts");
    }

    @Test
    void disabledByProperty(CapturedOutput output) {
        runner.withPropertyValues("foundation.beam.logging.enabled=false").run(context -> {
            Ecosystem fragile = context.getBean("fragileEcosystem", Ecosystem.class);
            crash(fragile, "job-1", 1);
        });
        assertThat(output).doesNotContain("crashed").doesNotContain("restarted child");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FragileWorker.class)
    static class App {
    }

    /** Each category's level is set as any logger's: here restarts are silenced, crashes are not. */
    @Test
    void levelsAreSetWithLoggingLevelProperties(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = application.run(
                "--logging.level.io.foundation.beam.restart=warn")) {
            Ecosystem fragile = context.getBean("fragileEcosystem", Ecosystem.class);
            crash(fragile, "job-1", 1);
            await().atMost(WAIT).until(() -> output.getAll().contains("crashed"));
        } finally {
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(BeamEventLogger.RESTART_LOGGER, null);
        }
        assertThat(output).contains("Ecosystem 'fragile': worker 0").doesNotContain("restarted child");
    }
}
