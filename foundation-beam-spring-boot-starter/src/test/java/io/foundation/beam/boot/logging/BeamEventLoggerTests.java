package io.foundation.beam.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.foundation.beam.mailbox.Priority;
import io.foundation.beam.mailbox.SendResult;
import io.foundation.beam.process.ExitReason;
import io.foundation.beam.process.ProcessRef;
import io.foundation.beam.supervision.IgnoreStart;
import io.foundation.beam.telemetry.BeamEvent;
import io.foundation.beam.test.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The rate limit and the texts of {@link BeamEventLogger}, fed with events on a {@link ManualTicker} (no runtime, so
 * deterministic). The end-to-end behaviour with real crashes is in {@code BeamLoggingAutoConfigurationTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class BeamEventLoggerTests {

    private final ManualTicker ticker = new ManualTicker();
    private final BeamEventLogger logger = new BeamEventLogger(List::of, 3, Duration.ofMinutes(1), ticker);
    private final ProcessRef supervisor = new Ref(1);

    /** A process reference that is only a name. */
    record Ref(long id) implements ProcessRef {
        @Override
        public void send(Object message) {
        }

        @Override
        public SendResult trySend(Object message) {
            return SendResult.ACCEPTED;
        }

        @Override
        public SendResult trySend(Object message, Priority priority) {
            return SendResult.ACCEPTED;
        }

        @Override
        public boolean isAlive() {
            return false;
        }

        @Override
        public Optional<ExitReason> exitReason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "<t." + id + ">";
        }
    }

    private void restart(int n) {
        logger.onEvent(new BeamEvent.ChildRestarted(new Ref(100 + n), supervisor, "worker-0",
                ExitReason.crashed(new IllegalStateException("crash " + n)), n));
    }

    static int count(CapturedOutput output, String text) {
        Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(output.getAll());
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aCrashLoopLogsAtMostTheLimitThenOneSummary(CapturedOutput output) {
        logger.onEvent(new BeamEvent.EcosystemStarted(supervisor, "loop", 1));
        for (int i = 1; i <= 10; i++) {
            restart(i);
            ticker.advance(Duration.ofSeconds(1));
        }
        assertThat(count(output, "Ecosystem 'loop': supervisor <t.1> restarted child 'worker-0'")).isEqualTo(3);
        assertThat(output).contains("as <t.101> after it exited with crashed(java.lang.IllegalStateException: "
                + "crash 1) (1 restart(s) of that child)").doesNotContain("Suppressed");

        ticker.advance(Duration.ofMinutes(1)); // the window is over: the next event logs the summary first
        restart(11);
        assertThat(output).contains("Suppressed 7 restart lines of ecosystem 'loop' in the last 70s (at most 3 per "
                + "1m: foundation.beam.logging.rate-limit.*)");
        assertThat(count(output, "restarted child 'worker-0'")).isEqualTo(4);
        assertThat(count(output, "Suppressed")).isEqualTo(1);
    }

    @Test
    void suppressedLinesAreSummarisedWhenTheSupervisorGivesUp(CapturedOutput output) {
        logger.onEvent(new BeamEvent.EcosystemStarted(supervisor, "loop", 1));
        for (int i = 1; i <= 5; i++) {
            restart(i);
        }
        logger.onEvent(new BeamEvent.SupervisorGaveUp(supervisor, 4, Duration.ofSeconds(5), "worker-0"));
        assertThat(output).contains("Suppressed 2 restart lines of ecosystem 'loop'");
        assertThat(output).contains("ERROR").contains("Ecosystem 'loop' is stopping: its supervisor <t.1> gave up "
                + "after more than 4 restarts in 5s (the last of child 'worker-0'). Its work now fails with "
                + "EcosystemStoppedException and its health is CRITICAL. Fix the crashes logged under "
                + "io.foundation.beam.crash, or raise foundation.beam.ecosystems.loop.restart.max-restarts / "
                + "restart.period");
        assertThat(output.getAll().indexOf("Suppressed")).isLessThan(output.getAll().indexOf("is stopping"));
    }

    @Test
    void closingSummarisesWhatIsLeft(CapturedOutput output) {
        for (int i = 1; i <= 4; i++) { // a supervisor outside the ecosystems
            restart(i);
        }
        logger.close();
        assertThat(output).contains("Suppressed 1 restart lines of supervisor <t.1>");
    }

    @Test
    void aSupervisorOutsideTheEcosystemsThatExitsHasItsLinesSummarised(CapturedOutput output) {
        for (int i = 1; i <= 5; i++) {
            restart(i);
        }
        logger.onEvent(new BeamEvent.ProcessExited(supervisor, ExitReason.SHUTDOWN, 0));
        assertThat(output).contains("Suppressed 2 restart lines of supervisor <t.1>");
        logger.close();
        assertThat(count(output, "Suppressed")).isEqualTo(1); // its window is gone
    }

    @Test
    void aCrashPrintsItsStackTraceOnceAcrossACascade(CapturedOutput output) {
        IllegalStateException boom = new IllegalStateException("boom");
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(7), ExitReason.crashed(boom), 2));
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(8), ExitReason.crashed(boom), 0)); // a linked process
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(9), ExitReason.KILLED, 0));
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(10), ExitReason.SHUTDOWN, 0));
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(11), ExitReason.NORMAL, 0));
        assertThat(output).contains("Process <t.7> crashed (2 message(s) left unprocessed): "
                + "java.lang.IllegalStateException: boom")
                .contains("Process <t.8> exited with the same exception as a process before it: "
                        + "java.lang.IllegalStateException: boom")
                .contains("Process <t.9> exited with reason killed")
                .doesNotContain("<t.10>").doesNotContain("<t.11>");
        assertThat(count(output, "at " + getClass().getName())).isEqualTo(1);
    }

    @Test
    void orphansAndFailedTerminateHooksAreWarnings(CapturedOutput output) {
        logger.onEvent(new BeamEvent.ProcessOrphaned(new Ref(3)));
        logger.onEvent(new BeamEvent.HandlerFailed(new Ref(4), "terminate", new IllegalStateException("cleanup")));
        logger.onEvent(new BeamEvent.HandlerFailed(new Ref(5), "handle", new IllegalStateException("handled")));
        assertThat(output).contains("<t.3> was killed, but its thread ignored the interrupt")
                .contains("The terminate hook of Process <t.4> threw; the process ended all the same")
                .contains("java.lang.IllegalStateException: cleanup")
                .doesNotContain("handled"); // its exit is what is logged
    }

    @Test
    void rejectsAnUnusableLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BeamEventLogger(List::of, 0, Duration.ofSeconds(1),
                ticker)).withMessage("lines must be at least 1, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new BeamEventLogger(List::of, 1, Duration.ZERO,
                ticker)).withMessage("interval must be positive, got PT0S");
    }

    /** A child whose init answered OTP's ignore ends "crashed" with IgnoreStart: an answer, not logged as a crash. */
    @Test
    void aChildThatIgnoresItsStartIsNotLoggedAsACrash(CapturedOutput output) {
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(7), ExitReason.crashed(new IgnoreStart("not needed")), 0));
        logger.onEvent(new BeamEvent.ProcessExited(new Ref(8), ExitReason.crashed(new IllegalStateException("boom")), 0));
        assertThat(output.getAll()).doesNotContain("not needed").contains("boom");
    }
}
